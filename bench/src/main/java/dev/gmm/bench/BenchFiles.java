/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.bench;

import dev.gmm.Precision;
import dev.gmm.data.NpyWriter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Synthetic input files for the loading benchmarks, the same numbers in either format: column
 * {@code j} is Gaussian around 100 (even j) or -5 (odd j) with sd 20, rounded to 4 decimals, so a
 * CSV cell is about 9 bytes.
 */
public final class BenchFiles {

    private BenchFiles() {}

    /** A header, then {@code rows} rows of {@code cols} numbers. */
    public static void writeCsv(Path file, int rows, int cols) throws IOException {
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
                    long v = Math.round(value(rng, j) * 10_000);
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

    /** {@code rows x cols} float64 values in an NPY file. */
    public static void writeNpy(Path file, int rows, int cols) {
        SplittableRandom rng = new SplittableRandom(1);
        double[] row = new double[cols];
        try (NpyWriter out = NpyWriter.create(file, Precision.DOUBLE, rows, cols)) {
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    row[j] = Math.round(value(rng, j) * 10_000) / 10_000.0;
                }
                out.writeRow(row);
            }
        }
    }

    private static double value(SplittableRandom rng, int column) {
        return rng.nextGaussian() * 20 + (column % 2 == 0 ? 100 : -5);
    }
}
