/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm;

import dev.gmm.data.DataSource;
import dev.gmm.data.InMemoryDataSource;
import dev.gmm.engine.fit.EmDriver;
import dev.gmm.engine.fit.FitOptions;
import dev.gmm.engine.fit.FitResult;
import dev.gmm.engine.fit.OpenBackend;
import dev.gmm.spi.BackendInfo;
import dev.gmm.spi.BackendSelection;
import dev.gmm.spi.ComputeBackend;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The estimator: settings for fitting a Gaussian mixture by EM, with scikit-learn's names and
 * defaults (full covariances, k-means initialisation, {@code maxIter} 100, {@code tol} 1e-3, {@code
 * regCovar} 1e-6, one initialisation, seed 0), and {@link #fit} to run them.
 *
 * <pre>{@code
 * GaussianMixtureModel m = GaussianMixture.builder()
 *     .components(3).covarianceType(CovarianceType.FULL)
 *     .backend("auto").precision(Precision.DOUBLE)
 *     .build()
 *     .fit(x);
 * }</pre>
 *
 * <p>An estimator is immutable and thread-safe: one may fit on many threads at once, each call
 * opening its own backend, and fits with the same settings on the same rows give bit-identical
 * models whatever the thread count. A {@link Builder} is not thread-safe. Every bad setting or
 * input is a {@link GmmException}; a fit cancelled by its listener throws one of category {@link
 * GmmException.Category#CANCELLED}.
 */
public final class GaussianMixture {

    private final FitOptions options;
    private final String backend;
    private final Precision precision;
    private final String device;
    private final int threads;

    private GaussianMixture(Builder b) {
        this.options = b.options;
        this.backend = b.backend;
        this.precision = b.precision;
        this.device = b.device;
        this.threads = b.threads;
    }

    /**
     * Settings with scikit-learn's defaults, for {@code components} set before {@link
     * Builder#build}.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Fits rows given as arrays of equal length. */
    public GaussianMixtureModel fit(double[][] x) {
        return fit(InMemoryDataSource.of("the rows", x, null));
    }

    /** Fits rows with a non-negative weight each (scikit-learn's {@code sample_weight}). */
    public GaussianMixtureModel fit(double[][] x, double[] weights) {
        return fit(InMemoryDataSource.of("the rows", x, weights));
    }

    /**
     * Fits rows of float, kept as float ({@code Precision.FLOAT} backends read them as they are).
     */
    public GaussianMixtureModel fit(float[][] x) {
        if (x == null || x.length == 0) {
            throw GmmException.input("the rows: no rows");
        }
        int d = x[0].length;
        float[] flat = new float[Math.multiplyExact(x.length, d)];
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != d) {
                throw GmmException.input(
                        "the rows: row " + i + " has " + x[i].length + " values, row 0 has " + d);
            }
            System.arraycopy(x[i], 0, flat, i * d, d);
        }
        return fit(InMemoryDataSource.ofFloats("the rows", flat, d, null, 0));
    }

    /** Fits a data source: rows in memory, or a file streamed chunk by chunk each step. */
    public GaussianMixtureModel fit(DataSource data) {
        if (data == null) {
            throw GmmException.input("no data given");
        }
        try (OpenBackend b = OpenBackend.open(backend, precision, device, threads)) {
            return fit(data, b.backend(), b.selection());
        }
    }

    /** The fit on a backend already open (model selection fits many on one). */
    GaussianMixtureModel fit(DataSource data, ComputeBackend on, BackendSelection selection) {
        FitResult r = new EmDriver().fit(data, options, on);
        BackendInfo info = r.data().backend();
        FitSummary.Verification v =
                r.verification() == null
                        ? null
                        : new FitSummary.Verification(
                                r.verification().rows(),
                                r.verification().tolerance(),
                                r.verification().difference().max(),
                                r.verification().difference().logLikelihood(),
                                r.verification().difference().weights(),
                                r.verification().difference().sums(),
                                r.verification().difference().moments());
        FitSummary s =
                new FitSummary(
                        r.convergence().iterations(),
                        r.convergence().passes(),
                        r.convergence().converged(),
                        r.convergence().history(),
                        r.data().meanLogLikelihood(),
                        r.data().rows(),
                        r.data().totalWeight(),
                        r.bic(),
                        r.aic(),
                        r.icl(),
                        r.convergence().bestInit(),
                        r.convergence().notices(),
                        info.backend(),
                        info.device(),
                        info.precision(),
                        selection.reason(),
                        info.notes(),
                        r.timings().initSeconds(),
                        r.timings().emSeconds(),
                        r.data().streaming(),
                        v,
                        settings(data));
        return r.model()
                .withColumns(data.columns())
                .withSummary(s)
                .withBackend(info.backend(), info.precision(), device, threads);
    }

    private Map<String, Object> settings(DataSource data) {
        Map<String, Object> fit = new LinkedHashMap<>();
        String name = data.name();
        // a model file names the data by its file name, as it was when fitted
        fit.put("data", name.substring(name.lastIndexOf('/') + 1));
        fit.put(
                "components",
                options.initModel() != null
                        ? options.initModel().components()
                        : options.components());
        fit.put("covarianceType", options.covarianceType().id());
        fit.put("init", options.initModel() != null ? "model" : options.init().id());
        fit.put("maxIter", options.maxIter());
        fit.put("tol", options.tol());
        fit.put("acceleration", options.acceleration().id());
        fit.put("regCovar", options.regCovar());
        fit.put("nInit", options.nInit());
        fit.put("seed", options.seed());
        return fit;
    }

    /** The same settings with another number of components (model selection). */
    GaussianMixture withComponents(int k, CovarianceType type) {
        Builder b = toBuilder();
        b.options = b.options.withComponents(k).withCovarianceType(type);
        return b.build();
    }

    /** A builder holding these settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.options = options;
        b.backend = backend;
        b.precision = precision;
        b.device = device;
        b.threads = threads;
        return b;
    }

    /** K, the number of components (0 when an initial model gives it). */
    public int components() {
        return options.components();
    }

    /** The covariance type. */
    public CovarianceType covarianceType() {
        return options.covarianceType();
    }

    /** How the starting model is made. */
    public InitMethod init() {
        return options.init();
    }

    /** EM steps at most. */
    public int maxIter() {
        return options.maxIter();
    }

    /** The convergence threshold on the change of the mean log-likelihood per row. */
    public double tol() {
        return options.tol();
    }

    /** How EM chooses its models. */
    public Acceleration acceleration() {
        return options.acceleration();
    }

    /** What is added to every covariance diagonal. */
    public double regCovar() {
        return options.regCovar();
    }

    /** Initialisations, the best of which is kept. */
    public int nInit() {
        return options.nInit();
    }

    /** The seed of every random choice. */
    public long seed() {
        return options.seed();
    }

    /** The backend asked for, by name ({@code auto} for the best available). */
    public String backend() {
        return backend;
    }

    /** The precision the backend computes in. */
    public Precision precision() {
        return precision;
    }

    /** The opencl or cuda device asked for, or null for the default. */
    public String device() {
        return device;
    }

    /** The cpu backend's threads (0: one per processor). */
    public int threads() {
        return threads;
    }

    @Override
    public String toString() {
        return "GaussianMixture[components="
                + components()
                + ", "
                + covarianceType().id()
                + ", init="
                + init().id()
                + ", maxIter="
                + maxIter()
                + ", tol="
                + tol()
                + ", acceleration="
                + acceleration().id()
                + ", regCovar="
                + regCovar()
                + ", nInit="
                + nInit()
                + ", seed="
                + seed()
                + ", backend="
                + backend
                + ", "
                + precision.id()
                + "]";
    }

    /**
     * Settings, each checked when set (a {@link GmmException} naming the setting) and together at
     * {@link #build}. Not thread-safe.
     */
    public static final class Builder {
        private FitOptions options = FitOptions.of(0);
        private String backend = "auto";
        private Precision precision = Precision.DOUBLE;
        private String device;
        private int threads;

        private Builder() {}

        /** K, the number of components (required, unless {@link #initModel} gives it). */
        public Builder components(int k) {
            if (k < 1) {
                throw GmmException.input("components must be at least 1, got " + k);
            }
            options = options.withComponents(k);
            return this;
        }

        /** FULL (the default), DIAG, SPHERICAL or TIED. */
        public Builder covarianceType(CovarianceType type) {
            options = options.withCovarianceType(require(type, "covarianceType"));
            return this;
        }

        /** EM steps (plain EM) or accelerated iterations (SQUAREM) at most (100). */
        public Builder maxIter(int n) {
            options = options.withMaxIter(n);
            return this;
        }

        /**
         * Stop when the mean log-likelihood per row changes by less than this and the recent
         * changes project less than a tenth of it still to gain (1e-3; 0 runs {@code maxIter} steps
         * or iterations). The rule is {@link dev.gmm.spi.EmLoop}'s.
         */
        public Builder tol(double t) {
            options = options.withTol(t);
            return this;
        }

        /**
         * How EM chooses its models ({@link Acceleration#SQUAREM}); {@link Acceleration#NONE} is
         * plain EM, step for step as scikit-learn.
         */
        public Builder acceleration(Acceleration a) {
            options = options.withAcceleration(require(a, "acceleration"));
            return this;
        }

        /** Added to every covariance diagonal (1e-6). */
        public Builder regCovar(double r) {
            options = options.withRegCovar(r);
            return this;
        }

        /** Initialisations; the best fit is kept (1). */
        public Builder nInit(int n) {
            options = options.withNInit(n);
            return this;
        }

        /** The seed of every random choice (0): the same seed gives the same model. */
        public Builder seed(long s) {
            options = options.withSeed(s);
            return this;
        }

        /**
         * How the start is made: {@link InitMethod#KMEANS} (the default) or another of
         * scikit-learn's.
         */
        public Builder init(InitMethod method) {
            options = options.withInit(require(method, "init"));
            return this;
        }

        /** Start from this model (a warm start); its K and type are the fit's. */
        public Builder initModel(GaussianMixtureModel model) {
            options =
                    options.withInitModel(require(model, "initModel"))
                            .withComponents(model.components())
                            .withCovarianceType(model.covarianceType());
            return this;
        }

        /**
         * The backend by name: {@code auto} (the best available, the default), {@code cpu}, {@code
         * opencl}, {@code cuda}.
         */
        public Builder backend(String name) {
            if (name == null || name.isBlank()) {
                throw GmmException.input("backend must be a name: auto, cpu, opencl or cuda");
            }
            backend = name;
            return this;
        }

        /** DOUBLE (the default) or FLOAT, which halves the memory the rows take on a device. */
        public Builder precision(Precision p) {
            precision = require(p, "precision");
            return this;
        }

        /** The opencl or cuda device, by index or name (default: the backend's first). */
        public Builder device(String d) {
            device = d;
            return this;
        }

        /**
         * Threads of the cpu backend (0, the default: one per processor); results do not depend on
         * it.
         */
        public Builder threads(int n) {
            if (n < 0) {
                throw GmmException.input("threads must be >= 0 (0: one per processor), got " + n);
            }
            threads = n;
            return this;
        }

        /**
         * Re-compute the final statistics with the CPU reference on up to {@code rows} rows (0:
         * all); fail if they differ.
         */
        public Builder verify(int rows) {
            options = options.withVerify(true, rows, 0);
            return this;
        }

        /** Hears each step and each notice; may cancel the fit (see {@link FitListener}). */
        public Builder listener(FitListener l) {
            options = options.withListener(l == null ? FitListener.NONE : l);
            return this;
        }

        /** The estimator; fails when no number of components was given. */
        public GaussianMixture build() {
            if (options.components() < 1 && options.initModel() == null) {
                throw GmmException.input("components must be given (or an initModel)");
            }
            return new GaussianMixture(this);
        }

        private static <T> T require(T value, String name) {
            if (value == null) {
                throw GmmException.input(name + " must not be null");
            }
            return value;
        }
    }
}
