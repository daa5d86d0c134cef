/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.data;

import dev.gmm.CovarianceType;
import dev.gmm.GaussianMixtureModel;
import dev.gmm.engine.CovarianceLayout;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Seeded synthetic mixtures and rows, for benchmarks and timing commands. */
public final class SyntheticData {

    private SyntheticData() {}

    /**
     * A mixture of {@code k} components in {@code d} dimensions with equal weights, means drawn
     * from N(0, 3^2) and covariances A A^T / d + I/2 (A standard normal): well conditioned and
     * overlapping a little. {@code jitter} moves every mean by N(0, jitter^2), from a separate
     * stream, so a jittered mixture is a nearby starting point for the unjittered one.
     */
    public static GaussianMixtureModel mixture(
            CovarianceType type, int k, int d, long seed, double jitter) {
        SplittableRandom rng = new SplittableRandom(seed);
        SplittableRandom move = new SplittableRandom(~seed);
        double[] weights = new double[k];
        Arrays.fill(weights, 1.0 / k);
        double[][] means = new double[k][d];
        for (double[] m : means) {
            for (int j = 0; j < d; j++) {
                m[j] = 3 * rng.nextGaussian() + jitter * move.nextGaussian();
            }
        }
        double[][] covs = new double[type.blocks(k)][];
        for (int b = 0; b < covs.length; b++) {
            double[] a = new double[d * d];
            for (int i = 0; i < a.length; i++) {
                a[i] = rng.nextGaussian() / Math.sqrt(d);
            }
            double[] full = new double[d * d];
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    double v = i == j ? 0.5 : 0;
                    for (int q = 0; q < d; q++) {
                        v += a[i * d + q] * a[j * d + q];
                    }
                    full[i * d + j] = v;
                }
            }
            covs[b] = CovarianceLayout.block(type, d, full);
        }
        return GaussianMixtureModel.of(type, weights, means, covs);
    }

    /** {@code n} rows drawn from {@code m}, row-major. */
    public static double[] rows(GaussianMixtureModel m, int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int d = m.dimensions();
        double[] x = new double[n * d];
        double[] row = new double[d];
        for (int i = 0; i < n; i++) {
            m.sample(rng, row);
            System.arraycopy(row, 0, x, i * d, d);
        }
        return x;
    }
}
