/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.cli.plot;

import dev.gmm.CovarianceType;
import dev.gmm.GaussianMixtureModel;
import java.util.SplittableRandom;

/** Test data drawn from known mixtures with a seeded generator. */
final class Samples {

    private Samples() {}

    /** {@code n} rows from {@code m}, row-major. */
    static double[] draw(GaussianMixtureModel m, int n, SplittableRandom rng) {
        int d = m.dimensions();
        double[] rows = new double[n * d];
        double[] row = new double[d];
        for (int i = 0; i < n; i++) {
            m.sample(rng, row);
            System.arraycopy(row, 0, rows, i * d, d);
        }
        return rows;
    }

    /** Exactly {@code n} rows from N(mean, cov) ({@code cov} full, row-major). */
    static double[] gaussian(double[] mean, double[] cov, int n, SplittableRandom rng) {
        GaussianMixtureModel one =
                GaussianMixtureModel.of(
                        CovarianceType.FULL,
                        new double[] {1},
                        new double[][] {mean},
                        new double[][] {cov});
        return draw(one, n, rng);
    }

    static double[] concat(double[]... parts) {
        int n = 0;
        for (double[] p : parts) {
            n += p.length;
        }
        double[] out = new double[n];
        int at = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** The seed document's heights: 25% N(164, 3^2), 75% N(176, 5^2). */
    static GaussianMixtureModel heightsModel() {
        return GaussianMixtureModel.of(
                CovarianceType.FULL,
                new double[] {0.25, 0.75},
                new double[][] {{164}, {176}},
                new double[][] {{9}, {25}});
    }

    /** 500 rows from N(164, 3^2) then 1500 from N(176, 5^2). */
    static double[] heights(SplittableRandom rng) {
        return concat(
                gaussian(new double[] {164}, new double[] {9}, 500, rng),
                gaussian(new double[] {176}, new double[] {25}, 1500, rng));
    }

    /** The seed document's two blobs: N([1, 2], diag(1, 0.5)) and N([-1, -1], I), equal weights. */
    static GaussianMixtureModel blobsModel() {
        return GaussianMixtureModel.of(
                CovarianceType.FULL,
                new double[] {0.5, 0.5},
                new double[][] {{1, 2}, {-1, -1}},
                new double[][] {{1, 0, 0, 0.5}, {1, 0, 0, 1}});
    }

    /** 1000 rows from each blob. */
    static double[] blobs(SplittableRandom rng) {
        return concat(
                gaussian(new double[] {1, 2}, new double[] {1, 0, 0, 0.5}, 1000, rng),
                gaussian(new double[] {-1, -1}, new double[] {1, 0, 0, 1}, 1000, rng));
    }
}
