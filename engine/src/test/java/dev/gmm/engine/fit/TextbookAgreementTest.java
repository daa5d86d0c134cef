/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.engine.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmm.Acceleration;
import dev.gmm.CovarianceType;
import dev.gmm.GaussianMixtureModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The driver's iterates against {@link TextbookEm} from the same starting model, step by step, to
 * 1e-9 relative: every covariance type, with and without row weights, near the origin and far from
 * it (values around 170, like heights).
 */
class TextbookAgreementTest {

    private static final int STEPS = 6;
    private static final double REG = 1e-6;

    record Data(String name, double[][] x, double[] w, GaussianMixtureModel start) {
        @Override
        public String toString() {
            return name + (w != null ? " weighted" : "");
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (CovarianceType type : CovarianceType.values()) {
            for (boolean weighted : new boolean[] {false, true}) {
                out.add(Arguments.of(type, blobs(type, weighted)));
                out.add(Arguments.of(type, heights3d(type, weighted)));
            }
        }
        return out.stream();
    }

    /** Three 2-D blobs near the origin. */
    private static Data blobs(CovarianceType type, boolean weighted) {
        SplittableRandom rng = new SplittableRandom(11);
        double[][] x =
                Fits.shuffle(
                        Fits.concat(
                                Fits.gaussian(rng, 200, new double[] {1, 2}, new double[] {1, 0.7}),
                                Fits.gaussian(rng, 150, new double[] {-1, -1}, new double[] {1, 1}),
                                Fits.gaussian(
                                        rng, 100, new double[] {3, -2}, new double[] {0.5, 0.8})),
                        rng);
        double[][] means = {{0.5, 1.5}, {-0.5, -1.5}, {2.5, -1.0}};
        return new Data(
                "2-D blobs", x, weighted ? weights(rng, x.length) : null, start(type, means, 1.5));
    }

    /** Two 3-D blobs around 170, where unshifted second moments would lose digits. */
    private static Data heights3d(CovarianceType type, boolean weighted) {
        SplittableRandom rng = new SplittableRandom(12);
        double[][] x =
                Fits.shuffle(
                        Fits.concat(
                                Fits.gaussian(
                                        rng,
                                        250,
                                        new double[] {164, 170, 168},
                                        new double[] {3, 4, 2}),
                                Fits.gaussian(
                                        rng,
                                        350,
                                        new double[] {176, 172, 175},
                                        new double[] {5, 3, 4})),
                        rng);
        double[][] means = {{166, 171, 169}, {174, 171, 173}};
        return new Data(
                "3-D around 170",
                x,
                weighted ? weights(rng, x.length) : null,
                start(type, means, 20));
    }

    private static double[] weights(SplittableRandom rng, int n) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = 0.2 + 3 * rng.nextDouble();
        }
        return w;
    }

    private static GaussianMixtureModel start(
            CovarianceType type, double[][] means, double variance) {
        int k = means.length;
        int d = means[0].length;
        double[] weights = new double[k];
        Arrays.fill(weights, 1.0 / k);
        double[][] covs = new double[type.blocks(k)][];
        for (int b = 0; b < covs.length; b++) {
            covs[b] = new double[type.blockSize(d)];
            if (type.needsCrossMoments()) {
                for (int j = 0; j < d; j++) {
                    covs[b][j * d + j] = variance * (1 + 0.1 * j);
                    if (j > 0) {
                        covs[b][j * d + j - 1] = covs[b][(j - 1) * d + j] = 0.2 * variance;
                    }
                }
            } else {
                Arrays.fill(covs[b], variance);
            }
        }
        return GaussianMixtureModel.of(type, weights, means, covs);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void everyStepMatchesTheTextbook(CovarianceType type, Data data) {
        TextbookEm textbook = new TextbookEm(data.start(), REG);
        for (int step = 1; step <= STEPS; step++) {
            textbook.step(data.x(), data.w());
            FitResult r =
                    Fits.fit(
                            data.x(),
                            data.w(),
                            FitOptions.warmStart(data.start())
                                    .withMaxIter(step)
                                    .withTol(0)
                                    .withAcceleration(Acceleration.NONE)
                                    .withRegCovar(REG));
            assertEquals(step, r.convergence().iterations(), "EM steps run");
            assertEquals(step, r.convergence().history().length, "history length");
            assertClose(
                    textbook.lastMeanLogLikelihood,
                    r.convergence().lowerBound(),
                    1.0,
                    "lower bound at step " + step);
            GaussianMixtureModel m = r.model();
            double scale = 0;
            for (int c = 0; c < textbook.k; c++) {
                for (int j = 0; j < textbook.d; j++) {
                    scale = Math.max(scale, Math.sqrt(textbook.covariances[c][j][j]));
                }
            }
            for (int c = 0; c < textbook.k; c++) {
                assertClose(
                        textbook.weights[c], m.weight(c), 1.0, "weight " + c + " at step " + step);
                double[] mean = m.mean(c);
                double[][] cov = m.covariance(c);
                for (int i = 0; i < textbook.d; i++) {
                    assertClose(
                            textbook.means[c][i],
                            mean[i],
                            scale,
                            "mean " + c + "[" + i + "] at step " + step);
                    for (int j = 0; j < textbook.d; j++) {
                        assertClose(
                                textbook.covariances[c][i][j],
                                cov[i][j],
                                scale * scale,
                                "covariance " + c + "[" + i + "][" + j + "] at step " + step);
                    }
                }
            }
        }
    }

    /**
     * |actual - expected| <= 1e-9 relative to the larger of |expected| and the quantity's natural
     * scale.
     */
    private static void assertClose(double expected, double actual, double scale, String what) {
        double tol = 1e-9 * Math.max(Math.abs(expected), scale);
        assertTrue(
                Math.abs(actual - expected) <= tol,
                what + ": " + actual + " vs textbook " + expected);
    }
}
