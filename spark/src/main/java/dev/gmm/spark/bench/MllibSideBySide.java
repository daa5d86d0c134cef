/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.spark.bench;

import dev.gmm.CovarianceType;
import dev.gmm.GaussianMixtureModel;
import dev.gmm.data.DataFiles;
import dev.gmm.data.DataOptions;
import dev.gmm.data.DataSource;
import dev.gmm.spark.GaussianMixture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.mllib.linalg.Matrices;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.stat.distribution.MultivariateGaussian;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Spark MLlib's GaussianMixture (the RDD API) against dev.gmm.spark on one peer case, from the
 * case's init.json, a fixed number of EM steps (convergence tolerance 0), rows cached before the
 * clock starts. Each engine first makes one untimed warm-up fit, then the timed fits alternate,
 * ROUNDS of each, the order swapped every round. Prints one JSON line per timed fit, then a line
 * per engine with the median seconds per step, the spread, and the final model's mean
 * log-likelihood over the rows (both models scored by the engine).
 *
 * <p>Usage: MllibSideBySide CASE_DIR STEPS [ROUNDS [WARMUPS]] (defaults 3 and 1), under local[2].
 * More warm-up fits show each engine nearer its steady state in a long-lived JVM.
 */
public final class MllibSideBySide {

    private MllibSideBySide() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int steps = Integer.parseInt(args[1]);
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int warmUps = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        GaussianMixtureModel init = GaussianMixtureModel.load(dir.resolve("init.json"));
        SparkSession spark =
                SparkSession.builder()
                        .master(System.getProperty("spark.master", "local[2]"))
                        .appName("mllib side by side")
                        .config("spark.ui.enabled", "false")
                        .config("spark.driver.memory", "8g")
                        .getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int parts = jsc.defaultParallelism();
        Path npy = dir.resolve("data.npy");
        JavaRDD<double[]> rows = rows(jsc, npy, parts);
        JavaRDD<Vector> rdd = rows.map(Vectors::dense).persist(StorageLevel.MEMORY_ONLY());
        rdd.count();
        Dataset<Row> df =
                spark.createDataFrame(
                                rows.map(
                                        r ->
                                                RowFactory.create(
                                                        org.apache.spark.ml.linalg.Vectors.dense(
                                                                r))),
                                new StructType().add("features", SQLDataTypes.VectorType()))
                        .persist(StorageLevel.MEMORY_ONLY());
        df.count();
        Timed ours = new Timed();
        Timed theirs = new Timed();
        dev.gmm.spark.GaussianMixtureModel oursLast = null;
        org.apache.spark.mllib.clustering.GaussianMixtureModel theirsLast = null;
        for (int round = -warmUps; round < rounds; round++) {
            boolean warmUp = round < 0;
            for (int turn = 0; turn < 2; turn++) {
                boolean gmmTurn = (turn == 0) == (round % 2 == 0);
                long t0 = System.nanoTime();
                if (gmmTurn) {
                    oursLast =
                            new GaussianMixture()
                                    .setInitialModel(init)
                                    .setMaxIter(steps)
                                    .setTol(0)
                                    .setAcceleration("none")
                                    .fit(df);
                } else {
                    theirsLast =
                            new org.apache.spark.mllib.clustering.GaussianMixture()
                                    .setK(init.components())
                                    .setMaxIterations(steps)
                                    .setConvergenceTol(0)
                                    .setInitialModel(mllibModel(init))
                                    .run(rdd);
                }
                double perStep = (System.nanoTime() - t0) * 1e-9 / steps;
                if (!warmUp) {
                    (gmmTurn ? ours : theirs).add(perStep);
                    System.out.printf(
                            Locale.ROOT,
                            "{\"engine\": \"%s\", \"round\": %d, \"seconds_per_iteration\": %.4f}%n",
                            gmmTurn ? "gmm-spark" : "mllib",
                            round + 1,
                            perStep);
                }
            }
        }
        double oursLl = oursLast.summary().logLikelihood();
        double theirsLl;
        try (DataSource all = DataFiles.open(npy, DataOptions.defaults())) {
            theirsLl =
                    engineModel(theirsLast).withBackend("cpu", dev.gmm.Precision.DOUBLE).score(all);
        }
        print("gmm-spark", ours, oursLl, parts);
        print("mllib", theirs, theirsLl, parts);
        System.out.printf(
                Locale.ROOT,
                "{\"ratio_of_medians\": %.2f, \"log_likelihood_difference\": %.3e}%n",
                theirs.median() / ours.median(),
                oursLl - theirsLl);
        spark.stop();
    }

    /** The case's rows read from the file in ranges, so no task carries rows in its partition. */
    private static JavaRDD<double[]> rows(JavaSparkContext jsc, Path npy, int parts)
            throws java.io.IOException {
        long[] shape = DataFiles.npyShape(npy);
        List<long[]> ranges = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            ranges.add(
                    new long[] {
                        shape[0] * p / parts, shape[0] * (p + 1) / parts - shape[0] * p / parts
                    });
        }
        String path = npy.toString();
        return jsc.parallelize(ranges, parts)
                .flatMap(
                        r -> {
                            List<double[]> out = new ArrayList<>();
                            try (DataSource src =
                                    DataFiles.openNpyRows(
                                            Path.of(path), DataOptions.defaults(), r[0], r[1])) {
                                double[] buf = new double[src.dims()];
                                for (int c = 0; c < src.chunkCount(); c++) {
                                    var chunk = src.chunk(c);
                                    for (int i = 0; i < chunk.rows(); i++) {
                                        chunk.copyRows(i, 1, buf, 0);
                                        out.add(buf.clone());
                                    }
                                }
                            }
                            return out.iterator();
                        });
    }

    /**
     * The start in MLlib's terms, made afresh for every fit: MLlib's EM updates its initial model's
     * arrays in place.
     */
    private static org.apache.spark.mllib.clustering.GaussianMixtureModel mllibModel(
            GaussianMixtureModel init) {
        MultivariateGaussian[] g = new MultivariateGaussian[init.components()];
        int d = init.dimensions();
        for (int k = 0; k < g.length; k++) {
            double[][] cov = init.covariance(k);
            double[] colMajor = new double[d * d];
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    colMajor[j * d + i] = cov[i][j];
                }
            }
            g[k] =
                    new MultivariateGaussian(
                            Vectors.dense(init.mean(k)), Matrices.dense(d, d, colMajor));
        }
        return new org.apache.spark.mllib.clustering.GaussianMixtureModel(init.weights(), g);
    }

    private static GaussianMixtureModel engineModel(
            org.apache.spark.mllib.clustering.GaussianMixtureModel m) {
        double[][] means = new double[m.k()][];
        double[][] covs = new double[m.k()][];
        for (int k = 0; k < m.k(); k++) {
            means[k] = m.gaussians()[k].mu().toArray();
            covs[k] = m.gaussians()[k].sigma().toArray();
        }
        return GaussianMixtureModel.of(CovarianceType.FULL, m.weights(), means, covs);
    }

    /** Seconds per step of each timed fit. */
    private static final class Timed {
        private final List<Double> seconds = new ArrayList<>();

        void add(double s) {
            seconds.add(s);
        }

        double median() {
            List<Double> sorted = new ArrayList<>(seconds);
            java.util.Collections.sort(sorted);
            int n = sorted.size();
            return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        }

        double min() {
            return java.util.Collections.min(seconds);
        }

        double max() {
            return java.util.Collections.max(seconds);
        }
    }

    private static void print(String engine, Timed t, double meanLogLikelihood, int parts) {
        System.out.printf(
                Locale.ROOT,
                "{\"engine\": \"%s\", \"median_seconds_per_iteration\": %.4f, \"min\": %.4f,"
                        + " \"max\": %.4f, \"mean_log_likelihood\": %.9f, \"partitions\": %d}%n",
                engine,
                t.median(),
                t.min(),
                t.max(),
                meanLogLikelihood,
                parts);
    }
}
