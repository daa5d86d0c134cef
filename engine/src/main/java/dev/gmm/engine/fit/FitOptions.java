/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.engine.fit;

import dev.gmm.Acceleration;
import dev.gmm.CovarianceType;
import dev.gmm.FitListener;
import dev.gmm.GaussianMixtureModel;
import dev.gmm.GmmException;
import dev.gmm.InitMethod;
import java.util.function.Consumer;

/**
 * Settings of one fit, with scikit-learn's defaults: full covariances, k-means initialisation, 100
 * EM steps at most, tol 1e-3 on the change of the mean log-likelihood, reg_covar 1e-6, one
 * initialisation. Immutable; change with the {@code with...} methods, each a checked copy.
 *
 * <p>The settings are the fields of {@link Values}, written there once with their defaults; a
 * FitOptions holds a checked, private copy.
 */
public final class FitOptions {

    /** Rows k-means and the random initialisations look at, at most. */
    public static final int DEFAULT_INIT_SAMPLE_ROWS = 200_000;

    /** Rows verification re-computes on the CPU, at most (0: all). */
    public static final int DEFAULT_VERIFY_ROWS = 100_000;

    /** Every setting, with its default; copied whole by {@link #copy}. */
    private static final class Values implements Cloneable {
        int components;
        CovarianceType covarianceType = CovarianceType.FULL;
        InitMethod init = InitMethod.KMEANS;
        GaussianMixtureModel initModel;
        int maxIter = 100;
        double tol = 1e-3;
        Acceleration acceleration = Acceleration.SQUAREM;
        double regCovar = 1e-6;
        int nInit = 1;
        long seed;
        int initSampleRows = DEFAULT_INIT_SAMPLE_ROWS;
        boolean verify;
        int verifyRows = DEFAULT_VERIFY_ROWS;

        /** 0: the backend precision's default. */
        double verifyTolerance;

        boolean keepLabels;
        FitListener listener = FitListener.NONE;

        Values copy() {
            try {
                return (Values) clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private final Values v;

    private FitOptions(Values v) {
        check(v);
        this.v = v;
    }

    private static void check(Values v) {
        if (v.components < 0) {
            throw GmmException.input(
                    "the number of components must be at least 1, got " + v.components);
        }
        if (v.maxIter < 1) {
            throw GmmException.input("maxIter must be at least 1, got " + v.maxIter);
        }
        if (!(v.tol >= 0) || !Double.isFinite(v.tol)) {
            throw GmmException.input("tol must be a finite number >= 0, got " + v.tol);
        }
        if (!(v.regCovar >= 0) || !Double.isFinite(v.regCovar)) {
            throw GmmException.input("regCovar must be a finite number >= 0, got " + v.regCovar);
        }
        if (v.nInit < 1) {
            throw GmmException.input("nInit must be at least 1, got " + v.nInit);
        }
        if (v.initSampleRows < 1) {
            throw GmmException.input(
                    "the initialisation sample needs at least 1 row, got " + v.initSampleRows);
        }
        if (v.verifyRows < 0) {
            throw GmmException.input("verify rows must be >= 0 (0: all rows), got " + v.verifyRows);
        }
        if (!(v.verifyTolerance >= 0)) {
            throw GmmException.input("verify tolerance must be >= 0, got " + v.verifyTolerance);
        }
        if (v.covarianceType == null) {
            throw GmmException.input("a covariance type is required");
        }
        if (v.init == null) {
            throw GmmException.input("an initialisation method is required");
        }
        if (v.listener == null) {
            v.listener = FitListener.NONE;
        }
    }

    /** Defaults for {@code k} components. */
    public static FitOptions of(int k) {
        Values v = new Values();
        v.components = k;
        return new FitOptions(v);
    }

    /** Starts from {@code model}: its component count and covariance type. */
    public static FitOptions warmStart(GaussianMixtureModel model) {
        return of(model.components())
                .withCovarianceType(model.covarianceType())
                .withInitModel(model);
    }

    /** A checked copy with one change. */
    private FitOptions with(Consumer<Values> change) {
        Values copy = v.copy();
        change.accept(copy);
        return new FitOptions(copy);
    }

    public int components() {
        return v.components;
    }

    public CovarianceType covarianceType() {
        return v.covarianceType;
    }

    public InitMethod init() {
        return v.init;
    }

    /** The model to start from, or null to make one with {@link #init}. */
    public GaussianMixtureModel initModel() {
        return v.initModel;
    }

    public int maxIter() {
        return v.maxIter;
    }

    public double tol() {
        return v.tol;
    }

    public Acceleration acceleration() {
        return v.acceleration;
    }

    public double regCovar() {
        return v.regCovar;
    }

    public int nInit() {
        return v.nInit;
    }

    public long seed() {
        return v.seed;
    }

    public int initSampleRows() {
        return v.initSampleRows;
    }

    public boolean verify() {
        return v.verify;
    }

    public int verifyRows() {
        return v.verifyRows;
    }

    public double verifyTolerance() {
        return v.verifyTolerance;
    }

    public boolean keepLabels() {
        return v.keepLabels;
    }

    public FitListener listener() {
        return v.listener;
    }

    public FitOptions withComponents(int k) {
        return with(b -> b.components = k);
    }

    public FitOptions withCovarianceType(CovarianceType t) {
        return with(b -> b.covarianceType = t);
    }

    public FitOptions withInit(InitMethod m) {
        return with(b -> b.init = m);
    }

    public FitOptions withInitModel(GaussianMixtureModel m) {
        return with(b -> b.initModel = m);
    }

    public FitOptions withMaxIter(int n) {
        return with(b -> b.maxIter = n);
    }

    public FitOptions withTol(double t) {
        return with(b -> b.tol = t);
    }

    public FitOptions withAcceleration(Acceleration a) {
        return with(b -> b.acceleration = java.util.Objects.requireNonNull(a, "acceleration"));
    }

    public FitOptions withRegCovar(double r) {
        return with(b -> b.regCovar = r);
    }

    public FitOptions withNInit(int n) {
        return with(b -> b.nInit = n);
    }

    public FitOptions withSeed(long s) {
        return with(b -> b.seed = s);
    }

    public FitOptions withInitSampleRows(int rows) {
        return with(b -> b.initSampleRows = rows);
    }

    /**
     * Re-computes the final statistics on the CPU reference for {@code rows} rows (0: all) and
     * fails over {@code tolerance} (0: the precision's default).
     */
    public FitOptions withVerify(boolean on, int rows, double tolerance) {
        return with(
                b -> {
                    b.verify = on;
                    b.verifyRows = rows;
                    b.verifyTolerance = tolerance;
                });
    }

    public FitOptions withKeepLabels(boolean keep) {
        return with(b -> b.keepLabels = keep);
    }

    public FitOptions withListener(FitListener l) {
        return with(b -> b.listener = l);
    }
}
