/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm;

import dev.gmm.data.DataSource;
import dev.gmm.data.InMemoryDataSource;
import dev.gmm.engine.Cholesky;
import dev.gmm.engine.CovarianceLayout;
import dev.gmm.engine.fit.Batch;
import dev.gmm.engine.io.ModelFile;
import dev.gmm.spi.MixtureParameters;
import dev.gmm.spi.RowScores;
import dev.gmm.spi.ScoreTotals;
import dev.gmm.spi.SufficientStatistics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import java.util.function.ObjLongConsumer;
import java.util.random.RandomGenerator;

/**
 * A fitted (or given) Gaussian mixture: weights, means and covariances in the layout of its {@link
 * CovarianceType}, with the precision Cholesky factors derived once at construction.
 *
 * <p>Immutable, and safe to use from many threads at once: every accessor returns a copy. The batch
 * calls ({@link #predict(double[][])}, {@link #predictProba}, {@link #scoreSamples}, {@link
 * #score}, {@link #bic(double[][])}, {@link #aic(double[][])}) run on a backend, chunk by chunk,
 * opened for the call: the one the model was fitted on, or another chosen with {@link
 * #withBackend}. Only {@link #predictProba} builds an n x K matrix; the {@link DataSource} variants
 * stream data larger than memory. The per-row methods ({@link #predict(double[])}, {@link
 * #logDensity}) run in plain Java on the calling thread.
 *
 * <pre>{@code
 * GaussianMixtureModel m = GaussianMixture.builder().components(3).build().fit(x);
 * int[] labels = m.predict(x);
 * m.save(Path.of("model.json"));
 * }</pre>
 */
public final class GaussianMixtureModel {

    private final CovarianceType type;
    private final int d;
    private final double[] weights;
    private final double[] means;
    private final double[][] covariances;

    /** Lower Cholesky factors of full/tied blocks, standard deviations otherwise: for sampling. */
    private final double[][] covarianceFactors;

    private final MixtureParameters parameters;

    /** How the model was fitted, or null for a model made from numbers or loaded. */
    private final FitSummary summary;

    /** The names of the columns the model was fitted on, or null when unknown. */
    private final List<String> columns;

    private final String backend;
    private final Precision precision;
    private final String device;
    private final int threads;

    private GaussianMixtureModel(
            GaussianMixtureModel m,
            FitSummary summary,
            List<String> columns,
            String backend,
            Precision precision,
            String device,
            int threads) {
        this.type = m.type;
        this.d = m.d;
        this.weights = m.weights;
        this.means = m.means;
        this.covariances = m.covariances;
        this.covarianceFactors = m.covarianceFactors;
        this.parameters = m.parameters;
        this.summary = summary;
        this.columns = columns == null ? null : List.copyOf(columns);
        this.backend = backend;
        this.precision = precision;
        this.device = device;
        this.threads = threads;
    }

    private GaussianMixtureModel(
            CovarianceType type,
            int d,
            double[] weights,
            double[] means,
            double[][] covariances,
            GmmException.Category failure,
            IntFunction<String> notPositiveDefinite) {
        this.type = type;
        this.d = d;
        this.weights = weights;
        this.means = means;
        this.covariances = covariances;
        int blocks = type.blocks(weights.length);
        int size = type.blockSize(d);
        this.covarianceFactors = new double[blocks][];
        double[] precision = new double[blocks * size];
        for (int b = 0; b < blocks; b++) {
            double[] cov = covariances[b];
            if (type.needsCrossMoments()) {
                double[] l = Cholesky.lower(cov, d);
                if (l == null) {
                    throw new GmmException(failure, notPositiveDefinite.apply(b));
                }
                covarianceFactors[b] = l;
                System.arraycopy(Cholesky.precisionFactor(l, d), 0, precision, b * size, size);
            } else {
                double[] sd = new double[size];
                for (int j = 0; j < size; j++) {
                    if (!(cov[j] > 0) || !Double.isFinite(cov[j])) {
                        throw new GmmException(failure, notPositiveDefinite.apply(b));
                    }
                    sd[j] = Math.sqrt(cov[j]);
                    precision[b * size + j] = 1.0 / sd[j];
                }
                covarianceFactors[b] = sd;
            }
        }
        this.parameters = new MixtureParameters(type, d, weights, means, precision);
        this.summary = null;
        this.columns = null;
        this.backend = "cpu";
        this.precision = Precision.DOUBLE;
        this.device = null;
        this.threads = 0;
    }

    /**
     * A model from its parameters, checked: shapes agree, numbers are finite, weights are
     * non-negative and sum to 1 (within 1e-6; they are then normalised, unless they miss 1 by no
     * more than rounding, so that a model built from its own numbers is bit-identical), covariance
     * blocks are symmetric and positive definite. {@code covariances} holds one block per {@link
     * CovarianceType#blocks} in the layout of {@link CovarianceType#blockSize}.
     */
    public static GaussianMixtureModel of(
            CovarianceType type, double[] weights, double[][] means, double[][] covariances) {
        int k = weights.length;
        if (k == 0) {
            throw GmmException.input("model has no components");
        }
        if (means.length != k) {
            throw GmmException.input("model has " + k + " weights but " + means.length + " means");
        }
        int d = means[0].length;
        if (d == 0) {
            throw GmmException.input("model means have no coordinates");
        }
        double sum = 0;
        for (int c = 0; c < k; c++) {
            if (!(weights[c] >= 0) || !Double.isFinite(weights[c])) {
                throw GmmException.input(
                        "model weight "
                                + c
                                + " is "
                                + weights[c]
                                + "; weights must be finite and non-negative");
            }
            sum += weights[c];
        }
        if (Math.abs(sum - 1) > 1e-6) {
            throw GmmException.input("model weights sum to " + sum + "; they must sum to 1");
        }
        double[] w = new double[k];
        // fitted weights N_k / sum N_k rarely add up to exactly 1.0; dividing again would change
        // them by an ulp each time a model file is read
        double scale = Math.abs(sum - 1) <= 2.0 * k * Math.ulp(1.0) ? 1.0 : sum;
        double[] mu = new double[k * d];
        for (int c = 0; c < k; c++) {
            w[c] = weights[c] / scale;
            if (means[c].length != d) {
                throw GmmException.input(
                        "model mean "
                                + c
                                + " has "
                                + means[c].length
                                + " coordinates, mean 0 has "
                                + d);
            }
            for (int j = 0; j < d; j++) {
                if (!Double.isFinite(means[c][j])) {
                    throw GmmException.input(
                            "model mean " + c + " has a non-finite coordinate " + j);
                }
            }
            System.arraycopy(means[c], 0, mu, c * d, d);
        }
        int blocks = type.blocks(k);
        int size = type.blockSize(d);
        if (covariances.length != blocks) {
            throw GmmException.input(
                    "a "
                            + type.id()
                            + " model with "
                            + k
                            + " components needs "
                            + blocks
                            + " covariance blocks, found "
                            + covariances.length);
        }
        double[][] covs = new double[blocks][];
        for (int b = 0; b < blocks; b++) {
            if (covariances[b].length != size) {
                throw GmmException.input(
                        "covariance block "
                                + b
                                + " of a "
                                + type.id()
                                + " model in "
                                + d
                                + " dimensions needs "
                                + size
                                + " numbers, found "
                                + covariances[b].length);
            }
            covs[b] = covariances[b].clone();
            for (double v : covs[b]) {
                if (!Double.isFinite(v)) {
                    throw GmmException.input("covariance block " + b + " has a non-finite entry");
                }
            }
            if (type.needsCrossMoments()) {
                symmetrise(covs[b], d, b);
            }
        }
        String what =
                type == CovarianceType.TIED
                        ? "the tied covariance"
                        : "the covariance of component %d";
        // a model given by the user is bad input; one the M-step made is a numerical failure
        return new GaussianMixtureModel(
                type,
                d,
                w,
                mu,
                covs,
                GmmException.Category.INPUT,
                b -> String.format(what, b) + " is not positive definite");
    }

    /**
     * Built by the engine's M-step: parameters already validated, a covariance that is not positive
     * definite reported as a numerical failure in the caller's words ({@code failure} of the block
     * index).
     */
    public static GaussianMixtureModel fromEstimates(
            CovarianceType type,
            int d,
            double[] weights,
            double[] means,
            double[][] covariances,
            IntFunction<String> notPositiveDefinite) {
        return new GaussianMixtureModel(
                type,
                d,
                weights,
                means,
                covariances,
                GmmException.Category.NUMERIC,
                notPositiveDefinite);
    }

    private static void symmetrise(double[] a, int d, int block) {
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                double x = a[i * d + j];
                double y = a[j * d + i];
                double scale = Math.max(Math.abs(x), Math.abs(y));
                if (Math.abs(x - y) > 1e-8 * Math.max(scale, 1e-300) && Math.abs(x - y) > 1e-12) {
                    throw GmmException.input(
                            "covariance block "
                                    + block
                                    + " is not symmetric at ["
                                    + i
                                    + "]["
                                    + j
                                    + "]");
                }
                double m = 0.5 * (x + y);
                a[i * d + j] = m;
                a[j * d + i] = m;
            }
        }
    }

    /** The covariance type. */
    public CovarianceType covarianceType() {
        return type;
    }

    /** K, the number of components. */
    public int components() {
        return weights.length;
    }

    /** d, the number of columns. */
    public int dimensions() {
        return d;
    }

    /** The weight of one component. */
    public double weight(int component) {
        return weights[component];
    }

    /** The K component weights, which sum to 1; a copy. */
    public double[] weights() {
        return weights.clone();
    }

    /** The mean of one component; a copy. */
    public double[] mean(int component) {
        return Arrays.copyOfRange(means, component * d, (component + 1) * d);
    }

    /** The K means, K x d; a copy. */
    public double[][] means() {
        double[][] m = new double[weights.length][];
        for (int c = 0; c < m.length; c++) {
            m[c] = mean(c);
        }
        return m;
    }

    /** The covariance blocks in this type's own layout (what model files store). */
    public double[][] covarianceBlocks() {
        double[][] copy = new double[covariances.length][];
        for (int b = 0; b < copy.length; b++) {
            copy[b] = covariances[b].clone();
        }
        return copy;
    }

    /**
     * Component {@code component}'s covariance as a full {@code d x d} matrix, whatever the type.
     */
    public double[][] covariance(int component) {
        return expand(covariances[type.blockOf(component)], 0);
    }

    /**
     * Component {@code component}'s precision Cholesky factor P (upper, {@code Sigma^-1 = P P^T}),
     * full {@code d x d}.
     */
    public double[][] precisionCholesky(int component) {
        return expand(parameters.precision(), type.blockOf(component) * type.blockSize(d));
    }

    /** One block in this type's layout, starting at {@code off}, as a full {@code d x d} matrix. */
    private double[][] expand(double[] blocks, int off) {
        return CovarianceLayout.expand(type, d, blocks, off);
    }

    /** The flat form backends read. */
    public MixtureParameters parameters() {
        return parameters;
    }

    /** log p(x) of one row. */
    public double logDensity(double[] x) {
        return responsibilities(x, new double[weights.length]);
    }

    /** Writes p(k | x) into {@code out} and returns log p(x). */
    public double responsibilities(double[] x, double[] out) {
        checkRow(x);
        parameters.logJoint(x, 0, out, 0, new double[parameters.scratchLength()]);
        double l = MixtureParameters.logSumExp(out, 0, out.length);
        for (int c = 0; c < out.length; c++) {
            out[c] = Math.exp(out[c] - l);
        }
        return l;
    }

    /** The most probable component of one row. */
    public int predict(double[] x) {
        double[] r = new double[weights.length];
        responsibilities(x, r);
        int best = 0;
        for (int c = 1; c < r.length; c++) {
            if (r[c] > r[best]) {
                best = c;
            }
        }
        return best;
    }

    private void checkRow(double[] x) {
        if (x.length != d) {
            throw GmmException.input(
                    "row has " + x.length + " values, the model has " + d + " dimensions");
        }
    }

    /** Free parameters, as scikit-learn counts them: covariances + means + (K - 1) weights. */
    public long parameterCount() {
        int k = weights.length;
        return type.covarianceParameters(k, d) + (long) k * d + k - 1;
    }

    /**
     * Bayesian information criterion for a total log-likelihood over {@code n} rows; lower is
     * better.
     */
    public double bic(double totalLogLikelihood, double n) {
        return -2 * totalLogLikelihood + parameterCount() * Math.log(n);
    }

    /** Akaike information criterion for a total log-likelihood; lower is better. */
    public double aic(double totalLogLikelihood) {
        return -2 * totalLogLikelihood + 2 * parameterCount();
    }

    /** Draws one row into {@code out} and returns the component it came from. */
    public int sample(RandomGenerator rng, double[] out) {
        double u = rng.nextDouble();
        int c = 0;
        double acc = weights[0];
        while (u >= acc && c < weights.length - 1) {
            acc += weights[++c];
        }
        double[] f = covarianceFactors[type.blockOf(c)];
        double[] z = new double[d];
        for (int j = 0; j < d; j++) {
            z[j] = rng.nextGaussian();
        }
        CovarianceLayout.draw(type, d, means, c * d, f, z, out);
        return c;
    }

    /** How the model was fitted, or null for a model made from numbers ({@link #of}) or loaded. */
    public FitSummary summary() {
        return summary;
    }

    /** This model with the fit that made it. */
    GaussianMixtureModel withSummary(FitSummary s) {
        return new GaussianMixtureModel(this, s, columns, backend, precision, device, threads);
    }

    /** The names of the columns the model was fitted on (x0, x1, ... when unknown). */
    public List<String> columns() {
        if (columns != null) {
            return columns;
        }
        List<String> names = new ArrayList<>(d);
        for (int j = 0; j < d; j++) {
            names.add("x" + j);
        }
        return names;
    }

    /** This model with names for its {@link #dimensions} columns (saved in its file). */
    public GaussianMixtureModel withColumns(List<String> names) {
        if (names != null && names.size() != d) {
            throw GmmException.input(
                    names.size() + " column names for a model of " + d + " dimensions");
        }
        return new GaussianMixtureModel(this, summary, names, backend, precision, device, threads);
    }

    /** The backend the batch calls run on. */
    public String backend() {
        return backend;
    }

    /** The precision the batch calls compute in. */
    public Precision precision() {
        return precision;
    }

    /**
     * This model with its batch calls on backend {@code name} ({@code auto}, {@code cpu}, ...) in
     * {@code precision}.
     */
    public GaussianMixtureModel withBackend(String name, Precision precision) {
        return withBackend(name, precision, null, 0);
    }

    /**
     * As {@link #withBackend(String, Precision)}, with a device of opencl or cuda (index or name;
     * null for the default) and the cpu backend's threads (0: one per processor).
     */
    public GaussianMixtureModel withBackend(
            String name, Precision precision, String device, int threads) {
        if (name == null || name.isBlank()) {
            throw GmmException.input("a backend name is required (auto, cpu, opencl or cuda)");
        }
        if (precision == null) {
            throw GmmException.input(
                    "a precision is required (Precision.DOUBLE or Precision.FLOAT)");
        }
        if (threads < 0) {
            throw GmmException.input("threads must be >= 0 (0: one per processor), got " + threads);
        }
        return new GaussianMixtureModel(this, summary, columns, name, precision, device, threads);
    }

    /** Each row's most probable component. */
    public int[] predict(double[][] x) {
        return predict(rows(x));
    }

    /** Each row's most probable component, streamed chunk by chunk. */
    public int[] predict(DataSource data) {
        int[] labels = new int[rowCount(data)];
        scoreChunks(
                data,
                false,
                (s, first) -> System.arraycopy(s.labels(), 0, labels, (int) first, s.rows()));
        return labels;
    }

    /** Each row's responsibilities p(k | x), an n x K matrix. */
    public double[][] predictProba(double[][] x) {
        return predictProba(rows(x));
    }

    /** Each row's responsibilities p(k | x), an n x K matrix, computed chunk by chunk. */
    public double[][] predictProba(DataSource data) {
        int k = weights.length;
        double[][] p = new double[rowCount(data)][];
        scoreChunks(
                data,
                true,
                (s, first) -> {
                    double[] r = s.responsibilities();
                    for (int i = 0; i < s.rows(); i++) {
                        p[(int) first + i] = Arrays.copyOfRange(r, i * k, (i + 1) * k);
                    }
                });
        return p;
    }

    /** Each row's log density log p(x) (scikit-learn's {@code score_samples}). */
    public double[] scoreSamples(double[][] x) {
        return scoreSamples(rows(x));
    }

    /** Each row's log density log p(x), computed chunk by chunk. */
    public double[] scoreSamples(DataSource data) {
        double[] l = new double[rowCount(data)];
        scoreChunks(
                data,
                false,
                (s, first) -> System.arraycopy(s.logDensity(), 0, l, (int) first, s.rows()));
        return l;
    }

    /** The mean log density of the rows (scikit-learn's {@code score}). */
    public double score(double[][] x) {
        return score(rows(x));
    }

    /** The mean log density of the rows, weighted when the source has weights; streamed. */
    public double score(DataSource data) {
        return statistics(data).meanLogLikelihood();
    }

    /**
     * The log-likelihood of a source's rows under the model: its total, the rows' count and total
     * weight (the count when unweighted), and their quotient, the mean.
     */
    public record Likelihood(long rows, double totalWeight, double total) {
        /** The (weighted) mean log density; NaN when the weights' total overflows. */
        public double mean() {
            return total / totalWeight;
        }
    }

    /** The log-likelihood of the source's rows, streamed. */
    public Likelihood likelihood(DataSource data) {
        SufficientStatistics st = statistics(data);
        return new Likelihood(st.rows(), st.totalWeight(), st.logLikelihood());
    }

    /** Bayesian information criterion on these rows, scikit-learn's sign: lower is better. */
    public double bic(double[][] x) {
        return bic(rows(x));
    }

    /** Bayesian information criterion on the source's (weighted) rows; streamed. */
    public double bic(DataSource data) {
        SufficientStatistics st = statistics(data);
        return bic(st.logLikelihood(), st.totalWeight());
    }

    /** Akaike information criterion on these rows: lower is better. */
    public double aic(double[][] x) {
        return aic(rows(x));
    }

    /** Akaike information criterion on the source's (weighted) rows; streamed. */
    public double aic(DataSource data) {
        return aic(statistics(data).logLikelihood());
    }

    /**
     * Integrated completed likelihood on these rows: BIC plus twice the entropy of the
     * responsibilities (mclust's ICL, scikit-learn's sign), lower is better. It penalises
     * components that overlap, so it picks fewer, better separated clusters than BIC.
     */
    public double icl(double[][] x) {
        return icl(rows(x));
    }

    /** ICL on the source's (weighted) rows; one streamed scoring pass. */
    public double icl(DataSource data) {
        checkData(data);
        ScoreTotals t = Batch.scored(parameters, data, backend, precision, device, threads);
        return icl(t.logLikelihood(), t.totalWeight(), t.entropy());
    }

    /** ICL for a total log-likelihood over rows of total weight {@code n}, and an entropy. */
    public double icl(double totalLogLikelihood, double n, double entropy) {
        return bic(totalLogLikelihood, n) + 2 * entropy;
    }

    /**
     * Scores {@code data} chunk by chunk in row order on the model's backend, handing each chunk's
     * log densities, labels and (when asked for) responsibilities to {@code sink} with the index of
     * the chunk's first row: for data larger than memory.
     */
    public void scoreChunks(
            DataSource data, boolean responsibilities, ObjLongConsumer<RowScores> sink) {
        checkData(data);
        Batch.score(parameters, data, backend, precision, device, threads, responsibilities, sink);
    }

    /**
     * {@code n} rows drawn from the model with a seeded generator: the same seed draws the same
     * rows.
     */
    public double[][] sample(int n, long seed) {
        if (n < 0) {
            throw GmmException.input("the number of rows to sample must be >= 0, got " + n);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] out = new double[n][d];
        for (int i = 0; i < n; i++) {
            sample(rng, out[i]);
        }
        return out;
    }

    /**
     * Every component's covariance as a full {@code d x d} matrix, whatever the type (K x d x d).
     */
    public double[][][] covariances() {
        double[][][] c = new double[weights.length][][];
        for (int k = 0; k < c.length; k++) {
            c[k] = covariance(k);
        }
        return c;
    }

    /**
     * Writes the model as a JSON model file (scikit-learn's shapes, see {@code docs/design.md}),
     * all at once or not at all, with its column names and, for a fitted model, how it was fitted
     * as metadata. The same model gives the same bytes however it was run.
     */
    public void save(Path path) {
        ModelFile.write(path, this, metadata());
    }

    /**
     * Writes the model file's bytes to {@code out} (a file system other than the local one, say);
     * the caller closes it. {@link #save} is the all-or-nothing way to a local file.
     *
     * @throws java.io.IOException when {@code out} fails
     */
    public void save(java.io.OutputStream out) throws java.io.IOException {
        ModelFile.write(out, "the model", this, metadata());
    }

    /** Reads a model file from {@code in}, named {@code name} in messages; the caller closes it. */
    public static GaussianMixtureModel load(java.io.InputStream in, String name) {
        return withFileColumns(ModelFile.read(in, name));
    }

    /** Reads a model file written by {@link #save}, {@code gmm fit} or by hand. */
    public static GaussianMixtureModel load(Path path) {
        return withFileColumns(ModelFile.read(path));
    }

    private static GaussianMixtureModel withFileColumns(ModelFile.Loaded loaded) {
        Object cols = loaded.metadata().get("columns");
        GaussianMixtureModel m = loaded.model();
        if (cols instanceof List<?> list && list.size() == m.d) {
            m = m.withColumns(list.stream().map(String::valueOf).toList());
        }
        return m;
    }

    /** What a model file records besides the parameters. */
    Map<String, Object> metadata() {
        Map<String, Object> meta = new LinkedHashMap<>();
        String version = GaussianMixtureModel.class.getPackage().getImplementationVersion();
        meta.put(
                "createdBy",
                "gmm "
                        + (version != null ? version : "development")
                        + " (Java "
                        + Runtime.version()
                        + ")");
        if (summary != null && summary.settings().containsKey("data")) {
            meta.put("data", summary.settings().get("data"));
        }
        meta.put("columns", columns());
        if (summary != null) {
            meta.put("rows", summary.rows());
            Map<String, Object> fit = new LinkedHashMap<>(summary.settings());
            fit.remove("data");
            meta.put("fit", fit);
            meta.put("iterations", summary.iterations());
            meta.put("passes", summary.passes());
            meta.put("converged", summary.converged());
            meta.put("lowerBound", summary.lowerBound());
            meta.put("meanLogLikelihood", summary.meanLogLikelihood());
            meta.put("bic", summary.bic());
            meta.put("aic", summary.aic());
            meta.put("icl", summary.icl());
            // the device (thread count, GPU) is a fact of the run, kept in the summary: the model
            // file is the same byte for byte however the fit was run
            meta.put("backend", summary.backend());
            meta.put("precision", summary.precision().id());
        }
        return meta;
    }

    private SufficientStatistics statistics(DataSource data) {
        checkData(data);
        return Batch.statistics(parameters, data, backend, precision, device, threads);
    }

    private void checkData(DataSource data) {
        if (data == null) {
            throw GmmException.input("no data given");
        }
        if (data.dims() != d) {
            throw GmmException.input(
                    data.name()
                            + " has "
                            + data.dims()
                            + " column"
                            + (data.dims() == 1 ? "" : "s")
                            + " but the model has "
                            + d
                            + " dimensions");
        }
    }

    private static int rowCount(DataSource data) {
        if (data.rows() > Integer.MAX_VALUE - 8) {
            throw GmmException.input(
                    data.name()
                            + " has "
                            + data.rows()
                            + " rows, more than one array holds;"
                            + " use scoreChunks, which streams them");
        }
        return (int) data.rows();
    }

    private DataSource rows(double[][] x) {
        if (x == null) {
            throw GmmException.input("no rows given");
        }
        return InMemoryDataSource.of("the rows", x, null);
    }

    /** Same type, weights, means and covariances, bit for bit (the summary and backend aside). */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof GaussianMixtureModel m)) {
            return false;
        }
        return type == m.type
                && d == m.d
                && Arrays.equals(weights, m.weights)
                && Arrays.equals(means, m.means)
                && Arrays.deepEquals(covariances, m.covariances);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                type,
                d,
                Arrays.hashCode(weights),
                Arrays.hashCode(means),
                Arrays.deepHashCode(covariances));
    }

    @Override
    public String toString() {
        return "GaussianMixtureModel["
                + type.id()
                + ", K="
                + weights.length
                + ", d="
                + d
                + ", weights="
                + Arrays.toString(weights)
                + ", means="
                + Arrays.deepToString(means())
                + "]";
    }
}
