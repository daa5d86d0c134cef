/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The model: parameter counts, information criteria, densities, sampling, validation, precision
 * factors.
 */
class GaussianMixtureModelTest {

    /**
     * A 2-D full model with correlated components, the densities of which are easy to do by hand.
     */
    private static GaussianMixtureModel twoDimensional() {
        return GaussianMixtureModel.of(
                CovarianceType.FULL,
                new double[] {0.3, 0.7},
                new double[][] {{1, 2}, {-1, 0.5}},
                new double[][] {{2, 0.6, 0.6, 1}, {0.5, -0.2, -0.2, 1.5}});
    }

    /**
     * A model of type {@code type} in {@code d} dimensions with {@code k} components and valid
     * blocks.
     */
    private static GaussianMixtureModel model(CovarianceType type, int k, int d) {
        double[] w = new double[k];
        double[][] means = new double[k][d];
        for (int c = 0; c < k; c++) {
            w[c] = 1.0 / k;
            for (int j = 0; j < d; j++) {
                means[c][j] = c * 3 + j;
            }
        }
        double[][] covs = new double[type.blocks(k)][type.blockSize(d)];
        for (double[] block : covs) {
            if (type.needsCrossMoments()) {
                for (int i = 0; i < d; i++) {
                    for (int j = 0; j < d; j++) {
                        block[i * d + j] = i == j ? 2 + i : 0.3;
                    }
                }
            } else {
                for (int j = 0; j < block.length; j++) {
                    block[j] = 1 + 0.5 * j;
                }
            }
        }
        return GaussianMixtureModel.of(type, w, means, covs);
    }

    /** scikit-learn's {@code GaussianMixture._n_parameters}, written out per type. */
    @ParameterizedTest
    @EnumSource(CovarianceType.class)
    void parameterCountIsScikitLearns(CovarianceType type) {
        for (int k : new int[] {1, 3, 7}) {
            for (int d : new int[] {1, 2, 5}) {
                long covariance;
                switch (type) {
                    case FULL:
                        covariance = k * d * (d + 1) / 2;
                        break;
                    case DIAG:
                        covariance = k * d;
                        break;
                    case TIED:
                        covariance = d * (d + 1) / 2;
                        break;
                    default:
                        covariance = k;
                        break;
                }
                long expected = covariance + (long) k * d + k - 1;
                assertEquals(
                        expected,
                        model(type, k, d).parameterCount(),
                        type.id() + " K=" + k + " d=" + d);
            }
        }
        // one value checked against scikit-learn itself: full, K=2, d=2 has 2*3 + 2*2 + 1 = 11
        assertEquals(11, model(CovarianceType.FULL, 2, 2).parameterCount(), "full K=2 d=2");
    }

    @Test
    void bicAndAicFollowTheirDefinitions() {
        GaussianMixtureModel m = model(CovarianceType.DIAG, 3, 4);
        long p = 3 * 4 + 3 * 4 + 2;
        assertEquals(p, m.parameterCount(), "parameters");
        double total = -1234.5;
        double n = 800;
        assertEquals(-2 * total + p * Math.log(n), m.bic(total, n), 1e-9, "bic");
        assertEquals(-2 * total + 2 * p, m.aic(total), 1e-9, "aic");
    }

    /**
     * p(x) = sum_k pi_k exp(-q_k/2) / (2 pi sqrt(det Sigma_k)), with the 2x2 inverse written out.
     */
    @Test
    void logDensityOfATwoDimensionalFullModelIsTheTextbookFormula() {
        GaussianMixtureModel m = twoDimensional();
        double[][] xs = {{0, 0}, {1, 2}, {-1, 0.5}, {3.5, -2}, {10, 10}};
        for (double[] x : xs) {
            double p = 0;
            double[] joint = new double[2];
            for (int c = 0; c < 2; c++) {
                double[][] s = m.covariance(c);
                double det = s[0][0] * s[1][1] - s[0][1] * s[1][0];
                double[][] inv = {{s[1][1] / det, -s[0][1] / det}, {-s[1][0] / det, s[0][0] / det}};
                double dx = x[0] - m.mean(c)[0];
                double dy = x[1] - m.mean(c)[1];
                double q =
                        dx * (inv[0][0] * dx + inv[0][1] * dy)
                                + dy * (inv[1][0] * dx + inv[1][1] * dy);
                joint[c] = m.weight(c) * Math.exp(-0.5 * q) / (2 * Math.PI * Math.sqrt(det));
                p += joint[c];
            }
            double l = m.logDensity(x);
            assertEquals(
                    Math.log(p),
                    l,
                    1e-12 * Math.max(1, Math.abs(l)),
                    "log density at (" + x[0] + ", " + x[1] + ")");
            double[] r = new double[2];
            m.responsibilities(x, r);
            for (int c = 0; c < 2; c++) {
                assertEquals(joint[c] / p, r[c], 1e-12, "responsibility " + c);
            }
            assertEquals(joint[0] > joint[1] ? 0 : 1, m.predict(x), "most probable component");
        }
        assertEquals(0.3, m.weight(0), 0.0, "weights as given");
    }

    @Test
    void twoHundredThousandSamplesMatchTheModel() {
        GaussianMixtureModel m = twoDimensional();
        int n = 200_000;
        SplittableRandom rng = new SplittableRandom(61);
        double[] count = new double[2];
        double[][] sum = new double[2][2];
        double[][][] cross = new double[2][2][2];
        double[] x = new double[2];
        for (int i = 0; i < n; i++) {
            int c = m.sample(rng, x);
            count[c]++;
            for (int a = 0; a < 2; a++) {
                sum[c][a] += x[a];
                for (int b = 0; b < 2; b++) {
                    cross[c][a][b] += x[a] * x[b];
                }
            }
        }
        // standard errors: weight 0.001, mean < 0.006, covariance entries < 0.01
        for (int c = 0; c < 2; c++) {
            assertEquals(m.weight(c), count[c] / n, 0.005, "weight " + c);
            double[] mean = {sum[c][0] / count[c], sum[c][1] / count[c]};
            double[][] cov = m.covariance(c);
            for (int a = 0; a < 2; a++) {
                assertEquals(m.mean(c)[a], mean[a], 0.03, "component " + c + " mean[" + a + "]");
                for (int b = 0; b < 2; b++) {
                    double sample = cross[c][a][b] / count[c] - mean[a] * mean[b];
                    assertEquals(
                            cov[a][b],
                            sample,
                            0.05,
                            "component " + c + " covariance[" + a + "][" + b + "]");
                }
            }
        }
    }

    @Test
    void samplingFollowsEachCovarianceLayout() {
        for (CovarianceType type :
                new CovarianceType[] {
                    CovarianceType.DIAG, CovarianceType.SPHERICAL, CovarianceType.TIED
                }) {
            GaussianMixtureModel m = model(type, 2, 3);
            SplittableRandom rng = new SplittableRandom(62);
            int n = 40_000;
            double[][] sq = new double[2][3];
            double[][] sum = new double[2][3];
            double[] count = new double[2];
            double[] x = new double[3];
            for (int i = 0; i < n; i++) {
                int c = m.sample(rng, x);
                count[c]++;
                for (int j = 0; j < 3; j++) {
                    sum[c][j] += x[j];
                    sq[c][j] += x[j] * x[j];
                }
            }
            for (int c = 0; c < 2; c++) {
                for (int j = 0; j < 3; j++) {
                    double mean = sum[c][j] / count[c];
                    double variance = sq[c][j] / count[c] - mean * mean;
                    double want = m.covariance(c)[j][j];
                    assertEquals(
                            want,
                            variance,
                            0.1 * want,
                            type.id() + " component " + c + " variance " + j);
                }
            }
        }
    }

    private static void assertRejected(
            GmmException.Category category, String fragment, Runnable build) {
        GmmException e = assertThrows(GmmException.class, build::run);
        assertEquals(category, e.category(), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), "'" + fragment + "' in: " + e.getMessage());
    }

    @Test
    void ofRejectsBadShapes() {
        CovarianceType full = CovarianceType.FULL;
        double[][] id2 = {{1, 0, 0, 1}, {1, 0, 0, 1}};
        assertRejected(
                GmmException.Category.INPUT,
                "no components",
                () ->
                        GaussianMixtureModel.of(
                                full, new double[0], new double[0][], new double[0][]));
        assertRejected(
                GmmException.Category.INPUT,
                "2 weights but 1 means",
                () ->
                        GaussianMixtureModel.of(
                                full, new double[] {0.5, 0.5}, new double[][] {{0, 0}}, id2));
        assertRejected(
                GmmException.Category.INPUT,
                "mean 1 has 3 coordinates",
                () ->
                        GaussianMixtureModel.of(
                                full,
                                new double[] {0.5, 0.5},
                                new double[][] {{0, 0}, {1, 1, 1}},
                                id2));
        assertRejected(
                GmmException.Category.INPUT,
                "needs 2 covariance blocks, found 1",
                () ->
                        GaussianMixtureModel.of(
                                full,
                                new double[] {0.5, 0.5},
                                new double[][] {{0, 0}, {1, 1}},
                                new double[][] {{1, 0, 0, 1}}));
        assertRejected(
                GmmException.Category.INPUT,
                "needs 4 numbers, found 2",
                () ->
                        GaussianMixtureModel.of(
                                full,
                                new double[] {0.5, 0.5},
                                new double[][] {{0, 0}, {1, 1}},
                                new double[][] {{1, 0, 0, 1}, {1, 1}}));
        assertRejected(
                GmmException.Category.INPUT,
                "needs 1 covariance blocks",
                () ->
                        GaussianMixtureModel.of(
                                CovarianceType.TIED,
                                new double[] {0.5, 0.5},
                                new double[][] {{0, 0}, {1, 1}},
                                id2));
        assertRejected(
                GmmException.Category.INPUT,
                "non-finite",
                () ->
                        GaussianMixtureModel.of(
                                full,
                                new double[] {1},
                                new double[][] {{0, Double.NaN}},
                                new double[][] {{1, 0, 0, 1}}));
    }

    @Test
    void ofRejectsWeightsThatAreNotADistribution() {
        double[][] means = {{0}, {1}};
        double[][] vars = {{1}, {1}};
        assertRejected(
                GmmException.Category.INPUT,
                "non-negative",
                () ->
                        GaussianMixtureModel.of(
                                CovarianceType.DIAG, new double[] {1.2, -0.2}, means, vars));
        assertRejected(
                GmmException.Category.INPUT,
                "sum to",
                () ->
                        GaussianMixtureModel.of(
                                CovarianceType.DIAG, new double[] {0.5, 0.4}, means, vars));
        assertRejected(
                GmmException.Category.INPUT,
                "non-negative",
                () ->
                        GaussianMixtureModel.of(
                                CovarianceType.DIAG, new double[] {Double.NaN, 1}, means, vars));
        // within 1e-6 of 1 is accepted and normalised
        GaussianMixtureModel m =
                GaussianMixtureModel.of(
                        CovarianceType.DIAG, new double[] {0.5, 0.5000004}, means, vars);
        assertEquals(1.0, m.weight(0) + m.weight(1), 1e-15, "normalised");
    }

    @Test
    void ofRejectsCovariancesThatAreNotSymmetricPositiveDefinite() {
        double[] w = {1};
        double[][] mean2 = {{0, 0}};
        assertRejected(
                GmmException.Category.INPUT,
                "not symmetric",
                () ->
                        GaussianMixtureModel.of(
                                CovarianceType.FULL, w, mean2, new double[][] {{1, 0.5, 0.4, 1}}));
        // symmetric but indefinite (eigenvalues 3 and -1), singular, and a negative variance
        assertRejected(
                GmmException.Category.INPUT,
                "component 0 is not positive definite",
                () ->
                        GaussianMixtureModel.of(
                                CovarianceType.FULL, w, mean2, new double[][] {{1, 2, 2, 1}}));
        assertRejected(
                GmmException.Category.INPUT,
                "not positive definite",
                () ->
                        GaussianMixtureModel.of(
                                CovarianceType.FULL, w, mean2, new double[][] {{1, 1, 1, 1}}));
        assertRejected(
                GmmException.Category.INPUT,
                "tied covariance is not positive definite",
                () ->
                        GaussianMixtureModel.of(
                                CovarianceType.TIED,
                                new double[] {0.5, 0.5},
                                new double[][] {{0, 0}, {1, 1}},
                                new double[][] {{-1, 0, 0, 1}}));
        assertRejected(
                GmmException.Category.INPUT,
                "component 1 is not positive definite",
                () ->
                        GaussianMixtureModel.of(
                                CovarianceType.DIAG,
                                new double[] {0.5, 0.5},
                                new double[][] {{0, 0}, {1, 1}},
                                new double[][] {{1, 1}, {1, 0}}));
        assertRejected(
                GmmException.Category.INPUT,
                "not positive definite",
                () ->
                        GaussianMixtureModel.of(
                                CovarianceType.SPHERICAL, w, mean2, new double[][] {{-2}}));
    }

    /**
     * P is upper triangular with a positive diagonal and P P^T is the inverse of the covariance.
     */
    @ParameterizedTest
    @EnumSource(CovarianceType.class)
    void precisionCholeskyTimesItsTransposeIsTheInverseCovariance(CovarianceType type) {
        int d = 4;
        GaussianMixtureModel m = model(type, 3, d);
        for (int c = 0; c < 3; c++) {
            double[][] p = m.precisionCholesky(c);
            double[][] cov = m.covariance(c);
            for (int i = 0; i < d; i++) {
                assertTrue(p[i][i] > 0, "positive diagonal");
                for (int j = 0; j < i; j++) {
                    assertEquals(0.0, p[i][j], 0.0, "P[" + i + "][" + j + "] below the diagonal");
                }
            }
            // (P P^T) Sigma = I
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    double v = 0;
                    for (int a = 0; a < d; a++) {
                        double ppt = 0;
                        for (int b = 0; b < d; b++) {
                            ppt += p[i][b] * p[a][b];
                        }
                        v += ppt * cov[a][j];
                    }
                    assertEquals(
                            i == j ? 1.0 : 0.0,
                            v,
                            1e-12,
                            type.id() + " component " + c + " (P P^T Sigma)[" + i + "][" + j + "]");
                }
            }
        }
    }
}
