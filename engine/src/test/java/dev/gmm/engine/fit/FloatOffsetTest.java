/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.engine.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmm.GaussianMixtureModel;
import dev.gmm.GmmException;
import dev.gmm.Precision;
import dev.gmm.data.DataFiles;
import dev.gmm.data.DataOptions;
import dev.gmm.data.DataSource;
import dev.gmm.data.InMemoryDataSource;
import dev.gmm.data.NpyWriter;
import dev.gmm.engine.cpu.CpuBackend;
import dev.gmm.spi.ComputeBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Float precision on data far from the origin: N(1e9, 1) in two columns, as rows in memory, a CSV
 * kept in float and an NPY file of float64, fits as a double fit does (sd within 1%).
 */
public class FloatOffsetTest {

    /** Rows of two components at 1e9 and 1e9 + 5 in each of two columns, unit sd. */
    public static double[] farRows() {
        SplittableRandom rng = new SplittableRandom(11);
        double[] x = new double[20_000 * 2];
        for (int i = 0; i < 20_000; i++) {
            double centre = i % 2 == 0 ? 1e9 : 1e9 + 5;
            x[2 * i] = centre + rng.nextGaussian();
            x[2 * i + 1] = centre + rng.nextGaussian();
        }
        return x;
    }

    /**
     * Fits {@code data} with {@code backend} and with the CPU in double, and compares means and
     * sds.
     */
    public static void assertFloatFitsLikeDouble(DataSource data, ComputeBackend backend) {
        FitOptions o = FitOptions.of(2).withSeed(3).withTol(1e-8).withMaxIter(200);
        GaussianMixtureModel f = new EmDriver().fit(data, o, backend).model();
        GaussianMixtureModel d;
        try (CpuBackend cpu = new CpuBackend(Precision.DOUBLE, 1)) {
            d = new EmDriver().fit(data, o, cpu).model();
        }
        for (int k = 0; k < 2; k++) {
            for (int j = 0; j < 2; j++) {
                double sdF = Math.sqrt(f.covariance(k)[j][j]);
                double sdD = Math.sqrt(d.covariance(k)[j][j]);
                assertEquals(
                        sdD,
                        sdF,
                        0.01 * sdD,
                        String.format(Locale.ROOT, "sd of component %d, column %d", k, j));
                assertEquals(d.mean(k)[j], f.mean(k)[j], 0.01, "mean of component " + k);
            }
        }
        assertTrue(Math.abs(d.mean(0)[0] - d.mean(1)[0]) > 4, "two components found apart");
    }

    @TempDir Path dir;

    @Test
    void rowsInMemoryFitInFloatAsInDouble() {
        try (CpuBackend cpu = new CpuBackend(Precision.FLOAT, 2)) {
            assertFloatFitsLikeDouble(InMemoryDataSource.ofDoubles("far", farRows(), 2, null), cpu);
        }
    }

    @Test
    void aCsvKeptInFloatFitsAsInDouble() throws IOException {
        double[] x = farRows();
        StringBuilder b = new StringBuilder("a,b\n");
        for (int i = 0; i < x.length; i += 2) {
            b.append(String.format(Locale.ROOT, "%.6f,%.6f%n", x[i], x[i + 1]));
        }
        Path csv = Files.writeString(dir.resolve("far.csv"), b);
        try (DataSource data =
                        DataFiles.open(csv, DataOptions.defaults().withPrecision(Precision.FLOAT));
                CpuBackend cpu = new CpuBackend(Precision.FLOAT, 2)) {
            assertFloatFitsLikeDouble(data, cpu);
        }
    }

    @Test
    void anNpyOfFloat64FitsInFloatAsInDouble() {
        Path npy = dir.resolve("far.npy");
        double[] x = farRows();
        try (NpyWriter w = NpyWriter.create(npy, Precision.DOUBLE, x.length / 2, 2)) {
            w.writeRows(x, 0, x.length / 2);
        }
        try (DataSource data =
                        DataFiles.open(npy, DataOptions.defaults().withPrecision(Precision.FLOAT));
                CpuBackend cpu = new CpuBackend(Precision.FLOAT, 2)) {
            assertFloatFitsLikeDouble(data, cpu);
        }
    }

    @Test
    void npyValuesBeyondFloatRangeAreRefusedForFloatAsCsvOnesAre() throws IOException {
        Path npy = dir.resolve("huge.npy");
        try (NpyWriter w = NpyWriter.create(npy, Precision.DOUBLE, 2, 2)) {
            w.writeRows(new double[] {1, 2, 3, 1e300}, 0, 2);
        }
        GmmException e =
                assertThrows(
                        GmmException.class,
                        () ->
                                DataFiles.open(
                                        npy,
                                        DataOptions.defaults().withPrecision(Precision.FLOAT)));
        assertTrue(
                e.getMessage().contains("row 1, column 1")
                        && e.getMessage().contains("too large for float precision"),
                e.getMessage());
        Path csv = Files.writeString(dir.resolve("huge.csv"), "a,b\n1,2\n3,1e300\n");
        GmmException c =
                assertThrows(
                        GmmException.class,
                        () ->
                                DataFiles.open(
                                        csv,
                                        DataOptions.defaults().withPrecision(Precision.FLOAT)));
        assertTrue(c.getMessage().contains("too large for float precision"), c.getMessage());
        DataFiles.open(npy, DataOptions.defaults()).close();
    }
}
