/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package example.usage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmm.CovarianceType;
import dev.gmm.FitListener;
import dev.gmm.FitSummary;
import dev.gmm.GaussianMixture;
import dev.gmm.GaussianMixtureModel;
import dev.gmm.GmmException;
import dev.gmm.InitMethod;
import dev.gmm.ModelSelection;
import dev.gmm.Precision;
import dev.gmm.data.DataFiles;
import dev.gmm.data.DataOptions;
import dev.gmm.data.DataSource;
import dev.gmm.data.NpyWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gmm-engine as a Java user sees it: only the exported packages (dev.gmm, dev.gmm.data), the calls
 * of the README's "Use from Java", and what a user expects of them.
 */
class PublicApiTest {

    @TempDir Path dir;

    /** Three well separated blobs in two columns. */
    static double[][] blobs(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] centres = {{0, 0}, {6, 1}, {-3, 7}};
        double[][] x = new double[n][2];
        for (int i = 0; i < n; i++) {
            double[] c = centres[i % 3];
            x[i][0] = c[0] + rng.nextGaussian();
            x[i][1] = c[1] + 0.5 * rng.nextGaussian();
        }
        return x;
    }

    private static GaussianMixture estimator() {
        return GaussianMixture.builder()
                .components(3)
                .covarianceType(CovarianceType.FULL)
                .maxIter(100)
                .tol(1e-3)
                .regCovar(1e-6)
                .nInit(1)
                .seed(42)
                .init(InitMethod.KMEANS)
                .backend("cpu")
                .precision(Precision.DOUBLE)
                .build();
    }

    @Test
    void fitPredictScoreAndSampleAsTheReadmeShows() {
        double[][] x = blobs(3000, 1);
        GaussianMixtureModel m = estimator().fit(x);
        int[] labels = m.predict(x);
        double[][] p = m.predictProba(x);
        double[] logp = m.scoreSamples(x);
        double mean = m.score(x);
        assertEquals(3000, labels.length);
        assertEquals(3, p[0].length);
        for (int i = 0; i < x.length; i++) {
            assertEquals(1.0, p[i][0] + p[i][1] + p[i][2], 1e-12);
            assertEquals(m.predict(x[i]), labels[i], "the batch and the per-row prediction agree");
            assertEquals(m.logDensity(x[i]), logp[i], 1e-12 * Math.abs(logp[i]));
        }
        double sum = 0;
        for (double l : logp) {
            sum += l;
        }
        assertEquals(sum / x.length, mean, 1e-12 * Math.abs(mean));
        FitSummary s = m.summary();
        assertTrue(s.converged());
        assertTrue(s.iterations() <= s.lowerBoundHistory().length);
        assertTrue(s.lowerBoundHistory().length <= s.passes());
        assertEquals("cpu", s.backend());
        assertEquals(
                mean,
                s.meanLogLikelihood(),
                1e-12 * Math.abs(mean),
                "score(x) is the summary's number");
        assertEquals(s.bic(), m.bic(x), 1e-9 * Math.abs(s.bic()));
        assertEquals(s.aic(), m.aic(x), 1e-9 * Math.abs(s.aic()));
        double[][] rows = m.sample(1000, 7L);
        assertEquals(1000, rows.length);
        assertArrayEquals(rows[999], m.sample(1000, 7L)[999], "the same seed draws the same rows");
        assertEquals(1.0, m.weights()[0] + m.weights()[1] + m.weights()[2], 1e-12);
        assertEquals(3, m.means().length);
        assertEquals(2, m.covariances()[0].length, "covariances as K x d x d");
    }

    @Test
    void theModelIsImmutableAndDefensive() {
        GaussianMixtureModel m = estimator().fit(blobs(600, 2));
        double before = m.weights()[0];
        m.weights()[0] = 99;
        m.means()[0][0] = 99;
        m.covariances()[0][0][0] = 99;
        assertEquals(before, m.weights()[0], 0.0);
        assertFalse(m.means()[0][0] == 99);
        assertEquals(
                m,
                GaussianMixtureModel.of(
                        m.covarianceType(), m.weights(), m.means(), m.covarianceBlocks()));
        assertTrue(m.toString().startsWith("GaussianMixtureModel[full, K=3, d=2"), m.toString());
    }

    @Test
    void aSavedModelLoadsBackEqualWithItsColumnsAndWorks() throws Exception {
        double[][] x = blobs(900, 3);
        GaussianMixtureModel m = estimator().fit(x);
        Path file = dir.resolve("model.json");
        m.save(file);
        GaussianMixtureModel back = GaussianMixtureModel.load(file);
        assertEquals(m, back);
        assertNull(back.summary(), "a loaded model was not fitted here");
        assertArrayEquals(m.predict(x), back.predict(x));
        assertTrue(
                Files.readString(file).contains("\"iterations\""),
                "how it was fitted is in the file's metadata");
    }

    @Test
    void selectionByBicFindsTheThreeBlobs() {
        ModelSelection.Result r =
                ModelSelection.byBic(blobs(1500, 4), 1, 5, CovarianceType.values());
        assertEquals(5 * 4, r.candidates().size(), "every K for every type");
        assertEquals(3, r.best().components());
        assertNotNull(r.best().model());
        for (ModelSelection.Candidate c : r.candidates()) {
            assertTrue(
                    c.failed()
                            || c.value(ModelSelection.Criterion.BIC)
                                    >= r.best().value(ModelSelection.Criterion.BIC));
        }
    }

    @Test
    void anNpyFileLargerThanOneChunkIsStreamed() throws Exception {
        double[][] x = blobs(5000, 5);
        Path npy = dir.resolve("rows.npy");
        try (NpyWriter w = NpyWriter.create(npy, Precision.DOUBLE, x.length, 2)) {
            for (double[] row : x) {
                w.writeRow(row);
            }
        }
        GaussianMixtureModel inMemory = estimator().fit(x);
        try (DataSource data = DataFiles.open(npy, DataOptions.defaults().withChunkRows(700))) {
            assertTrue(data.chunkCount() > 1);
            GaussianMixtureModel streamed = estimator().fit(data);
            assertEquals(inMemory.summary().lowerBound(), streamed.summary().lowerBound(), 1e-12);
            assertArrayEquals(inMemory.predict(x), streamed.predict(data));
            assertEquals(inMemory.score(x), streamed.score(data), 1e-12);
        }
    }

    @Test
    void fitsOnEightThreadsAtOnceGiveBitIdenticalModels() throws Exception {
        double[][] x = blobs(4000, 6);
        GaussianMixture est = estimator();
        GaussianMixtureModel alone = est.fit(x);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<GaussianMixtureModel>> fits = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                fits.add(pool.submit(() -> est.fit(x)));
            }
            for (Future<GaussianMixtureModel> f : fits) {
                GaussianMixtureModel m = f.get();
                assertEquals(alone, m, "bit-identical");
                assertEquals(alone.summary().lowerBound(), m.summary().lowerBound(), 0.0);
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aFitThatStopsAtMaxIterSaysSoAndACancelledFitThrows() {
        List<String> notices = new ArrayList<>();
        GaussianMixtureModel m =
                estimator().toBuilder()
                        .maxIter(1)
                        .tol(1e-12)
                        .listener(
                                new FitListener() {
                                    @Override
                                    public void onNotice(String message) {
                                        notices.add(message);
                                    }
                                })
                        .build()
                        .fit(blobs(600, 7));
        assertFalse(m.summary().converged());
        assertTrue(
                notices.stream().anyMatch(n -> n.contains("did not converge")), notices.toString());
        assertTrue(m.summary().notices().stream().anyMatch(n -> n.contains("did not converge")));

        GmmException e =
                assertThrows(
                        GmmException.class,
                        () ->
                                estimator().toBuilder()
                                        .listener(
                                                new FitListener() {
                                                    @Override
                                                    public boolean cancelled() {
                                                        return true;
                                                    }
                                                })
                                        .build()
                                        .fit(blobs(600, 7)));
        assertEquals(GmmException.Category.CANCELLED, e.category());
    }

    @Test
    void badInputIsAGmmExceptionInApiTerms() {
        GmmException noK =
                assertThrows(GmmException.class, () -> GaussianMixture.builder().build());
        assertTrue(noK.getMessage().contains("components"), noK.getMessage());
        GmmException iter =
                assertThrows(GmmException.class, () -> GaussianMixture.builder().maxIter(0));
        assertTrue(iter.getMessage().contains("maxIter"), iter.getMessage());
        assertThrows(GmmException.class, () -> estimator().fit((double[][]) null));
        assertThrows(GmmException.class, () -> estimator().fit(new double[][] {{1, 2}, {3}}));
        assertThrows(
                GmmException.class,
                () -> estimator().fit(new double[][] {{1, Double.NaN}, {3, 4}, {5, 6}}));
        GaussianMixtureModel m = estimator().fit(blobs(300, 8));
        GmmException shape =
                assertThrows(GmmException.class, () -> m.predict(new double[][] {{1, 2, 3}}));
        assertTrue(shape.getMessage().contains("3 columns"), shape.getMessage());
        assertThrows(
                GmmException.class,
                () -> m.withBackend("quantum", Precision.DOUBLE).predict(blobs(10, 1)));
    }

    @Test
    void floatRowsFitAsDoubleRowsDo() {
        double[][] x = blobs(3000, 9);
        float[][] f = new float[x.length][2];
        for (int i = 0; i < x.length; i++) {
            f[i][0] = (float) x[i][0];
            f[i][1] = (float) x[i][1];
        }
        GaussianMixtureModel d = estimator().fit(x);
        GaussianMixtureModel fl = estimator().toBuilder().precision(Precision.FLOAT).build().fit(f);
        assertEquals(Precision.FLOAT, fl.summary().precision());
        assertEquals(d.summary().lowerBound(), fl.summary().lowerBound(), 1e-5);
    }
}
