package dev.gmm.engine.io;

import dev.gmm.engine.GmmException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file all at once or not at all: the bytes go to a temporary file beside the target,
 * which is moved into place only when the writer finished without error. A failed run leaves no
 * partial output behind.
 */
public final class AtomicOutput {

    /** Writes the content of a file to a stream. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** Writes the content of a file at a path (for libraries that want a path, such as plotting). */
    @FunctionalInterface
    public interface PathWriter {
        void write(Path temporary) throws IOException;
    }

    /**
     * A temporary file beside a target, for writers that produce their output piece by piece over
     * time (streamed rows): {@link #commit} moves it into place; {@link #close} without a commit
     * deletes it.
     */
    public static final class Pending implements AutoCloseable {
        private final Path target;
        private Path temporary;

        private Pending(Path target, Path temporary) {
            this.target = target;
            this.temporary = temporary;
        }

        /** The temporary file to write. */
        public Path path() {
            return temporary;
        }

        public Path target() {
            return target;
        }

        /** Moves the temporary file onto the target, replacing whatever was there. */
        public void commit() {
            try {
                try {
                    Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
                }
                temporary = null;
            } catch (IOException e) {
                throw failure(target, e);
            }
        }

        /** Deletes the temporary file unless it was committed. */
        @Override
        public void close() {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // best effort: the original failure is what the user needs to see
                }
                temporary = null;
            }
        }
    }

    private AtomicOutput() {
    }

    public static void write(Path target, Writer writer) {
        writeTo(target, tmp -> {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                writer.write(out);
            }
        });
    }

    /**
     * Lets {@code writer} create the temporary file itself; it must write exactly the path it is
     * given.
     */
    public static void writeTo(Path target, PathWriter writer) {
        try (Pending pending = open(target)) {
            try {
                writer.write(pending.path());
            } catch (IOException e) {
                throw failure(target, e);
            }
            pending.commit();
        }
    }

    /** Creates the (empty) temporary file for {@code target}; close the result when done. */
    public static Pending open(Path target) {
        Path dir = target.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw GmmException.input(target + ": the folder " + dir + " does not exist");
        }
        String name = target.getFileName().toString();
        int dot = name.lastIndexOf('.');
        // keep the extension: some writers pick the format from it
        String prefix = "." + (dot > 0 ? name.substring(0, dot) : name) + "-";
        String suffix = dot > 0 ? name.substring(dot) : ".tmp";
        for (int attempt = 0; ; attempt++) {
            // not Files.createTempFile: its owner-only permissions would stay on the output
            Path tmp = dir.resolve(prefix + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + suffix);
            try {
                return new Pending(target, Files.createFile(tmp));
            } catch (FileAlreadyExistsException e) {
                if (attempt == 100) {
                    throw failure(target, e);
                }
            } catch (IOException e) {
                throw failure(target, e);
            }
        }
    }

    private static GmmException failure(Path target, IOException e) {
        if (e instanceof NoSuchFileException missing) {
            return GmmException.input(target + ": cannot write (no such file or folder: " + missing.getFile() + ")");
        }
        return GmmException.input(target + ": cannot write (" + e.getMessage() + ")");
    }
}
