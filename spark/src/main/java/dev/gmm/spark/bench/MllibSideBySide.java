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
 * clock starts. Prints one JSON line per engine: seconds per step and the final model's mean
 * log-likelihood over the rows, both models scored by the engine.
 *
 * <p>Usage: MllibSideBySide CASE_DIR STEPS [mllib|gmm]... (default both), under local[2].
 */
public final class MllibSideBySide {

    private MllibSideBySide() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int steps = Integer.parseInt(args[1]);
        List<String> which =
                args.length > 2 ? List.of(args).subList(2, args.length) : List.of("gmm", "mllib");
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
        long[] shape = DataFiles.npyShape(npy);
        List<long[]> ranges = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            ranges.add(
                    new long[] {
                        shape[0] * p / parts, shape[0] * (p + 1) / parts - shape[0] * p / parts
                    });
        }
        String path = npy.toString();
        // rows read from the file in ranges, so no task carries rows in its partition
        JavaRDD<double[]> rows =
                jsc.parallelize(ranges, parts)
                        .flatMap(
                                r -> {
                                    List<double[]> out = new ArrayList<>();
                                    try (DataSource src =
                                            DataFiles.openNpyRows(
                                                    Path.of(path),
                                                    DataOptions.defaults(),
                                                    r[0],
                                                    r[1])) {
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
        for (String engine : which) {
            if (engine.equals("mllib")) {
                JavaRDD<Vector> rdd = rows.map(Vectors::dense).persist(StorageLevel.MEMORY_ONLY());
                rdd.count();
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
                long t0 = System.nanoTime();
                org.apache.spark.mllib.clustering.GaussianMixtureModel m =
                        new org.apache.spark.mllib.clustering.GaussianMixture()
                                .setK(init.components())
                                .setMaxIterations(steps)
                                .setConvergenceTol(0)
                                .setInitialModel(
                                        new org.apache.spark.mllib.clustering.GaussianMixtureModel(
                                                init.weights(), g))
                                .run(rdd);
                double seconds = (System.nanoTime() - t0) * 1e-9;
                double[][] means = new double[m.k()][];
                double[][] covs = new double[m.k()][];
                for (int k = 0; k < m.k(); k++) {
                    means[k] = m.gaussians()[k].mu().toArray();
                    covs[k] = m.gaussians()[k].sigma().toArray();
                }
                GaussianMixtureModel theirs =
                        GaussianMixtureModel.of(CovarianceType.FULL, m.weights(), means, covs);
                try (DataSource all = DataFiles.open(npy, DataOptions.defaults())) {
                    print(
                            "mllib",
                            seconds / steps,
                            theirs.withBackend("cpu", dev.gmm.Precision.DOUBLE).score(all),
                            parts);
                }
                rdd.unpersist(true);
            } else {
                Dataset<Row> df =
                        spark.createDataFrame(
                                        rows.map(
                                                r ->
                                                        RowFactory.create(
                                                                org.apache.spark.ml.linalg.Vectors
                                                                        .dense(r))),
                                        new StructType().add("features", SQLDataTypes.VectorType()))
                                .persist(StorageLevel.MEMORY_ONLY());
                df.count();
                long t0 = System.nanoTime();
                dev.gmm.spark.GaussianMixtureModel m =
                        new GaussianMixture()
                                .setInitialModel(init)
                                .setMaxIter(steps)
                                .setTol(0)
                                .fit(df);
                double seconds = (System.nanoTime() - t0) * 1e-9;
                print("gmm-spark", seconds / steps, m.summary().logLikelihood(), parts);
                df.unpersist(true);
            }
        }
        spark.stop();
    }

    private static void print(
            String engine, double secondsPerStep, double meanLogLikelihood, int parts) {
        System.out.printf(
                Locale.ROOT,
                "{\"engine\": \"%s\", \"seconds_per_iteration\": %.4f, \"mean_log_likelihood\": %.9f,"
                        + " \"partitions\": %d}%n",
                engine,
                secondsPerStep,
                meanLogLikelihood,
                parts);
    }
}
