/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.engine.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmm.GaussianMixtureModel;
import dev.gmm.Precision;
import dev.gmm.data.DataSource;
import dev.gmm.data.InMemoryDataSource;
import dev.gmm.engine.cpu.CpuBackend;
import java.util.SplittableRandom;

/** Small helpers the driver's tests share. */
final class Fits {

    private Fits() {}

    static FitResult fit(double[][] x, double[] w, FitOptions o) {
        return fit(InMemoryDataSource.of("test data", x, w), o);
    }

    static FitResult fit(DataSource data, FitOptions o) {
        try (CpuBackend cpu = new CpuBackend(Precision.DOUBLE, 2)) {
            return new EmDriver().fit(data, o, cpu);
        }
    }

    /** {@code n} rows from N(mean, diag(sd^2)). */
    static double[][] gaussian(SplittableRandom rng, int n, double[] mean, double[] sd) {
        double[][] x = new double[n][mean.length];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < mean.length; j++) {
                x[i][j] = mean[j] + sd[j] * rng.nextGaussian();
            }
        }
        return x;
    }

    static double[][] concat(double[][]... parts) {
        int n = 0;
        for (double[][] p : parts) {
            n += p.length;
        }
        double[][] out = new double[n][];
        int at = 0;
        for (double[][] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** Fisher-Yates shuffle, seeded, so components are not in blocks. */
    static double[][] shuffle(double[][] x, SplittableRandom rng) {
        double[][] out = x.clone();
        for (int i = out.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            double[] t = out[i];
            out[i] = out[j];
            out[j] = t;
        }
        return out;
    }

    /** Row-major copy of {@code x}, for data sources that take flat arrays. */
    static double[] flat(double[][] x) {
        int d = x[0].length;
        double[] out = new double[x.length * d];
        for (int i = 0; i < x.length; i++) {
            System.arraycopy(x[i], 0, out, i * d, d);
        }
        return out;
    }

    /**
     * A fit's model and its numbers are finite, and the weights make a distribution: "a fit never
     * returns NaN".
     */
    static void assertSound(FitResult r) {
        GaussianMixtureModel m = r.model();
        double sum = 0;
        for (int c = 0; c < m.components(); c++) {
            double w = m.weight(c);
            assertTrue(w >= 0 && w <= 1, "weight " + c + " is " + w);
            sum += w;
            for (double v : m.mean(c)) {
                assertTrue(Double.isFinite(v), "mean " + c + " has " + v);
            }
        }
        assertEquals(1.0, sum, 1e-12, "weights sum");
        for (double[] block : m.covarianceBlocks()) {
            for (double v : block) {
                assertTrue(Double.isFinite(v), "covariance entry " + v);
            }
        }
        assertTrue(
                Double.isFinite(r.convergence().lowerBound()),
                "lower bound " + r.convergence().lowerBound());
        assertTrue(
                Double.isFinite(r.data().meanLogLikelihood()),
                "mean log-likelihood " + r.data().meanLogLikelihood());
        int kept = r.convergence().history().length;
        assertTrue(
                r.convergence().iterations() <= kept && kept <= r.convergence().passes(),
                "history entries "
                        + kept
                        + ": one per pass kept, at least one per iteration ("
                        + r.convergence().iterations()
                        + ") and at most one per pass ("
                        + r.convergence().passes()
                        + ")");
        for (double h : r.convergence().history()) {
            assertTrue(Double.isFinite(h), "history entry " + h);
        }
    }
}
