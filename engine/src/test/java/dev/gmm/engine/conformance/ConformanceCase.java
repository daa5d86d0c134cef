/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.engine.conformance;

import dev.gmm.CovarianceType;
import dev.gmm.GaussianMixtureModel;
import dev.gmm.Precision;
import dev.gmm.engine.data.ArrayChunk;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * One fixed, seeded case of the conformance suite: rows drawn from a known mixture (rounded to
 * float, so float and double backends read the same numbers), optional row weights, and parameters
 * to evaluate them under that differ from the generating ones.
 *
 * @param offset added to every mean (170: heights-like data far from the origin)
 * @param nearSingular covariance block 0 has condition number about 2e4 d
 */
public record ConformanceCase(
        int d,
        int k,
        CovarianceType type,
        Precision precision,
        boolean weighted,
        double offset,
        boolean nearSingular,
        int rows,
        long seed) {

    @Override
    public String toString() {
        return String.format(
                "d=%d K=%d %s %s%s%s%s n=%d",
                d,
                k,
                type.id(),
                precision.id(),
                weighted ? " weighted" : "",
                offset != 0 ? " offset=" + offset : "",
                nearSingular ? " near-singular" : "",
                rows);
    }

    /** The rows, float-representable, with weights when the case is weighted. */
    public ArrayChunk data() {
        SplittableRandom rng = new SplittableRandom(seed);
        GaussianMixtureModel truth = model(rng, 0.0);
        double[] x = new double[rows * d];
        double[] row = new double[d];
        for (int i = 0; i < rows; i++) {
            truth.sample(rng, row);
            for (int j = 0; j < d; j++) {
                x[i * d + j] = (float) row[j];
            }
        }
        double[] w = null;
        if (weighted) {
            w = new double[rows];
            for (int i = 0; i < rows; i++) {
                w[i] = 0.25 + 2 * rng.nextDouble();
            }
            w[rows / 2] = 0;
        }
        return ArrayChunk.ofDoubles(x, d, 0, rows, w);
    }

    /**
     * Parameters to evaluate under: the generating model with means moved and covariances widened.
     */
    public GaussianMixtureModel parameters() {
        return parameters(0.3);
    }

    /** As {@link #parameters()}, moved by {@code jitter} (0: the generating model). */
    public GaussianMixtureModel parameters(double jitter) {
        return model(new SplittableRandom(seed), jitter);
    }

    private GaussianMixtureModel model(SplittableRandom rng, double jitter) {
        double[] weights = new double[k];
        double total = 0;
        for (int c = 0; c < k; c++) {
            weights[c] = 1 + rng.nextDouble();
            total += weights[c];
        }
        for (int c = 0; c < k; c++) {
            weights[c] /= total;
        }
        double[][] means = new double[k][d];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
                means[c][j] = offset + 3 * rng.nextGaussian();
            }
        }
        double[][] covs = new double[type.blocks(k)][];
        for (int b = 0; b < covs.length; b++) {
            double[] full = randomCovariance(rng, nearSingular && b == 0);
            covs[b] =
                    switch (type) {
                        case FULL, TIED -> full;
                        case DIAG -> diagonal(full);
                        case SPHERICAL ->
                                new double[] {
                                    Arrays.stream(diagonal(full)).average().orElseThrow()
                                };
                    };
        }
        // the evaluation parameters come from the same draws, then move, so the two share a shape
        SplittableRandom shift = new SplittableRandom(seed ^ 0x5DEECE66DL);
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
                means[c][j] += jitter * shift.nextGaussian();
            }
        }
        if (jitter > 0) {
            for (double[] block : covs) {
                for (int i = 0; i < block.length; i++) {
                    block[i] *= 1 + jitter;
                }
            }
        }
        return GaussianMixtureModel.of(type, weights, means, covs);
    }

    private double[] randomCovariance(SplittableRandom rng, boolean nearSingular) {
        double[] a = new double[d * d];
        for (int i = 0; i < d * d; i++) {
            a[i] = rng.nextGaussian() / Math.sqrt(d);
        }
        double[] c = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double s = 0;
                for (int p = 0; p < d; p++) {
                    s += a[i * d + p] * a[j * d + p];
                }
                c[i * d + j] = s;
            }
            c[i * d + i] += 0.5;
        }
        if (nearSingular) {
            // all-ones (spread d along the diagonal direction) plus a little noise of size 1e-4:
            // condition number about 2e4 d
            for (int i = 0; i < d * d; i++) {
                c[i] = 1.0 + 1e-4 * c[i];
            }
        }
        return c;
    }

    private double[] diagonal(double[] full) {
        double[] v = new double[d];
        for (int j = 0; j < d; j++) {
            v[j] = full[j * d + j];
        }
        return v;
    }
}
