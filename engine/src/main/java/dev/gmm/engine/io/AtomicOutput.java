package dev.gmm.engine.io;

import dev.gmm.engine.GmmException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

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
        Path dir = target.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw GmmException.input(target + ": the folder " + dir + " does not exist");
        }
        Path tmp = null;
        try {
            String name = target.getFileName().toString();
            int dot = name.lastIndexOf('.');
            // keep the extension: some writers pick the format from it
            tmp = Files.createTempFile(dir, "." + (dot > 0 ? name.substring(0, dot) : name) + "-",
                    dot > 0 ? name.substring(dot) : ".tmp");
            writer.write(tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (NoSuchFileException e) {
            throw GmmException.input(target + ": cannot write (no such file or folder: " + e.getFile() + ")");
        } catch (IOException e) {
            throw GmmException.input(target + ": cannot write (" + e.getMessage() + ")");
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the original failure is what the user needs to see
                }
            }
        }
    }
}
