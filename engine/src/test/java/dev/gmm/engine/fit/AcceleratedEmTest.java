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
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SQUAREM, the default: it never lowers the log-likelihood of the models it keeps, it reaches the
 * answer plain EM reaches, and the stopping rule does not stop a crawling fit where scikit-learn's
 * does.
 */
class AcceleratedEmTest {

    /** Overlapping components, so EM crawls and SQUAREM extrapolates far. */
    private static double[][] overlapping(SplittableRandom rng, int d, int k, int n) {
        double[][][] parts = new double[k][][];
        for (int c = 0; c < k; c++) {
            double[] mean = new double[d];
            double[] sd = new double[d];
            for (int j = 0; j < d; j++) {
                mean[j] = 1.5 * c + 0.5 * rng.nextGaussian();
                sd[j] = 0.6 + rng.nextDouble();
            }
            parts[c] = Fits.gaussian(rng, n / k + rng.nextInt(n / k), mean, sd);
        }
        return Fits.shuffle(Fits.concat(parts), rng);
    }

    @ParameterizedTest
    @EnumSource(CovarianceType.class)
    void squaremNeverLowersTheLogLikelihoodOfTheModelsItKeeps(CovarianceType type) {
        for (int seed = 0; seed < 12; seed++) {
            SplittableRandom rng = new SplittableRandom(1000 + seed);
            int d = 1 + seed % 3;
            int k = 2 + seed % 3;
            double[][] x = overlapping(rng, d, k, 600);
            double[] w = null;
            if (seed % 4 == 3) {
                w = new double[x.length];
                for (int i = 0; i < w.length; i++) {
                    w[i] = rng.nextDouble() * 2;
                }
            }
            FitResult r =
                    Fits.fit(
                            x,
                            w,
                            FitOptions.of(k)
                                    .withCovarianceType(type)
                                    .withSeed(seed)
                                    .withTol(0)
                                    .withMaxIter(40));
            Fits.assertSound(r);
            double[] h = r.convergence().history();
            for (int i = 1; i < h.length; i++) {
                assertTrue(
                        h[i] >= h[i - 1] - 1e-9 * Math.abs(h[i - 1]),
                        "seed "
                                + seed
                                + ": kept model "
                                + i
                                + " has "
                                + h[i]
                                + " after "
                                + h[i - 1]);
            }
            assertTrue(
                    r.convergence().passes() >= h.length && r.convergence().passes() <= 3 * 40,
                    "passes " + r.convergence().passes() + " for " + h.length + " models kept");
        }
    }

    @ParameterizedTest
    @EnumSource(CovarianceType.class)
    void squaremReachesTheMaximumPlainEmReaches(CovarianceType type) {
        SplittableRandom rng = new SplittableRandom(77);
        double[][] x = overlapping(rng, 2, 3, 900);
        FitOptions o = FitOptions.of(3).withCovarianceType(type).withSeed(3).withTol(1e-10);
        FitResult plain =
                Fits.fit(x, null, o.withAcceleration(Acceleration.NONE).withMaxIter(20000));
        FitResult fast = Fits.fit(x, null, o.withMaxIter(5000));
        assertTrue(plain.convergence().converged() && fast.convergence().converged(), "converged");
        assertEquals(
                plain.convergence().lowerBound(),
                fast.convergence().lowerBound(),
                1e-7,
                "lower bound after "
                        + fast.convergence().passes()
                        + " passes against "
                        + plain.convergence().passes());
        assertTrue(
                fast.convergence().passes() < plain.convergence().passes(),
                fast.convergence().passes() + " passes against " + plain.convergence().passes());
    }

    @Test
    void plainEmTakesOnePassPerStepAndTolZeroRunsMaxIter() {
        SplittableRandom rng = new SplittableRandom(5);
        double[][] x = overlapping(rng, 2, 2, 400);
        FitOptions o = FitOptions.of(2).withSeed(1).withTol(0).withMaxIter(9);
        FitResult plain = Fits.fit(x, null, o.withAcceleration(Acceleration.NONE));
        assertEquals(9, plain.convergence().iterations());
        assertEquals(9, plain.convergence().passes());
        assertEquals(9, plain.convergence().history().length);
        FitResult fast = Fits.fit(x, null, o);
        assertEquals(9, fast.convergence().iterations());
        assertTrue(fast.convergence().passes() == 27, "3 passes an iteration");
    }

    /** 500 from N(164, 3^2), 1500 from N(176, 5^2): the second seed document's heights. */
    private static double[][] heights(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        return Fits.shuffle(
                Fits.concat(
                        Fits.gaussian(rng, 500, new double[] {164}, new double[] {3}),
                        Fits.gaussian(rng, 1500, new double[] {176}, new double[] {5})),
                rng);
    }

    @Test
    void theStoppingRuleDoesNotStopTheHeightsWhereScikitLearnDoes() {
        double[][] x = heights(20240501);
        FitOptions o = FitOptions.of(2).withSeed(7).withAcceleration(Acceleration.NONE);
        FitResult converged = Fits.fit(x, null, o.withTol(1e-12).withMaxIter(100000));
        FitResult ours = Fits.fit(x, null, o);
        assertTrue(ours.convergence().converged(), "converged at the default maxIter");
        // scikit-learn's rule (a change below 1e-3) stops here at step 4, 0.007 nats per row short
        assertTrue(
                ours.convergence().iterations() > 20, ours.convergence().iterations() + " steps");
        assertEquals(converged.convergence().lowerBound(), ours.convergence().lowerBound(), 1e-3);
    }

    /**
     * Twenty fresh samples: with default settings the fit stops close to the maximum likelihood
     * (means within 0.15, weights within 0.01 of a fit run to 1e-12), and so near the generating
     * values, within the bounds.
     */
    @Test
    void defaultSettingsRecoverFreshlyDrawnHeights() {
        for (long seed = 1; seed <= 20; seed++) {
            double[][] x = heights(seed);
            FitResult r = Fits.fit(x, null, FitOptions.of(2).withSeed(0));
            FitResult best =
                    Fits.fit(
                            x,
                            null,
                            FitOptions.of(2)
                                    .withSeed(0)
                                    .withAcceleration(Acceleration.NONE)
                                    .withTol(1e-12)
                                    .withMaxIter(100000));
            String s = "sample " + seed + ": ";
            assertTrue(r.convergence().converged(), s + "converged");
            GaussianMixtureModel m = r.model();
            GaussianMixtureModel ml = best.model();
            int women = m.mean(0)[0] < m.mean(1)[0] ? 0 : 1;
            int men = 1 - women;
            int mlWomen = ml.mean(0)[0] < ml.mean(1)[0] ? 0 : 1;
            assertEquals(ml.mean(mlWomen)[0], m.mean(women)[0], 0.15, s + "women's mean, to ML");
            assertEquals(ml.mean(1 - mlWomen)[0], m.mean(men)[0], 0.15, s + "men's mean, to ML");
            assertEquals(ml.weight(mlWomen), m.weight(women), 0.01, s + "women's share, to ML");
            assertEquals(164, m.mean(women)[0], 0.6, s + "women's mean");
            assertEquals(176, m.mean(men)[0], 0.6, s + "men's mean");
            assertEquals(3, Math.sqrt(m.covariance(women)[0][0]), 0.6, s + "women's sd");
            assertEquals(5, Math.sqrt(m.covariance(men)[0][0]), 0.6, s + "men's sd");
            assertEquals(0.25, m.weight(women), 0.05, s + "women's share");
        }
    }

    @Test
    void defaultSettingsConvergeOnTheExamplesThatShip() {
        for (String example : new String[] {"heights.csv", "two-blobs.csv"}) {
            java.nio.file.Path file = java.nio.file.Path.of("..", "examples", example);
            try (dev.gmm.data.DataSource data =
                    dev.gmm.data.DataFiles.open(file, dev.gmm.data.DataOptions.defaults())) {
                FitResult r = Fits.fit(data, FitOptions.of(2));
                assertTrue(
                        r.convergence().converged(),
                        example + ": " + r.convergence().iterations() + " iterations");
            }
        }
    }

    @Test
    void theStartAndTheFitAreTheSameForTheSameSeedWhateverTheThreadCount() {
        SplittableRandom rng = new SplittableRandom(31);
        double[][] x = overlapping(rng, 3, 4, 3000);
        dev.gmm.data.DataSource data = dev.gmm.data.InMemoryDataSource.of("rows", x, null);
        FitOptions start = FitOptions.of(4).withSeed(9).withMaxIter(1).withTol(0);
        GaussianMixtureModel[] models = new GaussianMixtureModel[3];
        for (int threads = 1; threads <= 3; threads++) {
            try (dev.gmm.engine.cpu.CpuBackend cpu =
                    new dev.gmm.engine.cpu.CpuBackend(dev.gmm.Precision.DOUBLE, threads)) {
                models[threads - 1] = new EmDriver().fit(data, start, cpu).model();
            }
        }
        for (int t = 1; t < 3; t++) {
            assertEquals(
                    java.util.Arrays.deepToString(models[0].means()),
                    java.util.Arrays.deepToString(models[t].means()),
                    (t + 1) + " threads");
            assertEquals(
                    java.util.Arrays.deepToString(models[0].covarianceBlocks()),
                    java.util.Arrays.deepToString(models[t].covarianceBlocks()),
                    (t + 1) + " threads");
        }
    }
}
