/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.engine.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmm.CovarianceType;
import dev.gmm.GaussianMixtureModel;
import dev.gmm.Precision;
import dev.gmm.data.NpyWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An NPY file several times larger than the heap is fitted chunk by chunk: a JVM with {@code
 * -Xmx32m} fits a 160 MB file and gets the lower bound the test's own JVM gets.
 */
class OutOfCoreFitTest {

    private static final int HEAP_MB = 32;
    private static final int ROWS = 2_500_000;
    private static final int DIMS = 8;

    @TempDir Path dir;

    @Test
    void fileFourTimesTheHeapIsFittedInAForkedJvm() throws IOException, InterruptedException {
        Path file = dir.resolve("big.npy");
        writeMixture(file);
        long size = Files.size(file);
        assertTrue(
                size >= 4L * HEAP_MB << 20,
                "the file (" + size + " bytes) must be at least 4x the heap");

        String java =
                ProcessHandle.current()
                        .info()
                        .command()
                        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process fork =
                new ProcessBuilder(
                                java,
                                "-Xmx" + HEAP_MB + "m",
                                "-cp",
                                System.getProperty("java.class.path"),
                                OutOfCoreFit.class.getName(),
                                file.toString())
                        .redirectErrorStream(true)
                        .start();
        long t0 = System.nanoTime();
        boolean finished = fork.waitFor(5, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - t0) * 1e-9;
        String output =
                new String(fork.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!finished) {
            fork.destroyForcibly();
        }
        assertTrue(finished, "the forked fit did not finish: " + output);
        assertEquals(0, fork.exitValue(), "the forked fit failed: " + output);
        System.out.printf(
                Locale.ROOT,
                "out-of-core fit: %d MB file, -Xmx%dm, %.1f s in the forked JVM%n",
                size / 1_000_000,
                HEAP_MB,
                seconds);

        List<String> lines = output.lines().toList();
        double forked = Double.parseDouble(lines.get(lines.size() - 1));
        double here = OutOfCoreFit.fit(file);
        assertEquals(here, forked, 1e-9 * Math.abs(here));
    }

    /** Rows drawn from two well-separated 8-D components, streamed to the file. */
    private static void writeMixture(Path file) {
        double[] mean0 = new double[DIMS];
        double[] mean1 = new double[DIMS];
        double[] cov = new double[DIMS * DIMS];
        for (int j = 0; j < DIMS; j++) {
            mean1[j] = 4 + j;
            cov[j * DIMS + j] = 1 + 0.1 * j;
        }
        GaussianMixtureModel truth =
                GaussianMixtureModel.of(
                        CovarianceType.FULL,
                        new double[] {0.3, 0.7},
                        new double[][] {mean0, mean1},
                        new double[][] {cov, cov});
        SplittableRandom rng = new SplittableRandom(42);
        double[] row = new double[DIMS];
        try (NpyWriter out = NpyWriter.create(file, Precision.DOUBLE, ROWS, DIMS)) {
            for (int i = 0; i < ROWS; i++) {
                truth.sample(rng, row);
                out.writeRow(row);
            }
        }
    }
}
