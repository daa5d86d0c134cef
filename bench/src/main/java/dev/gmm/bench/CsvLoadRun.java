/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.bench;

import dev.gmm.data.DataFiles;
import dev.gmm.data.DataOptions;
import dev.gmm.data.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Times loading a CSV file with {@link DataFiles#open}, writing a synthetic one first when the file
 * does not exist ({@link BenchFiles#writeCsv}). Loads it RUNS times and prints one line per run:
 * rows/s and MB/s.
 *
 * <p>Usage: {@code CsvLoadRun FILE [ROWS] [COLS] [RUNS]}
 */
public final class CsvLoadRun {

    private CsvLoadRun() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: CsvLoadRun FILE [ROWS] [COLS] [RUNS]");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 4_000_000;
        int cols = args.length > 2 ? Integer.parseInt(args[2]) : 6;
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        if (!Files.exists(file)) {
            BenchFiles.writeCsv(file, rows, cols);
        }
        double mb = Files.size(file) / 1e6;
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            try (DataSource s = DataFiles.open(file, DataOptions.defaults())) {
                double seconds = (System.nanoTime() - t0) * 1e-9;
                System.out.printf(
                        Locale.ROOT,
                        "run %d: %d rows x %d in %.2f s: %.0f rows/s, %.0f MB/s (%.0f MB, %.1f s/GB)%n",
                        r + 1,
                        s.rows(),
                        s.dims(),
                        seconds,
                        s.rows() / seconds,
                        mb / seconds,
                        mb,
                        seconds / mb * 1000);
            }
        }
    }
}
