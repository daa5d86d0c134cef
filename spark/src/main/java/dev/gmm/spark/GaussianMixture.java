/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.spark;

import dev.gmm.Acceleration;
import dev.gmm.CovarianceType;
import dev.gmm.FitListener;
import dev.gmm.GmmException;
import dev.gmm.InitMethod;
import dev.gmm.Precision;
import dev.gmm.data.InMemoryDataSource;
import dev.gmm.spi.EmLoop;
import dev.gmm.spi.EmStep;
import dev.gmm.spi.MixtureParameters;
import dev.gmm.spi.ScoreTotals;
import dev.gmm.spi.SufficientStatistics;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * A Spark ML estimator of Gaussian mixtures, fitted by EM with gmm-engine's backends.
 *
 * <pre>{@code
 * GaussianMixtureModel m = new dev.gmm.spark.GaussianMixture()
 *     .setK(8).setCovarianceType("full").setMaxIter(100).setTol(1e-3).setRegCovar(1e-6)
 *     .setSeed(1).setInit("kmeans").setFeaturesCol("features").setBackend("auto")
 *     .fit(dataset);
 * }</pre>
 *
 * <p>The rows are packed into one block per partition once and cached. Each EM step broadcasts only
 * the parameters; every partition's statistics are computed by the engine's backend on its executor
 * (the CPU backend by default, with the task's cores) and merged on the driver in partition order,
 * where the M-step runs. A fit is therefore the same bit for bit for the same data and
 * partitioning, whatever the number of executors or the order tasks finish in.
 */
public final class GaussianMixture extends Estimator<GaussianMixtureModel> implements MLWritable {

    private static final long serialVersionUID = 1L;

    /** Rows the initialisation looks at, at most (drawn with the seed from every partition). */
    static final int INIT_SAMPLE_ROWS = 200_000;

    private final String uid;
    private final IntParam k;
    private final Param<String> covarianceType;
    private final IntParam maxIter;
    private final DoubleParam tol;
    private final Param<String> acceleration;
    private final DoubleParam regCovar;
    private final LongParam seed;
    private final IntParam nInit;
    private final Param<String> init;
    private final Param<String> featuresCol;
    private final StringArrayParam inputCols;
    private final Param<String> weightCol;
    private final Param<String> backend;
    private final Param<String> precision;
    private final Param<String> predictionCol;
    private final Param<String> probabilityCol;
    private dev.gmm.GaussianMixtureModel initialModel;

    /** An estimator with scikit-learn's defaults (K must be set). */
    public GaussianMixture() {
        this(Identifiable.randomUID("gmm"));
    }

    /** As {@link #GaussianMixture()}, with this uid (Spark copies stages through it). */
    public GaussianMixture(String uid) {
        this.uid = uid;
        k = new IntParam(this, "k", "the number of components (>= 1)", ParamValidators.gtEq(1));
        covarianceType =
                new Param<>(
                        this,
                        "covarianceType",
                        "full, diag, spherical or tied",
                        ParamValidators.inArray(
                                new String[] {"full", "diag", "spherical", "tied"}));
        maxIter =
                new IntParam(
                        this,
                        "maxIter",
                        "EM steps (acceleration none) or accelerated iterations at most (>= 1)",
                        ParamValidators.gtEq(1));
        tol =
                new DoubleParam(
                        this,
                        "tol",
                        "stop when the mean log-likelihood changes by less and the last changes"
                                + " project less than a tenth of it still to gain (>= 0)",
                        ParamValidators.gtEq(0));
        acceleration =
                new Param<>(
                        this,
                        "acceleration",
                        "squarem (accelerated EM) or none (plain EM, as scikit-learn)",
                        ParamValidators.inArray(new String[] {"squarem", "none"}));
        regCovar =
                new DoubleParam(
                        this,
                        "regCovar",
                        "added to covariance diagonals (>= 0)",
                        ParamValidators.gtEq(0));
        seed = new LongParam(this, "seed", "the seed of every random choice");
        nInit =
                new IntParam(
                        this,
                        "nInit",
                        "initialisations; the best is kept (>= 1)",
                        ParamValidators.gtEq(1));
        init = new Param<>(this, "init", "kmeans, k-means++, random or random_from_data");
        featuresCol = new Param<>(this, "featuresCol", "the features, a Vector column");
        inputCols =
                new StringArrayParam(
                        this, "inputCols", "numeric feature columns, instead of featuresCol");
        weightCol =
                new Param<>(
                        this, "weightCol", "a column of non-negative row weights (empty: none)");
        backend = new Param<>(this, "backend", "auto, cpu, opencl or cuda, on the executors");
        precision =
                new Param<>(
                        this,
                        "precision",
                        "double or float",
                        ParamValidators.inArray(new String[] {"double", "float"}));
        predictionCol =
                new Param<>(this, "predictionCol", "the model's most probable component column");
        probabilityCol =
                new Param<>(
                        this, "probabilityCol", "the model's responsibilities column (a Vector)");
        setDefault(covarianceType, "full");
        setDefault(maxIter, 100);
        setDefault(tol, 1e-3);
        setDefault(acceleration, "squarem");
        setDefault(regCovar, 1e-6);
        setDefault(seed, 0L);
        setDefault(nInit, 1);
        setDefault(init, "kmeans");
        setDefault(featuresCol, "features");
        setDefault(inputCols, new String[0]);
        setDefault(weightCol, "");
        setDefault(backend, "cpu");
        setDefault(precision, "double");
        setDefault(predictionCol, "prediction");
        setDefault(probabilityCol, "probability");
    }

    @Override
    public String uid() {
        return uid;
    }

    /** K. */
    public IntParam k() {
        return k;
    }

    /** The covariance type. */
    public Param<String> covarianceType() {
        return covarianceType;
    }

    /** EM steps at most. */
    public IntParam maxIter() {
        return maxIter;
    }

    /** The convergence threshold. */
    public DoubleParam tol() {
        return tol;
    }

    /** How EM chooses its models: squarem or none. */
    public Param<String> acceleration() {
        return acceleration;
    }

    /** The covariance regularisation. */
    public DoubleParam regCovar() {
        return regCovar;
    }

    /** The seed. */
    public LongParam seed() {
        return seed;
    }

    /** Initialisations. */
    public IntParam nInit() {
        return nInit;
    }

    /** How the start is made. */
    public Param<String> init() {
        return init;
    }

    /** The features' Vector column. */
    public Param<String> featuresCol() {
        return featuresCol;
    }

    /** Numeric feature columns, instead of a Vector column. */
    public StringArrayParam inputCols() {
        return inputCols;
    }

    /** The weight column. */
    public Param<String> weightCol() {
        return weightCol;
    }

    /** The engine backend on the executors. */
    public Param<String> backend() {
        return backend;
    }

    /** The precision the backend computes in. */
    public Param<String> precision() {
        return precision;
    }

    /** The model's prediction column. */
    public Param<String> predictionCol() {
        return predictionCol;
    }

    /** The model's probability column. */
    public Param<String> probabilityCol() {
        return probabilityCol;
    }

    public GaussianMixture setK(int v) {
        set(k, v);
        return this;
    }

    public GaussianMixture setCovarianceType(String v) {
        set(covarianceType, v);
        return this;
    }

    public GaussianMixture setMaxIter(int v) {
        set(maxIter, v);
        return this;
    }

    public GaussianMixture setTol(double v) {
        set(tol, v);
        return this;
    }

    /** squarem (the default) or none: plain EM, step for step as scikit-learn. */
    public GaussianMixture setAcceleration(String v) {
        set(acceleration, v);
        return this;
    }

    public GaussianMixture setRegCovar(double v) {
        set(regCovar, v);
        return this;
    }

    public GaussianMixture setSeed(long v) {
        set(seed, v);
        return this;
    }

    public GaussianMixture setNInit(int v) {
        set(nInit, v);
        return this;
    }

    /** kmeans (the default), k-means++, random or random_from_data, as in scikit-learn. */
    public GaussianMixture setInit(String v) {
        InitMethod.parse(v);
        set(init, v);
        return this;
    }

    public GaussianMixture setFeaturesCol(String v) {
        set(featuresCol, v);
        return this;
    }

    public GaussianMixture setInputCols(String[] v) {
        set(inputCols, v);
        return this;
    }

    public GaussianMixture setWeightCol(String v) {
        set(weightCol, v);
        return this;
    }

    public GaussianMixture setBackend(String v) {
        set(backend, v);
        return this;
    }

    public GaussianMixture setPrecision(String v) {
        set(precision, v);
        return this;
    }

    public GaussianMixture setPredictionCol(String v) {
        set(predictionCol, v);
        return this;
    }

    public GaussianMixture setProbabilityCol(String v) {
        set(probabilityCol, v);
        return this;
    }

    /** Start from this model (a warm start); K and the covariance type are then its own. */
    public GaussianMixture setInitialModel(dev.gmm.GaussianMixtureModel model) {
        initialModel = model;
        return this;
    }

    /** The file beside the params that holds the initial model, when there is one. */
    static final String INITIAL_MODEL_FILE = "initialModel.json";

    /** Writes the params, and the initial model beside them as a model file. */
    @Override
    public MLWriter write() {
        return new MLWriter() {
            @Override
            public void saveImpl(String path) {
                DefaultParamsWriter$.MODULE$.saveMetadata(
                        GaussianMixture.this, path, sparkSession());
                if (initialModel != null) {
                    GaussianMixtureModel.writeModelFile(
                            initialModel,
                            new org.apache.hadoop.fs.Path(path, INITIAL_MODEL_FILE),
                            sc().hadoopConfiguration(),
                            shouldOverwrite());
                }
            }
        };
    }

    /** Writes {@code path}: the params and the initial model; see {@link #write}. */
    public void save(String path) throws java.io.IOException {
        write().save(path);
    }

    /** Reads an estimator saved with {@code write().save(path)}: its params and initial model. */
    public static MLReader<GaussianMixture> read() {
        return new MLReader<>() {
            @Override
            public GaussianMixture load(String path) {
                DefaultParamsReader.Metadata metadata =
                        DefaultParamsReader$.MODULE$.loadMetadata(
                                path, sparkSession(), GaussianMixture.class.getName());
                GaussianMixture e = new GaussianMixture(metadata.uid());
                metadata.getAndSetParams(e, scala.Option.empty());
                e.initialModel =
                        GaussianMixtureModel.readModelFile(
                                new org.apache.hadoop.fs.Path(path, INITIAL_MODEL_FILE),
                                sc().hadoopConfiguration(),
                                false);
                return e;
            }
        };
    }

    /** Reads an estimator saved with {@code write().save(path)}. */
    public static GaussianMixture load(String path) {
        return read().load(path);
    }

    @Override
    public GaussianMixture copy(ParamMap extra) {
        GaussianMixture c = copyValues(new GaussianMixture(uid), extra);
        c.initialModel = initialModel;
        return c;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        features().check(schema);
        return GaussianMixtureModel.outputSchema(
                schema, getOrDefault(predictionCol), getOrDefault(probabilityCol));
    }

    private Features features() {
        return new Features(
                getOrDefault(featuresCol), getOrDefault(inputCols), getOrDefault(weightCol));
    }

    @Override
    public GaussianMixtureModel fit(Dataset<?> dataset) {
        Features f = features();
        f.check(dataset.schema());
        SparkContext sc = dataset.sparkSession().sparkContext();
        return fit(JavaSparkContext.fromSparkContext(sc), f.blocks(dataset));
    }

    /** Fits rows already packed one block per partition (an NPY file read in row ranges, say). */
    GaussianMixtureModel fit(JavaSparkContext jsc, JavaRDD<Block> packed) {
        if (initialModel == null && !isSet(k)) {
            throw GmmException.input("set K with setK (or a starting model with setInitialModel)");
        }
        JavaRDD<Block> blocks = packed.persist(StorageLevel.MEMORY_AND_DISK());
        // cut the lineage once the blocks are cached: every step's tasks then carry a block's
        // address, not the partitions it was made from (which can hold the rows themselves)
        blocks.rdd().localCheckpoint();
        try {
            return Failures.unwrap(() -> run(jsc, blocks));
        } finally {
            blocks.unpersist(false);
        }
    }

    private GaussianMixtureModel run(JavaSparkContext jsc, JavaRDD<Block> blocks) {
        List<long[]> shapes = blocks.map(b -> new long[] {b.rows, b.dims}).collect();
        long rows = 0;
        int d = -1;
        for (long[] s : shapes) {
            rows += s[0];
            if (s[0] > 0) {
                if (d >= 0 && d != s[1]) {
                    throw GmmException.input("the rows have " + d + " and " + s[1] + " features");
                }
                d = (int) s[1];
            }
        }
        if (rows == 0) {
            throw GmmException.input("the data has no rows");
        }
        CovarianceType type =
                initialModel != null && !isSet(covarianceType)
                        ? initialModel.covarianceType()
                        : CovarianceType.parse(getOrDefault(covarianceType));
        int components =
                initialModel != null ? initialModel.components() : (Integer) getOrDefault(k);
        if (initialModel != null) {
            if (initialModel.dimensions() != d) {
                throw GmmException.input(
                        "the initial model has "
                                + initialModel.dimensions()
                                + " dimensions but the data has "
                                + d
                                + " features");
            }
            if (isSet(k) && (Integer) getOrDefault(k) != initialModel.components()) {
                throw GmmException.input(
                        "the initial model has "
                                + initialModel.components()
                                + " components but K "
                                + getOrDefault(k)
                                + " was set");
            }
            if (initialModel.covarianceType() != type) {
                throw GmmException.input(
                        "the initial model is "
                                + initialModel.covarianceType().id()
                                + " but covarianceType "
                                + type.id()
                                + " was set");
            }
        }
        if (rows < components) {
            throw GmmException.input(
                    "the data has " + rows + " rows, fewer than the " + components + " components");
        }
        Settings s =
                new Settings(
                        getOrDefault(backend),
                        Precision.parse(getOrDefault(precision)),
                        jsc.sc().getConf().getInt("spark.task.cpus", 1),
                        (Integer) getOrDefault(maxIter),
                        (Double) getOrDefault(tol),
                        Acceleration.parse(getOrDefault(acceleration)),
                        (Double) getOrDefault(regCovar));
        SplittableRandom root = new SplittableRandom((Long) getOrDefault(seed));
        long t0 = System.nanoTime();
        EmLoop.Result best = null;
        int restarts = initialModel != null ? 1 : (Integer) getOrDefault(nInit);
        for (int r = 0; r < restarts; r++) {
            long initSeed = root.nextLong();
            dev.gmm.GaussianMixtureModel start =
                    initialModel != null
                            ? initialModel
                            : EmStep.initialize(
                                    sample(blocks, rows, d, initSeed),
                                    components,
                                    type,
                                    InitMethod.parse(getOrDefault(init)),
                                    s.regCovar,
                                    initSeed);
            EmLoop.Result run = em(jsc, blocks, start, s, r, restarts);
            if (best == null || run.lowerBound() > best.lowerBound()) {
                best = run;
            }
        }
        double emSeconds = (System.nanoTime() - t0) * 1e-9;
        ScoreTotals last = lastTotals(jsc, blocks, best.model(), s);
        GaussianMixtureSummary summary =
                new GaussianMixtureSummary(
                        best.iterations(),
                        best.passes(),
                        best.converged(),
                        best.history(),
                        last.meanLogLikelihood(),
                        last.rows(),
                        last.totalWeight(),
                        best.model().bic(last.logLikelihood(), last.totalWeight()),
                        best.model().aic(last.logLikelihood()),
                        best.model().icl(last.logLikelihood(), last.totalWeight(), last.entropy()),
                        emSeconds);
        GaussianMixtureModel model = new GaussianMixtureModel(uid, best.model(), summary);
        return copyValues(model.setParent(this), ParamMap.empty());
    }

    /** What the executors need besides the parameters. */
    private record Settings(
            String backend,
            Precision precision,
            int threads,
            int maxIter,
            double tol,
            Acceleration acceleration,
            double regCovar) {}

    /**
     * EM from {@code start}: each step one statistics job over the partitions and the M-step here.
     */
    private static EmLoop.Result em(
            JavaSparkContext jsc,
            JavaRDD<Block> blocks,
            dev.gmm.GaussianMixtureModel start,
            Settings s,
            int restart,
            int restarts) {
        return EmLoop.run(
                start,
                s.maxIter,
                s.tol,
                s.regCovar,
                s.acceleration,
                m -> statistics(jsc, blocks, m, s, false),
                FitListener.NONE,
                restart,
                restarts);
    }

    /**
     * Parameters up to this many numbers travel inside each task; larger ones are broadcast, once
     * per executor. A broadcast costs a few milliseconds of every step, which is most of a step's
     * fixed cost on small models.
     */
    static final int TASK_PARAMETERS_MAX = 8192;

    /** What a task computes from its block and the parameters, as numbers for the driver. */
    private interface PartitionWork extends java.io.Serializable {
        double[] apply(
                Block block,
                dev.gmm.GaussianMixtureModel model,
                String backend,
                Precision precision,
                int threads);
    }

    /**
     * {@code work} on every partition under {@code model}, in partition order; the parameters in
     * the tasks or broadcast, by size.
     */
    private static List<double[]> perPartition(
            JavaSparkContext jsc,
            JavaRDD<Block> blocks,
            dev.gmm.GaussianMixtureModel model,
            Settings s,
            PartitionWork work) {
        ModelArrays arrays = new ModelArrays(model);
        Broadcast<ModelArrays> params =
                arrays.size() > TASK_PARAMETERS_MAX ? jsc.broadcast(arrays) : null;
        try {
            Object out =
                    jsc.sc()
                            .runJob(
                                    blocks.rdd(),
                                    new PartitionTask(
                                            work,
                                            params == null ? arrays : null,
                                            params,
                                            s.backend,
                                            s.precision,
                                            s.threads),
                                    scala.reflect.ClassTag$.MODULE$.apply(double[].class));
            return java.util.Arrays.asList((double[][]) out);
        } finally {
            if (params != null) {
                params.destroy();
            }
        }
    }

    /**
     * A pass's task: {@code work} on the partition's one block. A named class rather than a lambda,
     * because Spark's closure cleaner reads a lambda's defining class from its jar on every job,
     * which cost the driver milliseconds a step.
     */
    private static final class PartitionTask
            extends scala.runtime.AbstractFunction2<
                    TaskContext, scala.collection.Iterator<Block>, double[]>
            implements java.io.Serializable {

        private static final long serialVersionUID = 1L;

        private final PartitionWork work;
        private final ModelArrays arrays;
        private final Broadcast<ModelArrays> params;
        private final String backend;
        private final Precision precision;
        private final int threads;

        PartitionTask(
                PartitionWork work,
                ModelArrays arrays,
                Broadcast<ModelArrays> params,
                String backend,
                Precision precision,
                int threads) {
            this.work = work;
            this.arrays = arrays;
            this.params = params;
            this.backend = backend;
            this.precision = precision;
            this.threads = threads;
        }

        @Override
        public double[] apply(TaskContext context, scala.collection.Iterator<Block> partition) {
            Block block = partition.hasNext() ? partition.next() : null;
            if (block == null || partition.hasNext()) {
                throw new IllegalStateException(
                        "partition " + context.partitionId() + " holds no block or several");
            }
            ModelArrays p = params != null ? params.value() : arrays;
            return work.apply(block, p.model(), backend, precision, threads);
        }
    }

    /**
     * One pass: every partition's statistics, merged here in partition order. The fit's last pass
     * lets device backends release the rows they held between steps.
     */
    private static SufficientStatistics statistics(
            JavaSparkContext jsc,
            JavaRDD<Block> blocks,
            dev.gmm.GaussianMixtureModel model,
            Settings s,
            boolean last) {
        MixtureParameters p = model.parameters();
        SufficientStatistics total = SufficientStatistics.zero(p);
        PartitionWork work = last ? Executors::lastStatistics : Executors::statistics;
        for (double[] part : perPartition(jsc, blocks, model, s, work)) {
            total.merge(SufficientStatistics.unpack(p, part));
        }
        return total;
    }

    /**
     * The fitted model's totals, entropy included: from a statistics pass where the backend gives
     * the entropy with it (its code is compiled by now), else from a scoring pass.
     */
    private static ScoreTotals lastTotals(
            JavaSparkContext jsc,
            JavaRDD<Block> blocks,
            dev.gmm.GaussianMixtureModel model,
            Settings s) {
        SufficientStatistics st = statistics(jsc, blocks, model, s, true);
        return Double.isNaN(st.entropy()) ? scored(jsc, blocks, model, s) : st.totals();
    }

    /** The fit's scoring pass: every partition's totals, merged here in partition order. */
    private static ScoreTotals scored(
            JavaSparkContext jsc,
            JavaRDD<Block> blocks,
            dev.gmm.GaussianMixtureModel model,
            Settings s) {
        ScoreTotals total = new ScoreTotals(0, 0, 0, 0);
        for (double[] t : perPartition(jsc, blocks, model, s, Executors::lastScored)) {
            total = total.plus(new ScoreTotals((long) t[0], t[1], t[2], t[3]));
        }
        return total;
    }

    /**
     * A seeded sample of up to {@link #INIT_SAMPLE_ROWS} rows from every partition, in partition
     * order.
     */
    private static InMemoryDataSource sample(JavaRDD<Block> blocks, long rows, int d, long seed) {
        double fraction = Math.min(1.0, INIT_SAMPLE_ROWS / (double) rows);
        List<double[]> parts =
                blocks.map(
                                b -> {
                                    SplittableRandom rng =
                                            new SplittableRandom(
                                                    seed
                                                            ^ (0x9E3779B97F4A7C15L
                                                                    * (b.partition + 1)));
                                    double[] out = new double[b.rows * b.dims];
                                    int taken = 0;
                                    for (int i = 0; i < b.rows; i++) {
                                        boolean weightless = b.weights != null && b.weights[i] == 0;
                                        if (!weightless
                                                && (fraction >= 1 || rng.nextDouble() < fraction)) {
                                            System.arraycopy(
                                                    b.values,
                                                    i * b.dims,
                                                    out,
                                                    taken * b.dims,
                                                    b.dims);
                                            taken++;
                                        }
                                    }
                                    return java.util.Arrays.copyOf(out, taken * b.dims);
                                })
                        .collect();
        int total = 0;
        for (double[] p : parts) {
            total += p.length;
        }
        if (total == 0) {
            throw GmmException.input("the initialisation sample has no rows with positive weight");
        }
        double[] all = new double[total];
        int at = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return InMemoryDataSource.ofDoubles("the initialisation sample", all, d, null);
    }
}
