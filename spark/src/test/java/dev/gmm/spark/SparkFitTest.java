/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmm.CovarianceType;
import dev.gmm.GmmException;
import dev.gmm.Precision;
import dev.gmm.data.InMemoryDataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * dev.gmm.spark on a local[2] session: a Spark fit is the engine's fit of the same rows (same
 * start, tol 0), for every covariance type, weighted or not, in float and double; the same bits
 * whatever the order tasks finish in; bad input one clear GmmException.
 */
class SparkFitTest {

    private static SparkSession spark;
    private static JavaSparkContext jsc;

    @BeforeAll
    static void start() {
        spark =
                SparkSession.builder()
                        .master("local[2]")
                        .appName("gmm-spark-test")
                        .config("spark.ui.enabled", "false")
                        .config("spark.sql.shuffle.partitions", "2")
                        .getOrCreate();
        jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** Three blobs in three columns, and a weight for each row. */
    private static double[][] rows(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] centres = {{0, 0, 0}, {5, 1, -2}, {-3, 6, 1}};
        double[][] x = new double[n][4];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) {
                x[i][j] = centres[i % 3][j] + rng.nextGaussian();
            }
            x[i][3] = 0.5 + rng.nextDouble();
        }
        return x;
    }

    private static Dataset<Row> frame(double[][] x, int partitions) {
        return frame(x, partitions, false);
    }

    /** The rows' features as a Vector column, sparse or dense, and their weights. */
    private static Dataset<Row> frame(double[][] x, int partitions, boolean sparse) {
        List<Row> list = new ArrayList<>();
        for (double[] r : x) {
            Vector v = Vectors.dense(r[0], r[1], r[2]);
            list.add(RowFactory.create(sparse ? v.toSparse() : v, r[3]));
        }
        StructType schema =
                new StructType()
                        .add("features", SQLDataTypes.VectorType())
                        .add("w", DataTypes.DoubleType);
        return spark.createDataFrame(jsc.parallelize(list, partitions), schema);
    }

    private static double[][] features(double[][] x) {
        double[][] f = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            f[i] = new double[] {x[i][0], x[i][1], x[i][2]};
        }
        return f;
    }

    private static double[] weights(double[][] x) {
        double[] w = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            w[i] = x[i][3];
        }
        return w;
    }

    @ParameterizedTest
    @EnumSource(CovarianceType.class)
    void aSparkFitIsTheEnginesFitOfTheSameRows(CovarianceType type) {
        double[][] x = rows(3000, 1);
        for (boolean weighted : new boolean[] {false, true}) {
            for (Precision precision : Precision.values()) {
                dev.gmm.GaussianMixtureModel start =
                        dev.gmm.GaussianMixture.builder()
                                .components(3)
                                .covarianceType(type)
                                .maxIter(1)
                                .seed(5)
                                .backend("cpu")
                                .build()
                                .fit(features(x));
                dev.gmm.GaussianMixtureModel engine =
                        dev.gmm.GaussianMixture.builder()
                                .initModel(start)
                                .maxIter(10)
                                .tol(0)
                                .backend("cpu")
                                .precision(precision)
                                .build()
                                .fit(
                                        InMemoryDataSource.of(
                                                "rows", features(x), weighted ? weights(x) : null));
                GaussianMixture est =
                        new GaussianMixture()
                                .setInitialModel(start)
                                .setMaxIter(10)
                                .setTol(0)
                                .setPrecision(precision.id())
                                .setBackend("cpu");
                if (weighted) {
                    est.setWeightCol("w");
                }
                GaussianMixtureModel m = est.fit(frame(x, 4));
                double[] ours = m.summary().logLikelihoodHistory();
                double[] theirs = engine.summary().lowerBoundHistory();
                double tolerance = precision == Precision.DOUBLE ? 1e-10 : 1e-6;
                if (precision == Precision.DOUBLE) {
                    assertEquals(theirs.length, ours.length);
                }
                // in float, rows relative to each partition's own offset round differently, and
                // near the maximum SQUAREM may then keep or drop a point the other fit did not
                for (int i = 0; i < Math.min(ours.length, theirs.length); i++) {
                    assertEquals(
                            theirs[i],
                            ours[i],
                            tolerance * Math.abs(theirs[i]),
                            type + " step " + (i + 1));
                }
                if (precision == Precision.DOUBLE) {
                    assertEquals(
                            engine.summary().icl(),
                            m.summary().icl(),
                            1e-9 * Math.abs(engine.summary().icl()),
                            type + ": ICL");
                }
                double[][] a = engine.means();
                double[][] b = m.toEngineModel().means();
                for (int c = 0; c < 3; c++) {
                    for (int j = 0; j < 3; j++) {
                        assertEquals(a[c][j], b[c][j], precision == Precision.DOUBLE ? 1e-9 : 1e-4);
                    }
                }
            }
        }
    }

    /**
     * A device backend on an executor keeps each block's rows from step to step (a GPU would
     * otherwise copy them every step), gives the cpu backend's fit, and releases them at the end.
     */
    @Test
    void aDeviceBackendLoadsEachBlockOnceAFitAndReleasesItAtTheEnd() {
        double[][] x = rows(3000, 4);
        GaussianMixture est = new GaussianMixture().setK(3).setSeed(2).setMaxIter(8).setTol(0);
        GaussianMixtureModel cpuFit = est.setBackend("cpu").fit(frame(x, 3));
        dev.gmm.GaussianMixtureModel cpu = cpuFit.toEngineModel();
        // with the entropy the fit ends on a statistics pass, without it on a scoring pass
        String[] backends = {
            HeldRowsBackendProvider.NAME, HeldRowsBackendProvider.WithoutEntropy.NAME
        };
        for (String backend : backends) {
            int loads = HeldRowsBackendProvider.loads();
            int releases = HeldRowsBackendProvider.releases();
            GaussianMixtureModel held = est.setBackend(backend).fit(frame(x, 3));
            assertEquals(cpu, held.toEngineModel(), backend + ": the same arithmetic");
            assertEquals(8, held.summary().iterations(), "steps");
            assertEquals(
                    cpuFit.summary().icl(),
                    held.summary().icl(),
                    1e-9 * Math.abs(cpuFit.summary().icl()),
                    backend + ": ICL, from the last pass's entropy or the scoring pass's");
            // a scoring pass copies its rows slice by slice itself, as on one machine: here one
            // slice a block
            int expected = backend.equals(HeldRowsBackendProvider.NAME) ? 3 : 6;
            assertEquals(
                    expected,
                    HeldRowsBackendProvider.loads() - loads,
                    backend + ": one load per block for all the statistics passes");
            assertEquals(
                    expected,
                    HeldRowsBackendProvider.releases() - releases,
                    backend + ": every block released after the fit");
        }
    }

    @Test
    void theSameDataAndPartitioningGiveTheSameBitsWhateverTheTaskOrder() {
        double[][] x = rows(4000, 2);
        GaussianMixture est = new GaussianMixture().setK(3).setSeed(3).setMaxIter(20);
        dev.gmm.GaussianMixtureModel first = est.fit(frame(x, 5)).toEngineModel();
        for (int run = 0; run < 2; run++) {
            dev.gmm.GaussianMixtureModel again = est.fit(frame(x, 5)).toEngineModel();
            assertEquals(first, again, "bit-identical");
        }
    }

    @Test
    void transformAddsPredictionAndProbability() {
        double[][] x = rows(900, 3);
        GaussianMixtureModel m = new GaussianMixture().setK(3).setSeed(1).fit(frame(x, 2));
        List<Row> out =
                m.transform(frame(x, 2)).select("prediction", "probability").collectAsList();
        dev.gmm.GaussianMixtureModel engine = m.toEngineModel();
        for (int i = 0; i < x.length; i += 97) {
            assertEquals(engine.predict(features(x)[i]), out.get(i).getInt(0));
            double[] p = ((org.apache.spark.ml.linalg.Vector) out.get(i).get(1)).toArray();
            assertEquals(1.0, p[0] + p[1] + p[2], 1e-12);
        }
        assertTrue(m.summary().converged());
        int kept = m.summary().logLikelihoodHistory().length;
        assertTrue(m.summary().iterations() <= kept && kept <= m.summary().passes());
        GaussianMixtureModel wrapped = GaussianMixtureModel.fromEngineModel(engine);
        assertArrayEquals(engine.weights(), wrapped.toEngineModel().weights());
    }

    @Test
    void aModelAndAnEstimatorSaveAndLoadWithSparksPersistence(@TempDir java.nio.file.Path dir)
            throws Exception {
        double[][] x = rows(600, 7);
        GaussianMixture est =
                new GaussianMixture()
                        .setK(3)
                        .setSeed(4)
                        .setCovarianceType("diag")
                        .setPredictionCol("c");
        GaussianMixtureModel m = est.fit(frame(x, 2));
        String at = dir.resolve("model").toString();
        m.save(at);
        GaussianMixtureModel back = GaussianMixtureModel.load(at);
        assertEquals(m.toEngineModel(), back.toEngineModel());
        assertEquals(m.uid(), back.uid());
        assertEquals("c", back.getOrDefault(back.predictionCol()));
        assertEquals(
                m.transform(frame(x, 2)).select("c").collectAsList(),
                back.transform(frame(x, 2)).select("c").collectAsList());
        assertTrue(
                java.nio.file.Files.readString(
                                dir.resolve("model").resolve(GaussianMixtureModel.MODEL_FILE))
                        .contains("\"covarianceType\" : \"diag\""),
                "the engine's model file, as gmm fit writes it");
        est.write().save(dir.resolve("estimator").toString());
        GaussianMixture e2 = GaussianMixture.load(dir.resolve("estimator").toString());
        assertEquals(3, (Integer) e2.getOrDefault(e2.k()));
        assertEquals("diag", e2.getOrDefault(e2.covarianceType()));
        // a warm start is saved with the estimator, as the engine's model file
        GaussianMixture warm =
                new GaussianMixture().setInitialModel(m.toEngineModel()).setMaxIter(3);
        warm.save(dir.resolve("warm").toString());
        GaussianMixture warmBack = GaussianMixture.load(dir.resolve("warm").toString());
        assertEquals(
                warm.fit(frame(x, 2)).toEngineModel(),
                warmBack.fit(frame(x, 2)).toEngineModel(),
                "the loaded estimator starts from the same model");
        assertThrows(
                java.io.IOException.class, () -> m.save(at), "an existing path is not overwritten");
    }

    @Test
    void badInputIsOneClearError() {
        double[][] x = rows(300, 4);
        x[17][1] = Double.NaN;
        GmmException nan =
                assertThrows(
                        GmmException.class, () -> new GaussianMixture().setK(2).fit(frame(x, 2)));
        assertTrue(nan.getMessage().contains("NaN"), nan.getMessage());

        StructType schema =
                new StructType().add("a", DataTypes.StringType).add("b", DataTypes.DoubleType);
        Dataset<Row> text = spark.createDataFrame(List.of(RowFactory.create("x", 1.0)), schema);
        GmmException string =
                assertThrows(
                        GmmException.class,
                        () ->
                                new GaussianMixture()
                                        .setK(1)
                                        .setInputCols(new String[] {"a", "b"})
                                        .fit(text));
        assertTrue(
                string.getMessage().contains("'a'") && string.getMessage().contains("numeric"),
                string.getMessage());

        dev.gmm.GaussianMixtureModel twoD =
                dev.gmm.GaussianMixtureModel.of(
                        CovarianceType.SPHERICAL,
                        new double[] {1},
                        new double[][] {{0, 0}},
                        new double[][] {{1}});
        GmmException dims =
                assertThrows(
                        GmmException.class,
                        () ->
                                new GaussianMixture()
                                        .setInitialModel(twoD)
                                        .fit(frame(rows(30, 5), 2)));
        assertTrue(
                dims.getMessage().contains("2 dimensions")
                        && dims.getMessage().contains("3 features"),
                dims.getMessage());
        assertThrows(
                GmmException.class,
                () -> new GaussianMixture().fit(frame(rows(30, 5), 2)),
                "K is required");
    }

    @Test
    void numericColumnsServeAsFeatures() {
        double[][] x = rows(600, 6);
        List<Row> list = new ArrayList<>();
        for (double[] r : x) {
            list.add(RowFactory.create(r[0], r[1], r[2]));
        }
        StructType schema =
                new StructType()
                        .add("a", DataTypes.DoubleType)
                        .add("b", DataTypes.DoubleType)
                        .add("c", DataTypes.DoubleType);
        Dataset<Row> cols = spark.createDataFrame(jsc.parallelize(list, 2), schema);
        dev.gmm.GaussianMixtureModel byColumns =
                new GaussianMixture()
                        .setK(3)
                        .setSeed(2)
                        .setInputCols(new String[] {"a", "b", "c"})
                        .fit(cols)
                        .toEngineModel();
        dev.gmm.GaussianMixtureModel byVector =
                new GaussianMixture().setK(3).setSeed(2).fit(frame(x, 2)).toEngineModel();
        assertEquals(byVector, byColumns);
    }

    @Test
    void sparseVectorsFitAsTheirDenseRows() {
        double[][] x = rows(600, 7);
        for (int i = 0; i < x.length; i += 5) {
            x[i][1] = 0;
        }
        Dataset<Row> sparse = frame(x, 2, true);
        dev.gmm.GaussianMixtureModel fromSparse =
                new GaussianMixture()
                        .setK(3)
                        .setSeed(2)
                        .setWeightCol("w")
                        .fit(sparse)
                        .toEngineModel();
        dev.gmm.GaussianMixtureModel fromDense =
                new GaussianMixture()
                        .setK(3)
                        .setSeed(2)
                        .setWeightCol("w")
                        .fit(frame(x, 2))
                        .toEngineModel();
        assertEquals(fromDense, fromSparse);
    }
}
