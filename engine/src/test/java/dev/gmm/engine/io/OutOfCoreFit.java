/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.engine.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmm.Acceleration;
import dev.gmm.CovarianceType;
import dev.gmm.GaussianMixtureModel;
import dev.gmm.Precision;
import dev.gmm.data.DataFiles;
import dev.gmm.data.DataOptions;
import dev.gmm.data.DataSource;
import dev.gmm.data.NpyWriter;
import dev.gmm.engine.cpu.CpuBackend;
import dev.gmm.engine.fit.EmDriver;
import dev.gmm.engine.fit.FitOptions;
import dev.gmm.spi.ComputeBackend;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Fits 2 components by 3 plain EM steps (tol 0) to a data file and prints the lower bound, exactly;
 * {@link OutOfCoreFitTest} runs it in a JVM whose heap is much smaller than the file, and backend
 * modules reuse the file and the fork for their own backends.
 */
public final class OutOfCoreFit {

    private OutOfCoreFit() {}

    public static void main(String[] args) {
        System.out.println(fit(Path.of(args[0])));
    }

    static double fit(Path file) {
        try (CpuBackend cpu = new CpuBackend(Precision.DOUBLE, 0)) {
            return fit(file, cpu);
        }
    }

    /** The lower bound after 3 plain EM steps from the default start on {@code backend}. */
    public static double fit(Path file, ComputeBackend backend) {
        return fit(file, backend, DataOptions.defaults());
    }

    /** The same, reading the file with {@code options} (smaller chunks, say). */
    public static double fit(Path file, ComputeBackend backend, DataOptions options) {
        try (DataSource source = DataFiles.open(file, options)) {
            return new EmDriver()
                    .fit(
                            source,
                            FitOptions.of(2)
                                    .withMaxIter(3)
                                    .withTol(0)
                                    .withAcceleration(Acceleration.NONE),
                            backend)
                    .convergence()
                    .lowerBound();
        }
    }

    /** {@code rows} rows drawn from two well-separated components in {@code dims} dimensions. */
    public static void writeMixture(Path file, int rows, int dims) {
        double[] mean0 = new double[dims];
        double[] mean1 = new double[dims];
        double[] cov = new double[dims * dims];
        for (int j = 0; j < dims; j++) {
            mean1[j] = 4 + j;
            cov[j * dims + j] = 1 + 0.1 * j;
        }
        GaussianMixtureModel truth =
                GaussianMixtureModel.of(
                        CovarianceType.FULL,
                        new double[] {0.3, 0.7},
                        new double[][] {mean0, mean1},
                        new double[][] {cov, cov});
        SplittableRandom rng = new SplittableRandom(42);
        double[] row = new double[dims];
        try (NpyWriter out = NpyWriter.create(file, Precision.DOUBLE, rows, dims)) {
            for (int i = 0; i < rows; i++) {
                truth.sample(rng, row);
                out.writeRow(row);
            }
        }
    }

    /**
     * Runs {@code main} on {@code file} in a JVM with {@code heapMb} MiB of heap and this JVM's
     * class path, and returns the last line it printed (the lower bound); fails the test when the
     * fork fails or takes over five minutes.
     */
    public static double forked(Class<?> main, Path file, int heapMb)
            throws IOException, InterruptedException {
        String java =
                ProcessHandle.current()
                        .info()
                        .command()
                        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process fork =
                new ProcessBuilder(
                                java,
                                "-Xmx" + heapMb + "m",
                                "-cp",
                                System.getProperty("java.class.path"),
                                main.getName(),
                                file.toString())
                        .redirectErrorStream(true)
                        .start();
        boolean finished = fork.waitFor(5, TimeUnit.MINUTES);
        String output =
                new String(fork.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!finished) {
            fork.destroyForcibly();
        }
        assertTrue(finished, "the forked fit did not finish: " + output);
        assertEquals(0, fork.exitValue(), "the forked fit failed: " + output);
        List<String> lines = output.lines().toList();
        return Double.parseDouble(lines.get(lines.size() - 1));
    }
}
