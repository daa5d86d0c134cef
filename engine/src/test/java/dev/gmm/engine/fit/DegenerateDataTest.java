/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.engine.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmm.CovarianceType;
import dev.gmm.GaussianMixtureModel;
import dev.gmm.GmmException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Data EM finds awkward. Each case ends in one of two ways, never in NaN: a sound model, or a
 * {@link GmmException} whose category and message tell the user what to change.
 */
class DegenerateDataTest {

    private static final double REG = 1e-6;

    private static double[][] blobs(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        return Fits.shuffle(
                Fits.concat(
                        Fits.gaussian(rng, 120, new double[] {0, 0}, new double[] {1, 0.5}),
                        Fits.gaussian(rng, 80, new double[] {5, 3}, new double[] {0.7, 1}),
                        Fits.gaussian(rng, 100, new double[] {-4, 4}, new double[] {1, 1})),
                rng);
    }

    @Test
    void rowsRepeatedThreeTimesFitToAFiniteModel() {
        double[][] base = blobs(31);
        double[][] x = new double[base.length * 3][];
        for (int i = 0; i < base.length; i++) {
            x[3 * i] = base[i];
            x[3 * i + 1] = base[i].clone();
            x[3 * i + 2] = base[i].clone();
        }
        FitResult r = Fits.fit(x, null, FitOptions.of(3).withSeed(5));
        Fits.assertSound(r);
        assertEquals(x.length, r.data().rows(), "rows fitted");
    }

    @ParameterizedTest
    @EnumSource(
            value = CovarianceType.class,
            names = {"FULL", "DIAG"})
    void constantColumnFitsToItsValueWithVarianceRegCovar(CovarianceType type) {
        double[][] x = blobs(32);
        double constant = 172.5;
        for (double[] row : x) {
            row[1] = constant;
        }
        FitResult r =
                Fits.fit(
                        x,
                        null,
                        FitOptions.of(2).withCovarianceType(type).withRegCovar(REG).withSeed(5));
        Fits.assertSound(r);
        GaussianMixtureModel m = r.model();
        for (int c = 0; c < 2; c++) {
            assertEquals(
                    constant,
                    m.mean(c)[1],
                    1e-12 * constant,
                    "component " + c + " mean of the constant column");
            double[][] cov = m.covariance(c);
            assertEquals(
                    REG,
                    cov[1][1],
                    1e-9 * REG,
                    "component " + c + " variance of the constant column");
            assertEquals(
                    0.0,
                    cov[0][1],
                    1e-12,
                    "component " + c + " covariance with the constant column");
            assertTrue(
                    cov[0][0] > 0.1,
                    "component " + c + " the other column keeps its spread: " + cov[0][0]);
        }
    }

    /**
     * One component is the weighted sample mean and the weighted covariance divided by the total
     * weight (the maximum-likelihood estimate), plus reg-covar on the diagonal, in the type's
     * layout.
     */
    @ParameterizedTest
    @EnumSource(CovarianceType.class)
    void oneComponentIsTheWeightedSampleMeanAndCovariance(CovarianceType type) {
        SplittableRandom rng = new SplittableRandom(33);
        int n = 700;
        int d = 3;
        double[][] x = new double[n][d];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            double a = rng.nextGaussian();
            double b = rng.nextGaussian();
            // correlated columns around 170, so the off-diagonal entries are not small
            x[i][0] = 170 + 4 * a;
            x[i][1] = 60 + 2 * a + 3 * b;
            x[i][2] = -3 + 0.5 * b + rng.nextGaussian();
            w[i] = 0.1 + 2 * rng.nextDouble();
        }
        double total = 0;
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            total += w[i];
            for (int j = 0; j < d; j++) {
                mean[j] += w[i] * x[i][j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= total;
        }
        double[][] cov = new double[d][d];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    cov[a][b] += w[i] * (x[i][a] - mean[a]) * (x[i][b] - mean[b]);
                }
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                cov[a][b] /= total;
            }
            cov[a][a] += REG;
        }

        FitResult r =
                Fits.fit(
                        x,
                        w,
                        FitOptions.of(1).withCovarianceType(type).withRegCovar(REG).withSeed(5));
        Fits.assertSound(r);
        GaussianMixtureModel m = r.model();
        assertEquals(1.0, m.weight(0), 0.0, "the one weight");
        for (int j = 0; j < d; j++) {
            assertEquals(mean[j], m.mean(0)[j], 1e-12 * Math.abs(mean[j]), "mean[" + j + "]");
        }
        double[][] got = m.covariance(0);
        double sphericalVariance = (cov[0][0] + cov[1][1] + cov[2][2]) / d;
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                double want;
                switch (type) {
                    case FULL:
                    case TIED:
                        want = cov[a][b];
                        break;
                    case DIAG:
                        want = a == b ? cov[a][a] : 0;
                        break;
                    default:
                        want = a == b ? sphericalVariance : 0;
                        break;
                }
                double scale = Math.sqrt(cov[a][a] * cov[b][b]);
                assertEquals(
                        want,
                        got[a][b],
                        1e-12 * scale,
                        type.id() + " covariance[" + a + "][" + b + "]");
            }
        }
    }

    @Test
    void moreComponentsThanDistinctRowsIsAnInputError() {
        double[][] points = {{1, 2}, {3, -1}, {0, 5}};
        double[][] x = new double[30][];
        for (int i = 0; i < x.length; i++) {
            x[i] = points[i % 3].clone();
        }
        GmmException e =
                assertThrows(
                        GmmException.class, () -> Fits.fit(x, null, FitOptions.of(4).withSeed(5)));
        assertEquals(GmmException.Category.INPUT, e.category(), e.getMessage());
        assertTrue(e.getMessage().contains("distinct"), e.getMessage());
        assertTrue(e.getMessage().contains("4 components"), e.getMessage());
    }

    @Test
    void identicalRowsAreAnInputError() {
        double[][] x = new double[50][];
        for (int i = 0; i < x.length; i++) {
            x[i] = new double[] {1.5, -2};
        }
        GmmException e =
                assertThrows(
                        GmmException.class, () -> Fits.fit(x, null, FitOptions.of(2).withSeed(5)));
        assertEquals(GmmException.Category.INPUT, e.category(), e.getMessage());
        assertTrue(e.getMessage().contains("every row is the same"), e.getMessage());
    }

    @Test
    void moreComponentsThanRowsIsAnInputError() {
        double[][] x = {{1, 2}, {3, 4}, {5, 7}};
        GmmException e =
                assertThrows(
                        GmmException.class, () -> Fits.fit(x, null, FitOptions.of(4).withSeed(5)));
        assertEquals(GmmException.Category.INPUT, e.category(), e.getMessage());
        assertTrue(e.getMessage().contains("3 rows"), e.getMessage());
    }

    /**
     * Two components on two points: each collapses onto one, and only reg-covar could keep it
     * invertible.
     */
    @Test
    void collapsedComponentWithoutRegularisationIsANumericErrorNamingItAndRegCovar() {
        double[][] x = new double[40][];
        for (int i = 0; i < x.length; i++) {
            x[i] = i % 2 == 0 ? new double[] {1, 1} : new double[] {4, -2};
        }
        GmmException e =
                assertThrows(
                        GmmException.class,
                        () -> Fits.fit(x, null, FitOptions.of(2).withRegCovar(0).withSeed(5)));
        assertEquals(GmmException.Category.NUMERIC, e.category(), e.getMessage());
        assertTrue(e.getMessage().matches(".*component [01].*"), e.getMessage());
        assertTrue(e.getMessage().contains("regCovar"), e.getMessage());
    }

    /**
     * The same two points with the default reg-covar: two spikes of variance reg-covar, and no NaN.
     */
    @Test
    void collapsedComponentsWithRegularisationGiveASoundModel() {
        double[][] x = new double[40][];
        for (int i = 0; i < x.length; i++) {
            x[i] = i % 2 == 0 ? new double[] {1, 1} : new double[] {4, -2};
        }
        FitResult r = Fits.fit(x, null, FitOptions.of(2).withSeed(5));
        Fits.assertSound(r);
        for (int c = 0; c < 2; c++) {
            assertEquals(0.5, r.model().weight(c), 1e-12, "weight " + c);
            assertEquals(REG, r.model().covariance(c)[0][0], 1e-9 * REG, "variance " + c);
        }
    }
}
