/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.engine.fit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmm.Acceleration;
import dev.gmm.CovarianceType;
import dev.gmm.FitListener;
import dev.gmm.GaussianMixtureModel;
import dev.gmm.GmmException;
import dev.gmm.InitMethod;
import dev.gmm.Precision;
import dev.gmm.data.DataSource;
import dev.gmm.data.InMemoryDataSource;
import dev.gmm.engine.conformance.CountingBackend;
import dev.gmm.engine.cpu.CpuBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The EM driver: step counting, convergence, restarts, warm starts, reproducibility, empty
 * components.
 */
class EmDriverTest {

    /** Three well-separated 2-D blobs of {@code perBlob} rows each, shuffled. */
    private static double[][] blobs(long seed, int perBlob) {
        SplittableRandom rng = new SplittableRandom(seed);
        return Fits.shuffle(
                Fits.concat(
                        Fits.gaussian(rng, perBlob, new double[] {0, 0}, new double[] {1, 0.6}),
                        Fits.gaussian(rng, perBlob, new double[] {4, 3}, new double[] {0.8, 1.2}),
                        Fits.gaussian(rng, perBlob, new double[] {-3, 4}, new double[] {1, 1})),
                rng);
    }

    private static final double[][] BLOBS = blobs(41, 200);

    /**
     * A full model near the first two blobs of {@link #BLOBS}, its third mean wherever the test
     * puts it.
     */
    private static GaussianMixtureModel threeComponentStart(double[] thirdMean) {
        double[][] means = {{0.5, 0.5}, {3.5, 2.5}, thirdMean};
        double[][] covs = new double[3][];
        for (int c = 0; c < 3; c++) {
            covs[c] = new double[] {1, 0.1, 0.1, 1};
        }
        return GaussianMixtureModel.of(
                CovarianceType.FULL, new double[] {0.4, 0.3, 0.3}, means, covs);
    }

    private static void assertSameModel(GaussianMixtureModel a, GaussianMixtureModel b) {
        assertArrayEquals(a.weights(), b.weights(), "weights");
        for (int c = 0; c < a.components(); c++) {
            assertArrayEquals(a.mean(c), b.mean(c), "mean " + c);
        }
        double[][] ca = a.covarianceBlocks();
        double[][] cb = b.covarianceBlocks();
        for (int i = 0; i < ca.length; i++) {
            assertArrayEquals(ca[i], cb[i], "covariance block " + i);
        }
    }

    /**
     * Every parameter of {@code b} within {@code rel} of {@code a}, relative to the parameter's
     * natural scale.
     */
    private static void assertCloseModel(
            GaussianMixtureModel a, GaussianMixtureModel b, double rel) {
        for (int c = 0; c < a.components(); c++) {
            assertEquals(a.weight(c), b.weight(c), rel, "weight " + c);
            double[][] cov = a.covariance(c);
            double[][] covB = b.covariance(c);
            for (int i = 0; i < a.dimensions(); i++) {
                double sd = Math.sqrt(cov[i][i]);
                assertEquals(
                        a.mean(c)[i],
                        b.mean(c)[i],
                        rel * Math.max(sd, Math.abs(a.mean(c)[i])),
                        "mean " + c);
                for (int j = 0; j < a.dimensions(); j++) {
                    assertEquals(
                            cov[i][j],
                            covB[i][j],
                            rel * Math.sqrt(cov[i][i] * cov[j][j]),
                            "covariance " + c + "[" + i + "][" + j + "]");
                }
            }
        }
    }

    @Test
    void tolZeroRunsExactlyMaxIterSteps() {
        FitResult r =
                Fits.fit(
                        BLOBS,
                        null,
                        FitOptions.of(3)
                                .withTol(0)
                                .withMaxIter(7)
                                .withSeed(1)
                                .withAcceleration(Acceleration.NONE));
        Fits.assertSound(r);
        assertEquals(7, r.convergence().iterations(), "EM steps");
        assertEquals(7, r.convergence().history().length, "history entries");
        assertFalse(r.convergence().converged(), "stopped on max-iter, not on tol");
        assertEquals(
                r.convergence().history()[6],
                r.convergence().lowerBound(),
                0.0,
                "lower bound is the last history entry");
    }

    @Test
    void looseTolConvergesEarlyAndTheLogLikelihoodNeverDecreases() {
        // three means bunched together between the blobs: EM needs a good many steps to pull them
        // apart
        GaussianMixtureModel start =
                GaussianMixtureModel.of(
                        CovarianceType.FULL,
                        new double[] {0.3, 0.3, 0.4},
                        new double[][] {{0.5, 2}, {1, 2.5}, {0.5, 2.5}},
                        new double[][] {{2, 0, 0, 2}, {2, 0, 0, 2}, {2, 0, 0, 2}});
        FitResult r = Fits.fit(BLOBS, null, FitOptions.warmStart(start).withTol(1e-4));
        Fits.assertSound(r);
        assertTrue(r.convergence().converged(), "converged");
        assertTrue(
                r.convergence().iterations() < 100,
                "converged before max-iter: " + r.convergence().iterations());
        assertTrue(
                r.convergence().iterations() >= 5,
                "enough steps to watch: " + r.convergence().iterations());
        double[] h = r.convergence().history();
        for (int i = 1; i < h.length; i++) {
            assertTrue(
                    h[i] >= h[i - 1] - 1e-12,
                    "kept model "
                            + (i + 1)
                            + " lowered the log-likelihood: "
                            + h[i - 1]
                            + " -> "
                            + h[i]);
        }
        assertTrue(
                Math.abs(h[h.length - 1] - h[h.length - 2]) < 1e-4, "the last change is under tol");
        // the final pass scores the model after the last M-step, which EM can only have improved
        assertTrue(
                r.data().meanLogLikelihood() >= r.convergence().lowerBound() - 1e-12,
                r.data().meanLogLikelihood() + " vs " + r.convergence().lowerBound());
    }

    @Test
    void theSameSeedGivesABitIdenticalModel() {
        FitOptions o = FitOptions.of(3).withInit(InitMethod.RANDOM).withSeed(99);
        FitResult a = Fits.fit(BLOBS, null, o);
        FitResult b = Fits.fit(BLOBS, null, o);
        assertSameModel(a.model(), b.model());
        assertArrayEquals(a.convergence().history(), b.convergence().history(), "history");
        assertEquals(a.convergence().iterations(), b.convergence().iterations(), "EM steps");
        // another seed is free to find another model; it must still be a sound one
        Fits.assertSound(Fits.fit(BLOBS, null, o.withSeed(100)));
    }

    /**
     * n-init keeps the run with the highest lower bound: the listener hears every run's last mean
     * log-likelihood, and the result is the first run that reached the largest. The first run is
     * the one n-init 1 makes with the same seed, so the result is never worse than that.
     */
    @Test
    void nInitKeepsTheBestOfItsRuns() {
        double[][] x = blobs(42, 150);
        List<double[]> lastOfRun = new ArrayList<>();
        FitListener listener =
                new FitListener() {
                    @Override
                    public void onStep(int restart, int step, double mean, double change) {
                        if (restart == lastOfRun.size()) {
                            lastOfRun.add(new double[] {mean});
                        }
                        lastOfRun.get(restart)[0] = mean;
                    }
                };
        FitOptions o = FitOptions.of(5).withInit(InitMethod.RANDOM_FROM_DATA).withSeed(3);
        FitResult one = Fits.fit(x, null, o);
        FitResult five = Fits.fit(x, null, o.withNInit(5).withListener(listener));
        Fits.assertSound(five);
        assertEquals(5, lastOfRun.size(), "runs heard");
        int best = 0;
        for (int r = 1; r < 5; r++) {
            if (lastOfRun.get(r)[0] > lastOfRun.get(best)[0]) {
                best = r;
            }
        }
        assertEquals(best, five.convergence().bestInit(), "the run kept");
        assertEquals(
                lastOfRun.get(best)[0],
                five.convergence().lowerBound(),
                0.0,
                "the lower bound kept");
        assertEquals(
                one.convergence().lowerBound(),
                lastOfRun.get(0)[0],
                0.0,
                "run 0 is the n-init 1 run");
        assertTrue(
                five.convergence().lowerBound() >= one.convergence().lowerBound(),
                five.convergence().lowerBound() + " < " + one.convergence().lowerBound());
    }

    @ParameterizedTest
    @EnumSource(InitMethod.class)
    void everyInitialisationFitsThreeBlobs(InitMethod init) {
        FitResult r = Fits.fit(BLOBS, null, FitOptions.of(3).withInit(init).withSeed(8));
        Fits.assertSound(r);
        assertEquals(3, r.model().components(), "components");
        for (int c = 0; c < 3; c++) {
            assertTrue(
                    r.model().weight(c) > 0.05,
                    init.id() + ": component " + c + " has weight " + r.model().weight(c));
        }
    }

    /**
     * Initialisation looks at a seeded sample of rows when the data has more than initSampleRows.
     */
    @Test
    void initialisationFromARowSampleStillFindsTheBlobs() {
        FitResult r = Fits.fit(BLOBS, null, FitOptions.of(3).withInitSampleRows(60).withSeed(8));
        Fits.assertSound(r);
        FitResult all = Fits.fit(BLOBS, null, FitOptions.of(3).withSeed(8));
        assertEquals(
                all.data().meanLogLikelihood(),
                r.data().meanLogLikelihood(),
                1e-3,
                "the same optimum as from all rows");

        double[][] sameFirstRows = new double[BLOBS.length][];
        for (int i = 0; i < BLOBS.length; i++) {
            sameFirstRows[i] = i < 590 ? new double[] {1, 1} : BLOBS[i];
        }
        GmmException e =
                assertThrows(
                        GmmException.class,
                        () ->
                                Fits.fit(
                                        sameFirstRows,
                                        null,
                                        FitOptions.of(2).withInitSampleRows(5).withSeed(8)));
        assertEquals(GmmException.Category.INPUT, e.category(), e.getMessage());
        assertTrue(e.getMessage().contains("every sampled row is the same"), e.getMessage());
    }

    @Test
    void warmStartWithTolZeroRunsExactlyMaxIterStepsFromTheGivenModel() {
        GaussianMixtureModel start = threeComponentStart(new double[] {-2.5, 3.5});
        FitResult r =
                Fits.fit(
                        BLOBS,
                        null,
                        FitOptions.warmStart(start)
                                .withTol(0)
                                .withMaxIter(5)
                                .withAcceleration(Acceleration.NONE));
        Fits.assertSound(r);
        assertEquals(5, r.convergence().iterations(), "EM steps");
        assertEquals(5, r.convergence().history().length, "history entries");
        assertFalse(r.convergence().converged(), "converged");
        // step 1's mean log-likelihood is the given model's own
        double mean = 0;
        for (double[] row : BLOBS) {
            mean += start.logDensity(row);
        }
        mean /= BLOBS.length;
        assertEquals(
                mean,
                r.convergence().history()[0],
                1e-12 * Math.abs(mean),
                "step 1 scores the given model");
    }

    @Test
    void anInitialModelThatDoesNotFitTheDataOrOptionsIsAnInputError() {
        GaussianMixtureModel start = threeComponentStart(new double[] {-2.5, 3.5});
        GmmException count =
                assertThrows(
                        GmmException.class,
                        () -> Fits.fit(BLOBS, null, FitOptions.of(4).withInitModel(start)));
        assertEquals(GmmException.Category.INPUT, count.category(), count.getMessage());
        assertTrue(count.getMessage().contains("3 components"), count.getMessage());

        GmmException type =
                assertThrows(
                        GmmException.class,
                        () ->
                                Fits.fit(
                                        BLOBS,
                                        null,
                                        FitOptions.warmStart(start)
                                                .withCovarianceType(CovarianceType.DIAG)));
        assertEquals(GmmException.Category.INPUT, type.category(), type.getMessage());
        assertTrue(type.getMessage().contains("diag"), type.getMessage());

        double[][] threeColumns = new double[BLOBS.length][];
        for (int i = 0; i < BLOBS.length; i++) {
            threeColumns[i] = new double[] {BLOBS[i][0], BLOBS[i][1], 1.0 * i};
        }
        GmmException dims =
                assertThrows(
                        GmmException.class,
                        () -> Fits.fit(threeColumns, null, FitOptions.warmStart(start)));
        assertEquals(GmmException.Category.INPUT, dims.category(), dims.getMessage());
        assertTrue(dims.getMessage().contains("2 dimensions"), dims.getMessage());
    }

    @Test
    void manyChunksGiveTheSameModelAsOne() {
        double[][] x = blobs(43, 700);
        SplittableRandom rng = new SplittableRandom(44);
        double[] w = new double[x.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = 0.5 + rng.nextDouble();
        }
        double[] flat = Fits.flat(x);
        FitOptions o = FitOptions.of(3).withTol(0).withMaxIter(25).withSeed(2);
        DataSource many = InMemoryDataSource.ofDoubles("chunked", flat, 2, w, 97);
        DataSource one = InMemoryDataSource.ofDoubles("whole", flat, 2, w, 0);
        assertTrue(many.chunkCount() > 20, "chunks: " + many.chunkCount());
        assertEquals(1, one.chunkCount(), "chunks");
        FitResult a = Fits.fit(many, o);
        FitResult b = Fits.fit(one, o);
        Fits.assertSound(a);
        assertCloseModel(b.model(), a.model(), 1e-12);
        assertEquals(
                b.convergence().lowerBound(),
                a.convergence().lowerBound(),
                1e-12 * Math.abs(b.convergence().lowerBound()),
                "lower bound");
    }

    /**
     * Data over the backend's resident budget is loaded, used and released chunk by chunk on every
     * pass; merged in the same order, that gives the same bits as holding the chunks, and the
     * labels land on the right rows.
     */
    @Test
    void streamedChunksGiveTheSameModelAsResidentOnesAndReleaseEveryChunk() {
        DataSource data = InMemoryDataSource.ofDoubles("blobs", Fits.flat(BLOBS), 2, null, 50);
        FitOptions o = FitOptions.of(3).withSeed(4).withKeepLabels(true);
        FitResult resident = Fits.fit(data, o);
        FitResult streamed;
        try (CountingBackend small = new CountingBackend(new CpuBackend(Precision.DOUBLE, 1), 0)) {
            streamed = new EmDriver().fit(data, o, small);
            assertTrue(
                    small.loads.get() > data.chunkCount() * streamed.convergence().iterations(),
                    "loaded every pass: " + small.loads.get());
            assertEquals(small.loads.get(), small.closes.get(), "every loaded chunk released");
            assertTrue(
                    small.streamedPasses.get()
                            >= data.chunkCount() * streamed.convergence().iterations(),
                    "statistics passes go through accumulateStreamed: "
                            + small.streamedPasses.get());
        }
        assertFalse(resident.data().streaming(), "small data stays resident");
        assertTrue(streamed.data().streaming(), "data over the budget streams");
        assertSameModel(resident.model(), streamed.model());
        assertArrayEquals(
                resident.convergence().history(), streamed.convergence().history(), "history");
        assertArrayEquals(resident.data().labels(), streamed.data().labels(), "labels");
    }

    @Test
    void labelsOfChunkedDataAreEachRowsMostProbableComponent() {
        double[][] x = blobs(46, 300);
        DataSource data = InMemoryDataSource.ofDoubles("blobs", Fits.flat(x), 2, null, 97);
        FitResult r = Fits.fit(data, FitOptions.of(3).withSeed(4).withKeepLabels(true));
        int[] labels = r.data().labels();
        assertEquals(x.length, labels.length, "one label per row");
        for (int i = 0; i < x.length; i++) {
            assertEquals(r.model().predict(x[i]), labels[i], "row " + i);
        }
    }

    @Test
    void oneThreadAndFourThreadsGiveBitIdenticalModels() {
        DataSource data =
                InMemoryDataSource.ofDoubles("blobs", Fits.flat(blobs(45, 1700)), 2, null, 0);
        FitOptions o = FitOptions.of(3).withSeed(6);
        FitResult one;
        FitResult four;
        try (CpuBackend cpu = new CpuBackend(Precision.DOUBLE, 1)) {
            one = new EmDriver().fit(data, o, cpu);
        }
        try (CpuBackend cpu = new CpuBackend(Precision.DOUBLE, 4)) {
            four = new EmDriver().fit(data, o, cpu);
        }
        assertSameModel(one.model(), four.model());
        assertArrayEquals(one.convergence().history(), four.convergence().history(), "history");
        assertEquals(
                one.data().meanLogLikelihood(),
                four.data().meanLogLikelihood(),
                0.0,
                "final mean log-likelihood");
    }

    /**
     * A component placed ten thousand units from every row: its responsibilities underflow to 0, so
     * N_k = 0. It keeps its mean and covariance, is reported once in notices and to the listener,
     * and nothing turns into NaN.
     */
    @Test
    void aComponentThatReceivesNoWeightIsReportedAndTheModelStaysFinite() {
        GaussianMixtureModel start = threeComponentStart(new double[] {1e4, -1e4});
        List<String> heard = new ArrayList<>();
        FitListener listener =
                new FitListener() {
                    @Override
                    public void onNotice(String message) {
                        heard.add(message);
                    }
                };
        FitResult r =
                Fits.fit(
                        BLOBS,
                        null,
                        FitOptions.warmStart(start)
                                .withTol(0)
                                .withMaxIter(4)
                                .withListener(listener));
        Fits.assertSound(r);
        assertEquals(
                1,
                r.convergence().notices().size(),
                "one notice per run, not per step: " + r.convergence().notices());
        assertEquals(r.convergence().notices(), heard, "the listener hears the notices");
        for (String notice : r.convergence().notices()) {
            assertTrue(notice.contains("component 2"), notice);
        }
        GaussianMixtureModel m = r.model();
        assertArrayEquals(
                new double[] {1e4, -1e4}, m.mean(2), "the empty component keeps its mean");
        assertArrayEquals(
                start.covarianceBlocks()[2], m.covarianceBlocks()[2], "and its covariance");
        assertEquals(0.0, m.weight(2), 0.0, "its weight is its share");
        assertEquals(1.0, m.weight(0) + m.weight(1), 1e-12, "the others share all the weight");
    }

    @Test
    void theListenerHearsEveryStepOnce() {
        List<int[]> steps = new ArrayList<>();
        List<Double> means = new ArrayList<>();
        FitListener listener =
                new FitListener() {
                    @Override
                    public void onStep(int restart, int step, double mean, double change) {
                        steps.add(new int[] {restart, step});
                        means.add(mean);
                    }
                };
        FitResult r = Fits.fit(BLOBS, null, FitOptions.of(3).withSeed(1).withListener(listener));
        assertEquals(r.convergence().history().length, steps.size(), "calls, one per model kept");
        for (int i = 0; i < steps.size(); i++) {
            assertEquals(0, steps.get(i)[0], "restart of call " + i);
            assertTrue(
                    steps.get(i)[1] > (i == 0 ? 0 : steps.get(i - 1)[1])
                            && steps.get(i)[1] <= r.convergence().passes(),
                    "call " + i + " names its pass: " + steps.get(i)[1]);
            assertEquals(
                    r.convergence().history()[i],
                    means.get(i),
                    0.0,
                    "mean log-likelihood at step " + (i + 1));
        }
    }
}
