/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.data;

import dev.gmm.GmmException;
import dev.gmm.engine.data.ForwardingDataSource;
import dev.gmm.engine.io.CsvLoader;
import dev.gmm.engine.io.NpyDataSource;
import dev.gmm.engine.io.NpyHeader;
import java.io.BufferedInputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Opens a data file as a {@link DataSource}. The format is NPY when the bytes start with NPY's
 * magic or the name ends in {@code .npy}, else CSV. A gzip file ({@code .gz}, or its magic bytes)
 * is read through gzip. Standard input ({@code -}), pipes and other streams that are not regular
 * files are read once into a temporary file, which is deleted when the source is closed.
 */
public final class DataFiles {

    /** The name that means standard input. */
    public static final String STANDARD_INPUT = "-";

    private static final byte[] GZIP = {(byte) 0x1F, (byte) 0x8B};
    private static final byte[] ZIP = {'P', 'K', 3, 4};

    private DataFiles() {}

    /** Whether {@code path} is {@code -}, standard input. */
    public static boolean isStandardInput(Path path) {
        return path != null && path.toString().equals(STANDARD_INPUT);
    }

    /**
     * Every problem with the file is a {@link GmmException.Category#INPUT} error whose one-line
     * message starts with the file's name ("stdin" for standard input).
     */
    public static DataSource open(Path path, DataOptions options) {
        boolean stdin = isStandardInput(path);
        String name = stdin ? "stdin" : path.toString();
        if (!stdin) {
            checkReadable(path);
        }
        String ext = extension(stdin ? "" : path.getFileName().toString());
        if (!stdin && Files.isRegularFile(path)) {
            byte[] magic = head(path, name);
            if (!startsWith(magic, GZIP)) {
                return openPlain(path, name, ext, magic, options);
            }
        }
        Path spool = spool(path, name, stdin);
        try {
            byte[] magic = head(spool, name);
            DataSource source =
                    openPlain(
                            spool,
                            name,
                            ext.endsWith(".gz")
                                    ? extension(ext.substring(0, ext.length() - 3))
                                    : ext,
                            magic,
                            options);
            if (source instanceof NpyDataSource) {
                // mapped from the spool file: it must live as long as the source
                return new DeletingOnClose(source, spool);
            }
            delete(spool);
            return source;
        } catch (RuntimeException | Error e) {
            delete(spool);
            throw e;
        }
    }

    private static DataSource openPlain(
            Path path, String name, String ext, byte[] magic, DataOptions options) {
        if (startsWith(magic, NpyHeader.MAGIC)) {
            return NpyDataSource.open(path, name, options);
        }
        if (ext.equals(".npz") || startsWith(magic, ZIP)) {
            throw GmmException.input(
                    name
                            + ": a .npz archive (or another zip file): extract the array with numpy"
                            + " (np.save('x.npy', np.load(file)['NAME'])) and give gmm the .npy file");
        }
        if (ext.equals(".npy")) {
            return NpyDataSource.open(path, name, options);
        }
        return CsvLoader.load(path, name, options);
    }

    /** ".npy", ".csv.gz" -> ".csv.gz" (lower case), or "" when the name has no dot. */
    private static String extension(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".gz")) {
            int dot = lower.lastIndexOf('.', lower.length() - 4);
            return dot > 0 ? lower.substring(dot) : ".gz";
        }
        int dot = lower.lastIndexOf('.');
        return dot > 0 ? lower.substring(dot) : "";
    }

    private static byte[] head(Path path, String name) {
        try (InputStream in = Files.newInputStream(path)) {
            return in.readNBytes(8);
        } catch (IOException e) {
            throw GmmException.input(name + ": cannot read (" + e.getMessage() + ")");
        }
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length
                && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** Copies the stream (through gzip when it starts with gzip's magic) into a temporary file. */
    private static Path spool(Path path, String name, boolean stdin) {
        Path spool;
        try {
            spool = Files.createTempFile("gmm-input-", ".tmp");
        } catch (IOException e) {
            throw GmmException.input(
                    name + ": cannot read it through a temporary file (" + e.getMessage() + ")");
        }
        spool.toFile().deleteOnExit();
        // FileInputStream, not Files.newInputStream: a channel's stream asks a pipe for its
        // position
        try (InputStream raw =
                        new BufferedInputStream(
                                stdin ? System.in : new FileInputStream(path.toFile()), 1 << 16);
                OutputStream out = Files.newOutputStream(spool)) {
            raw.mark(2);
            boolean gzip = raw.read() == 0x1F && raw.read() == 0x8B;
            raw.reset();
            InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
            in.transferTo(out);
        } catch (ZipException | java.io.EOFException e) {
            delete(spool);
            throw GmmException.input(
                    name + ": the gzip data is damaged or cut short (" + e.getMessage() + ")");
        } catch (IOException e) {
            delete(spool);
            throw GmmException.input(name + ": cannot read (" + e.getMessage() + ")");
        }
        return spool;
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a temporary file in the system's temporary folder; deleteOnExit tries again
        }
    }

    /**
     * Rows {@code [first, first+count)} of an NPY file, mapped and checked in that window alone:
     * how a cluster reads one file in row ranges, one range per partition.
     */
    public static DataSource openNpyRows(Path path, DataOptions options, long first, long count) {
        checkReadable(path);
        return NpyDataSource.open(path, path.toString(), options, first, count);
    }

    /** The number of rows and columns an NPY file's header promises (its header alone is read). */
    public static long[] npyShape(Path path) {
        checkReadable(path);
        try (java.nio.channels.FileChannel c = java.nio.channels.FileChannel.open(path)) {
            NpyHeader h = NpyHeader.read(c, path.toString());
            return new long[] {h.rows(), h.columns()};
        } catch (IOException e) {
            throw GmmException.input(path + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /** Fails with a message a user can act on before any reader sees the path. */
    public static void checkReadable(Path path) {
        if (path.toString().isEmpty()) {
            throw GmmException.input("the data file's name is empty");
        }
        if (!Files.exists(path)) {
            throw GmmException.input(path + ": no such file");
        }
        if (Files.isDirectory(path)) {
            throw GmmException.input(path + ": is a folder, not a file");
        }
        if (!Files.isReadable(path)) {
            throw GmmException.input(path + ": cannot read (permission denied)");
        }
    }

    /** A source read from a temporary copy, which closing deletes. */
    private static final class DeletingOnClose extends ForwardingDataSource {
        private final Path file;

        DeletingOnClose(DataSource source, Path file) {
            super(source);
            this.file = file;
        }

        @Override
        public void close() {
            super.close();
            delete(file);
        }
    }
}
