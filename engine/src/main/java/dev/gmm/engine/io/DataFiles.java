package dev.gmm.engine.io;

import dev.gmm.engine.GmmException;
import dev.gmm.engine.data.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Opens a data file as a {@link DataSource}, choosing the reader by the file's extension. */
public final class DataFiles {

    private DataFiles() {
    }

    /**
     * {@code .npy} (any case): a memory-mapped {@link NpyDataSource}, streamed chunk by chunk;
     * anything else: CSV, read onto the heap. Every problem with the file is a
     * {@link GmmException.Category#INPUT} error whose one-line message starts with the path.
     */
    public static DataSource open(Path path, DataOptions options) {
        checkReadable(path);
        if (path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy")) {
            return NpyDataSource.open(path, options);
        }
        return CsvLoader.load(path, options);
    }

    /** Fails with a message a user can act on before any reader sees the path. */
    static void checkReadable(Path path) {
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
}
