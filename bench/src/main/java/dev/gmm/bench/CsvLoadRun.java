package dev.gmm.bench;

import dev.gmm.engine.data.DataSource;
import dev.gmm.engine.io.DataFiles;
import dev.gmm.engine.io.DataOptions;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Times loading a CSV file with {@link DataFiles#open}, writing a synthetic one first when the
 * file does not exist (a header, then ROWS rows of COLS numbers with 4 decimals, about 9 bytes a
 * cell). Loads it RUNS times and prints one line per run: rows/s and MB/s.
 *
 * <p>Usage: {@code CsvLoadRun FILE [ROWS] [COLS] [RUNS]}
 */
public final class CsvLoadRun {

    private CsvLoadRun() {
    }

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
            generate(file, rows, cols);
        }
        double mb = Files.size(file) / 1e6;
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            try (DataSource s = DataFiles.open(file, DataOptions.defaults())) {
                double seconds = (System.nanoTime() - t0) * 1e-9;
                System.out.printf(Locale.ROOT, "run %d: %d rows x %d in %.2f s: %.0f rows/s, %.0f MB/s (%.0f MB, %.1f s/GB)%n",
                        r + 1, s.rows(), s.dims(), seconds, s.rows() / seconds, mb / seconds, mb, seconds / mb * 1000);
            }
        }
    }

    private static void generate(Path file, int rows, int cols) throws IOException {
        SplittableRandom rng = new SplittableRandom(1);
        StringBuilder line = new StringBuilder();
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int j = 0; j < cols; j++) {
                out.write((j > 0 ? "," : "") + "c" + j);
            }
            out.write('\n');
            for (int i = 0; i < rows; i++) {
                line.setLength(0);
                for (int j = 0; j < cols; j++) {
                    if (j > 0) {
                        line.append(',');
                    }
                    // fixed 4 decimals without String.format, which would dominate the run
                    long v = Math.round((rng.nextGaussian() * 20 + (j % 2 == 0 ? 100 : -5)) * 10_000);
                    if (v < 0) {
                        line.append('-');
                        v = -v;
                    }
                    long frac = v % 10_000;
                    line.append(v / 10_000).append('.');
                    for (long p = 1000; p > frac && p > 1; p /= 10) {
                        line.append('0');
                    }
                    line.append(frac);
                }
                out.append(line).append('\n');
            }
        }
    }
}
