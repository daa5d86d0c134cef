/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.gmm.Acceleration;
import dev.gmm.GaussianMixtureModel;
import dev.gmm.GmmException;
import dev.gmm.data.AtomicOutput;
import dev.gmm.data.DataFiles;
import dev.gmm.data.DataOptions;
import dev.gmm.data.DataSource;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The job to submit: {@code spark-submit --class dev.gmm.spark.FitJob gmm-spark-job.jar fit DATA -k
 * K ...}, with the {@code gmm fit} options that apply. DATA is Parquet, CSV or NPY (read in row
 * ranges, one per partition). Exit codes as gmm's: 0 done, 2 bad input, 1 an internal error.
 */
@Command(
        name = "gmm-spark",
        mixinStandardHelpOptions = true,
        subcommands = FitJob.Fit.class,
        description = "Fit Gaussian mixtures on Apache Spark with gmm-engine's backends.")
public final class FitJob implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(
                run(
                        args,
                        new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                        new PrintWriter(System.err, true, StandardCharsets.UTF_8)));
    }

    /** Runs the command line, printing to {@code out} and {@code err}; returns the exit code. */
    static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cmd = new CommandLine(new FitJob());
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setParameterExceptionHandler(
                (ex, a) -> {
                    err.println("gmm-spark: " + ex.getMessage());
                    err.println("Try 'gmm-spark fit --help' for more information.");
                    return 2;
                });
        cmd.setExecutionExceptionHandler(
                (ex, c, parsed) -> {
                    if (ex instanceof GmmException g) {
                        err.println("gmm-spark: " + g.getMessage());
                        return g.category() == GmmException.Category.INTERNAL ? 1 : 2;
                    }
                    err.println("gmm-spark: internal error: " + ex);
                    return 1;
                });
        return cmd.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** gmm-spark fit: EM on a cluster. */
    @Command(
            name = "fit",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description = "Fit a Gaussian mixture to DATA (Parquet, CSV or NPY) on Spark.")
    static final class Fit implements Callable<Integer> {

        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Parameters(
                index = "0",
                paramLabel = "DATA",
                description = "Parquet, CSV (with a header) or NPY.")
        String data;

        @Option(
                names = {"-k", "--components"},
                paramLabel = "K",
                description = "Number of components.")
        Integer k;

        @Option(
                names = "--covariance-type",
                paramLabel = "TYPE",
                description = "full, diag, spherical or tied (default: full).")
        String covarianceType;

        @Option(
                names = "--init",
                paramLabel = "METHOD",
                defaultValue = "kmeans",
                description =
                        "kmeans, k-means++, random or random_from_data (default: ${DEFAULT-VALUE}).")
        String init;

        @Option(
                names = "--init-model",
                paramLabel = "MODEL.json",
                description = "Start from this model.")
        Path initModel;

        @Option(
                names = "--max-iter",
                paramLabel = "N",
                defaultValue = "100",
                description =
                        "EM steps (--accel none) or accelerated iterations at most (default:"
                                + " ${DEFAULT-VALUE}).")
        int maxIter;

        @Option(
                names = "--tol",
                paramLabel = "T",
                defaultValue = "1e-3",
                description =
                        "Stop when the mean log-likelihood per row changes by less than this and"
                                + " the last changes project less than a tenth of it still to gain (0: run"
                                + " --max-iter; default: ${DEFAULT-VALUE}).")
        double tol;

        @Option(
                names = "--accel",
                paramLabel = "METHOD",
                defaultValue = "squarem",
                description =
                        "squarem (accelerated EM) or none (plain EM, as scikit-learn) (default:"
                                + " ${DEFAULT-VALUE}).")
        String accel;

        @Option(
                names = "--reg-covar",
                paramLabel = "R",
                defaultValue = "1e-6",
                description = "Added to covariance diagonals (default: ${DEFAULT-VALUE}).")
        double regCovar;

        @Option(
                names = "--n-init",
                paramLabel = "N",
                defaultValue = "1",
                description = "Initialisations (default: ${DEFAULT-VALUE}).")
        int nInit;

        @Option(
                names = "--seed",
                paramLabel = "S",
                defaultValue = "0",
                description = "Seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(
                names = "--columns",
                split = ",",
                paramLabel = "COL",
                description = "Feature columns, by name or 0-based index.")
        List<String> columns = List.of();

        @Option(
                names = "--weights-column",
                paramLabel = "COL",
                description = "A column of row weights.")
        String weightsColumn;

        @Option(
                names = "--backend",
                paramLabel = "NAME",
                defaultValue = "cpu",
                description =
                        "The engine backend on the executors: cpu, opencl, cuda or auto (default: ${DEFAULT-VALUE}).")
        String backend;

        @Option(
                names = "--precision",
                paramLabel = "P",
                defaultValue = "double",
                description = "double or float (default: ${DEFAULT-VALUE}).")
        String precision;

        @Option(
                names = "--master",
                paramLabel = "URL",
                description = "The Spark master (default: spark-submit's, else local[*]).")
        String master;

        @Option(
                names = "--partitions",
                paramLabel = "N",
                description = "Partitions of the data (default: Spark's parallelism).")
        Integer partitions;

        @Option(
                names = "--conf",
                paramLabel = "KEY=VALUE",
                description = "A Spark setting, as spark-submit's --conf.")
        Map<String, String> conf = new LinkedHashMap<>();

        @Option(
                names = {"-o", "--output"},
                paramLabel = "MODEL.json",
                description = "Write the fitted model here.")
        Path output;

        @Option(
                names = "--report",
                paramLabel = "REPORT.json",
                description = "Write a report of the run here.")
        Path report;

        @Override
        public Integer call() {
            if (initModel == null && k == null) {
                throw GmmException.input(
                        "give the number of components with -k K (or a starting model with --init-model)");
            }
            GaussianMixture est =
                    new GaussianMixture()
                            .setMaxIter(maxIter)
                            .setTol(tol)
                            .setAcceleration(Acceleration.parse(accel).id())
                            .setRegCovar(regCovar)
                            .setNInit(nInit)
                            .setSeed(seed)
                            .setInit(init)
                            .setBackend(backend)
                            .setPrecision(precision.toLowerCase(Locale.ROOT));
            if (k != null) {
                est.setK(k);
            }
            if (covarianceType != null) {
                est.setCovarianceType(covarianceType.toLowerCase(Locale.ROOT));
            }
            if (initModel != null) {
                est.setInitialModel(GaussianMixtureModel.load(initModel));
            }
            boolean existed = SparkSession.getActiveSession().isDefined();
            SparkSession.Builder builder = SparkSession.builder().appName("gmm-spark fit " + data);
            conf.forEach(builder::config);
            if (master != null) {
                builder.master(master);
            } else if (!new org.apache.spark.SparkConf().contains("spark.master")) {
                builder.master("local[*]");
            }
            SparkSession spark = builder.getOrCreate();
            try {
                JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
                int parts = partitions != null ? partitions : jsc.defaultParallelism();
                Loaded rows = load(spark, jsc, parts);
                dev.gmm.spark.GaussianMixtureModel m = est.fit(jsc, rows.blocks());
                GaussianMixtureSummary s = m.summary();
                GaussianMixtureModel engine = m.toEngineModel().withColumns(rows.names());
                if (output != null) {
                    engine.save(output);
                }
                if (report != null) {
                    report(report, s, engine, rows.names().size(), parts);
                }
                PrintWriter out = spec.commandLine().getOut();
                out.printf(
                        Locale.ROOT,
                        "fit: %s, %d rows x %d columns, K=%d %s, %d partitions on %s%n",
                        data,
                        s.rows(),
                        rows.names().size(),
                        engine.components(),
                        engine.covarianceType().id(),
                        parts,
                        spark.sparkContext().master());
                out.printf(
                        Locale.ROOT,
                        "EM: %s after %d %s (%d passes) in %.3f s%n",
                        s.converged() ? "converged" : "stopped at max-iter",
                        s.iterations(),
                        Acceleration.parse(accel) == Acceleration.NONE ? "steps" : "iterations",
                        s.passes(),
                        s.emSeconds());
                out.printf(
                        Locale.ROOT,
                        "mean log-likelihood %.6f   BIC %.2f   AIC %.2f   ICL %.2f%n",
                        s.logLikelihood(),
                        s.bic(),
                        s.aic(),
                        s.icl());
                if (output != null) {
                    out.printf("model written to %s%n", output);
                }
                return 0;
            } finally {
                // a session the caller made (a test, a notebook) is the caller's to stop
                if (!existed) {
                    spark.stop();
                }
            }
        }

        /** The rows as blocks, and the names of their columns. */
        private record Loaded(JavaRDD<Block> blocks, List<String> names) {}

        private Loaded load(SparkSession spark, JavaSparkContext jsc, int parts) {
            String lower = data.toLowerCase(Locale.ROOT);
            if (lower.startsWith("synthetic:")) {
                return synthetic(jsc, parts);
            }
            if (lower.endsWith(".npy")) {
                return npy(jsc, parts);
            }
            Dataset<Row> df =
                    lower.endsWith(".csv") || lower.endsWith(".csv.gz")
                            ? spark.read()
                                    .option("header", "true")
                                    .option("inferSchema", "true")
                                    .csv(data)
                            : spark.read().parquet(data);
            List<String> names = new ArrayList<>();
            String[] fields = df.schema().fieldNames();
            if (columns.isEmpty()) {
                for (StructField f : df.schema().fields()) {
                    if (f.dataType() instanceof NumericType && !f.name().equals(weightsColumn)) {
                        names.add(f.name());
                    }
                }
            } else {
                for (String c : columns) {
                    names.add(
                            c.chars().allMatch(Character::isDigit)
                                            && Integer.parseInt(c) < fields.length
                                            && !List.of(fields).contains(c)
                                    ? fields[Integer.parseInt(c)]
                                    : c);
                }
            }
            if (names.isEmpty()) {
                throw GmmException.input(
                        data
                                + " has no numeric columns; its columns are "
                                + String.join(", ", fields));
            }
            Features f = new Features(null, names.toArray(String[]::new), weightsColumn);
            Dataset<Row> split = df.rdd().getNumPartitions() == parts ? df : df.repartition(parts);
            return new Loaded(f.blocks(split), names);
        }

        /**
         * {@code synthetic:N:D:K[:SEED]}: N rows of a seeded K-component mixture in D dimensions,
         * drawn on the executors, each partition its share with its own seed: data larger than the
         * driver could hold, for scale tests.
         */
        private Loaded synthetic(JavaSparkContext jsc, int parts) {
            String[] f = data.substring("synthetic:".length()).split(":");
            if (f.length < 3 || f.length > 4) {
                throw GmmException.input(
                        "synthetic data is synthetic:N:D:K or synthetic:N:D:K:SEED, got '"
                                + data
                                + "'");
            }
            long n;
            int d;
            int kk;
            long seed0;
            try {
                n = Long.parseLong(f[0]);
                d = Integer.parseInt(f[1]);
                kk = Integer.parseInt(f[2]);
                seed0 = f.length == 4 ? Long.parseLong(f[3]) : 0;
            } catch (NumberFormatException e) {
                throw GmmException.input(
                        "synthetic data is synthetic:N:D:K[:SEED] with whole numbers, got '"
                                + data
                                + "'");
            }
            if (n < 1 || d < 1 || kk < 1) {
                throw GmmException.input(
                        "synthetic data needs N, D and K of at least 1, got '" + data + "'");
            }
            List<long[]> ranges = new ArrayList<>();
            for (int p = 0; p < parts; p++) {
                ranges.add(new long[] {p, n * (p + 1) / parts - n * p / parts});
            }
            long seed = seed0;
            JavaRDD<Block> blocks =
                    jsc.parallelize(ranges, parts)
                            .map(
                                    r -> {
                                        GaussianMixtureModel truth =
                                                dev.gmm.data.SyntheticData.mixture(
                                                        dev.gmm.CovarianceType.FULL,
                                                        kk,
                                                        d,
                                                        seed,
                                                        0.0);
                                        double[] rows =
                                                dev.gmm.data.SyntheticData.rows(
                                                        truth,
                                                        Math.toIntExact(r[1]),
                                                        seed * 1_000_003L + r[0]);
                                        return new Block((int) r[0], (int) r[1], d, rows, null);
                                    });
            List<String> names = new ArrayList<>();
            for (int j = 0; j < d; j++) {
                names.add("x" + j);
            }
            return new Loaded(blocks, names);
        }

        /**
         * An NPY file on a file system every executor sees, read in row ranges, one per partition.
         */
        private Loaded npy(JavaSparkContext jsc, int parts) {
            Path file = Path.of(data);
            long[] shape = DataFiles.npyShape(file);
            DataOptions o =
                    DataOptions.defaults().withColumns(columns).withWeightsColumn(weightsColumn);
            List<String> names;
            try (DataSource head = DataFiles.openNpyRows(file, o, 0, 1)) {
                names = head.columns();
            }
            List<long[]> ranges = new ArrayList<>();
            for (int p = 0; p < parts; p++) {
                long from = shape[0] * p / parts;
                long to = shape[0] * (p + 1) / parts;
                if (to > from) {
                    ranges.add(new long[] {p, from, to - from});
                }
            }
            String path = data;
            List<String> cols = columns;
            String weights = weightsColumn;
            JavaRDD<Block> blocks =
                    jsc.parallelize(ranges, ranges.size())
                            .map(
                                    r -> {
                                        DataOptions opts =
                                                DataOptions.defaults()
                                                        .withColumns(cols)
                                                        .withWeightsColumn(weights);
                                        try (DataSource rows =
                                                DataFiles.openNpyRows(
                                                        Path.of(path), opts, r[1], r[2])) {
                                            return Block.of((int) r[0], rows);
                                        }
                                    });
            return new Loaded(blocks, names);
        }

        private void report(
                Path target, GaussianMixtureSummary s, GaussianMixtureModel m, int d, int parts) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("engine", "spark");
            r.put("backend", backend);
            r.put("precision", precision);
            r.put("partitions", parts);
            r.put("n", s.rows());
            r.put("d", d);
            r.put("k", m.components());
            r.put("covarianceType", m.covarianceType().id());
            r.put("iterations", s.iterations());
            r.put("passes", s.passes());
            r.put("converged", s.converged());
            r.put("lowerBound", s.lowerBound());
            r.put("lowerBoundHistory", s.logLikelihoodHistory());
            r.put("meanLogLikelihood", s.logLikelihood());
            r.put("bic", s.bic());
            r.put("aic", s.aic());
            r.put("icl", s.icl());
            r.put("emSeconds", s.emSeconds());
            ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            AtomicOutput.write(target, out -> json.writeValue(out, r));
        }
    }
}
