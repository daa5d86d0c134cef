/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.data;

import dev.gmm.GmmException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a file all at once or not at all: the bytes go to a temporary file beside the target,
 * which is moved into place only when the writer finished without error. A failed run leaves no
 * partial output behind.
 *
 * <p>What the target is decides how it is written:
 *
 * <ul>
 *   <li>a regular file, or nothing yet: through a temporary file, then moved into place;
 *   <li>a symbolic link: its final target is written, the link stays;
 *   <li>anything else that can be written (a device such as {@code /dev/null}, a FIFO): written
 *       into directly, never replaced;
 *   <li>a folder, or a regular file without write permission: an error, as {@code cp} without
 *       {@code -f} makes it.
 * </ul>
 *
 * <p>Temporary files are named {@code .NAME.gmm-PID-RANDOM.EXT}. Those of this process are removed
 * when the JVM shuts down (Ctrl-C, SIGTERM) before they were moved into place; those of a process
 * that no longer exists (killed with SIGKILL) are removed by the next output written into the same
 * folder.
 */
public final class AtomicOutput {

    /** Writes the content of a file to a stream. */
    @FunctionalInterface
    public interface Writer {
        /** Writes the whole content to {@code out}. */
        void write(OutputStream out) throws IOException;
    }

    /**
     * Writes the content of a file at a path (for libraries that want a path, such as plotting).
     */
    @FunctionalInterface
    public interface PathWriter {
        /** Creates and writes the file at {@code temporary}. */
        void write(Path temporary) throws IOException;
    }

    private static final String MARK = ".gmm-";
    private static final Pattern TEMPORARY =
            Pattern.compile("^\\..*\\.gmm-(\\d+)-[0-9a-z]{1,13}(\\.[^.]*)?$");
    private static final long PID = ProcessHandle.current().pid();

    /** Temporary files of this process not yet moved into place or deleted, with their targets. */
    private static final Map<Path, Path> LIVE = new LinkedHashMap<>();

    private static boolean hookInstalled;
    private static volatile Consumer<Path> discardNotice = target -> {};

    /**
     * A place to write a target: a temporary file beside it, for writers that produce their output
     * piece by piece over time (streamed rows), or the target itself when it is written into
     * directly. {@link #commit} moves a temporary file into place; {@link #close} without a commit
     * deletes it.
     */
    public static final class Pending implements AutoCloseable {
        private final Path target;
        private final boolean direct;
        private Path temporary;

        private Pending(Path target, Path temporary, boolean direct) {
            this.target = target;
            this.temporary = temporary;
            this.direct = direct;
        }

        /**
         * The file to write: the temporary file, or the target when it is written into directly.
         */
        public Path path() {
            return direct ? target : temporary;
        }

        /** The file the output lands in. */
        public Path target() {
            return target;
        }

        /**
         * Whether the target is written into directly (a device, a FIFO): it cannot be taken back.
         */
        public boolean direct() {
            return direct;
        }

        /** Opens {@link #path()} for writing, truncating a temporary file. */
        public OutputStream stream() throws IOException {
            return Files.newOutputStream(
                    path(), StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        }

        /** Moves the temporary file onto the target, replacing whatever was there. */
        public void commit() {
            if (direct) {
                return;
            }
            synchronized (LIVE) {
                if (temporary == null) {
                    throw new GmmException(
                            GmmException.Category.INTERNAL,
                            target + ": committed twice, or after an interrupt");
                }
                try {
                    try {
                        Files.move(
                                temporary,
                                target,
                                StandardCopyOption.REPLACE_EXISTING,
                                StandardCopyOption.ATOMIC_MOVE);
                    } catch (AtomicMoveNotSupportedException e) {
                        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                } catch (IOException e) {
                    throw failure(target, e);
                }
                LIVE.remove(temporary);
                temporary = null;
            }
        }

        /** Deletes the temporary file unless it was committed. */
        @Override
        public void close() {
            if (direct) {
                return;
            }
            synchronized (LIVE) {
                if (temporary != null) {
                    delete(temporary);
                    LIVE.remove(temporary);
                    temporary = null;
                }
            }
        }
    }

    private AtomicOutput() {}

    /**
     * Writes {@code target} all at once or not at all, from what {@code writer} writes to a stream.
     */
    public static void write(Path target, Writer writer) {
        try (Pending pending = open(target)) {
            try (OutputStream out = pending.stream()) {
                writer.write(out);
            } catch (IOException e) {
                throw failure(target, e);
            }
            pending.commit();
        }
    }

    /**
     * Lets {@code writer} create the file itself; it must write exactly the path it is given (which
     * is the target itself when that is a device or a FIFO).
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

    /**
     * Checks that {@code target} can be written and creates its (empty) temporary file; close the
     * result when done. The target is the temporary file of an open {@code Pending} of this
     * process: that file is written in place, since its own {@code Pending} moves it later.
     */
    public static Pending open(Path target) {
        Path resolved = resolve(target);
        synchronized (LIVE) {
            if (LIVE.containsKey(resolved.toAbsolutePath().normalize())) {
                return new Pending(resolved, null, true);
            }
        }
        if (Files.exists(resolved)) {
            if (Files.isDirectory(resolved)) {
                throw GmmException.input(target + ": is a folder; give a file name");
            }
            if (!Files.isRegularFile(resolved)) {
                if (!Files.isWritable(resolved)) {
                    throw GmmException.input(target + ": cannot write (permission denied)");
                }
                return new Pending(resolved, null, true);
            }
            if (readOnly(resolved)) {
                throw GmmException.input(
                        target + ": cannot write (permission denied: the file is read-only)");
            }
        }
        Path dir = resolved.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw GmmException.input(target + ": the folder " + dir + " does not exist");
        }
        removeStaleTemporaries(dir);
        String name = resolved.getFileName().toString();
        int dot = name.lastIndexOf('.');
        // keep the extension: some writers pick the format from it
        String prefix = "." + (dot > 0 ? name.substring(0, dot) : name) + MARK + PID + "-";
        String suffix = dot > 0 ? name.substring(dot) : ".tmp";
        for (int attempt = 0; ; attempt++) {
            // not Files.createTempFile: its owner-only permissions would stay on the output
            Path tmp =
                    dir.resolve(
                            prefix
                                    + Long.toUnsignedString(
                                            ThreadLocalRandom.current().nextLong(), 36)
                                    + suffix);
            try {
                synchronized (LIVE) {
                    installHook();
                    Path created = Files.createFile(tmp);
                    LIVE.put(created.toAbsolutePath().normalize(), resolved);
                    return new Pending(resolved, created.toAbsolutePath().normalize(), false);
                }
            } catch (FileAlreadyExistsException e) {
                if (attempt == 100) {
                    throw failure(target, e);
                }
            } catch (IOException e) {
                throw failure(target, e);
            }
        }
    }

    /**
     * The file a write to {@code target} lands in: a symbolic link's final target (resolved
     * relative to the link's folder, and allowed to not exist yet), else {@code target}.
     */
    public static Path resolve(Path target) {
        Path p = target;
        for (int hops = 0; Files.isSymbolicLink(p); hops++) {
            if (hops == 40) {
                throw GmmException.input(target + ": too many levels of symbolic links");
            }
            try {
                Path link = Files.readSymbolicLink(p);
                Path parent = p.toAbsolutePath().getParent();
                p = parent == null ? link : parent.resolve(link);
            } catch (IOException e) {
                throw failure(target, e);
            }
        }
        return p;
    }

    /**
     * Called with each target whose temporary file a shutdown (Ctrl-C, SIGTERM) removed before it
     * was moved into place, so a command line can say what was not written.
     */
    public static void onDiscard(Consumer<Path> notice) {
        discardNotice = notice == null ? target -> {} : notice;
    }

    /** Deletes every temporary file of this process that was not moved into place. */
    static void discardAll() {
        List<Path> targets = new ArrayList<>();
        synchronized (LIVE) {
            for (Map.Entry<Path, Path> e : LIVE.entrySet()) {
                delete(e.getKey());
                targets.add(e.getValue());
            }
            LIVE.clear();
        }
        for (Path t : targets) {
            discardNotice.accept(t);
        }
    }

    private static void installHook() {
        if (!hookInstalled) {
            hookInstalled = true;
            Runtime.getRuntime()
                    .addShutdownHook(
                            new Thread(AtomicOutput::discardAll, "gmm-discard-temporaries"));
        }
    }

    /**
     * A regular file nobody may write to, judged by its permission bits (root ignores them, cp does
     * not).
     */
    private static boolean readOnly(Path file) {
        if (!Files.isWritable(file)) {
            return true;
        }
        PosixFileAttributeView posix =
                Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (posix == null) {
            return false;
        }
        try {
            Set<PosixFilePermission> perms = posix.readAttributes().permissions();
            return !perms.contains(PosixFilePermission.OWNER_WRITE)
                    && !perms.contains(PosixFilePermission.GROUP_WRITE)
                    && !perms.contains(PosixFilePermission.OTHERS_WRITE);
        } catch (IOException e) {
            return false;
        }
    }

    /** Removes temporary files in {@code dir} whose owning process has ended (killed, say). */
    private static void removeStaleTemporaries(Path dir) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, ".*" + MARK + "*")) {
            for (Path p : entries) {
                Matcher m = TEMPORARY.matcher(p.getFileName().toString());
                if (m.matches() && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    long owner;
                    try {
                        owner = Long.parseLong(m.group(1));
                    } catch (NumberFormatException e) {
                        continue;
                    }
                    if (owner != PID && ProcessHandle.of(owner).isEmpty()) {
                        delete(p);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // clean-up is a courtesy: a folder that cannot be listed still takes the output
        }
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: the original failure is what the user needs to see
        }
    }

    static GmmException failure(Path target, IOException e) {
        if (e instanceof NoSuchFileException missing) {
            return GmmException.input(
                    target + ": cannot write (no such file or folder: " + missing.getFile() + ")");
        }
        if (e instanceof AccessDeniedException) {
            return GmmException.input(target + ": cannot write (permission denied)");
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return GmmException.input(target + ": cannot write (" + fs.getReason() + ")");
        }
        return GmmException.input(target + ": cannot write (" + e.getMessage() + ")");
    }
}
