/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.engine.fit;

import dev.gmm.CovarianceType;
import dev.gmm.FitListener;
import dev.gmm.GaussianMixtureModel;
import dev.gmm.GmmException;
import dev.gmm.InitMethod;
import java.util.function.Consumer;

/**
 * Settings of one fit, with scikit-learn's defaults: full covariances, k-means++ initialisation,
 * 100 EM steps at most, tol 1e-3 on the change of the mean log-likelihood, reg_covar 1e-6, one
 * initialisation. Immutable; change with the {@code with...} methods.
 */
public record FitOptions(
        int components,
        CovarianceType covarianceType,
        InitMethod init,
        GaussianMixtureModel initModel,
        int maxIter,
        double tol,
        double regCovar,
        int nInit,
        long seed,
        int initSampleRows,
        boolean verify,
        int verifyRows,
        double verifyTolerance,
        boolean keepLabels,
        FitListener listener) {

    /** Rows k-means and the random initialisations look at, at most. */
    public static final int DEFAULT_INIT_SAMPLE_ROWS = 200_000;

    /** Rows verification re-computes on the CPU, at most (0: all). */
    public static final int DEFAULT_VERIFY_ROWS = 100_000;

    public FitOptions {
        if (components < 0) {
            throw GmmException.input(
                    "the number of components must be at least 1, got " + components);
        }
        if (maxIter < 1) {
            throw GmmException.input("maxIter must be at least 1, got " + maxIter);
        }
        if (!(tol >= 0) || !Double.isFinite(tol)) {
            throw GmmException.input("tol must be a finite number >= 0, got " + tol);
        }
        if (!(regCovar >= 0) || !Double.isFinite(regCovar)) {
            throw GmmException.input("regCovar must be a finite number >= 0, got " + regCovar);
        }
        if (nInit < 1) {
            throw GmmException.input("nInit must be at least 1, got " + nInit);
        }
        if (initSampleRows < 1) {
            throw GmmException.input(
                    "the initialisation sample needs at least 1 row, got " + initSampleRows);
        }
        if (verifyRows < 0) {
            throw GmmException.input("verify rows must be >= 0 (0: all rows), got " + verifyRows);
        }
        if (!(verifyTolerance >= 0)) {
            throw GmmException.input("verify tolerance must be >= 0, got " + verifyTolerance);
        }
        if (listener == null) {
            listener = FitListener.NONE;
        }
        if (covarianceType == null) {
            throw GmmException.input("a covariance type is required");
        }
        if (init == null) {
            throw GmmException.input("an initialisation method is required");
        }
    }

    /**
     * Defaults for {@code k} components. Verification tolerance 0 means "the backend precision's
     * default".
     */
    public static FitOptions of(int k) {
        return new FitOptions(
                k,
                CovarianceType.FULL,
                InitMethod.KMEANS,
                null,
                100,
                1e-3,
                1e-6,
                1,
                0L,
                DEFAULT_INIT_SAMPLE_ROWS,
                false,
                DEFAULT_VERIFY_ROWS,
                0.0,
                false,
                FitListener.NONE);
    }

    /** Starts from {@code model}: its component count and covariance type. */
    public static FitOptions warmStart(GaussianMixtureModel model) {
        return of(model.components())
                .withCovarianceType(model.covarianceType())
                .withInitModel(model);
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

    /** A copy with one change; the canonical constructor checks the result. */
    private FitOptions with(Consumer<Settings> change) {
        Settings b = new Settings(this);
        change.accept(b);
        return new FitOptions(
                b.components,
                b.covarianceType,
                b.init,
                b.initModel,
                b.maxIter,
                b.tol,
                b.regCovar,
                b.nInit,
                b.seed,
                b.initSampleRows,
                b.verify,
                b.verifyRows,
                b.verifyTolerance,
                b.keepLabels,
                b.listener);
    }

    /** The fields of a FitOptions, mutable, for {@link #with}. */
    private static final class Settings {
        int components;
        CovarianceType covarianceType;
        InitMethod init;
        GaussianMixtureModel initModel;
        int maxIter;
        double tol;
        double regCovar;
        int nInit;
        long seed;
        int initSampleRows;
        boolean verify;
        int verifyRows;
        double verifyTolerance;
        boolean keepLabels;
        FitListener listener;

        Settings(FitOptions o) {
            components = o.components;
            covarianceType = o.covarianceType;
            init = o.init;
            initModel = o.initModel;
            maxIter = o.maxIter;
            tol = o.tol;
            regCovar = o.regCovar;
            nInit = o.nInit;
            seed = o.seed;
            initSampleRows = o.initSampleRows;
            verify = o.verify;
            verifyRows = o.verifyRows;
            verifyTolerance = o.verifyTolerance;
            keepLabels = o.keepLabels;
            listener = o.listener;
        }
    }
}
