/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm;

import java.util.Locale;

/**
 * The four covariance structures of scikit-learn's {@code GaussianMixture}, each saying once how it
 * is stored, how many free parameters it has and which second moments it needs. (How the M-step
 * estimates each is the engine's, in one internal layout class.)
 *
 * <p>Storage per type (what {@link GaussianMixtureModel} holds and model files carry): full: {@code
 * K} blocks of {@code d x d}; tied: one {@code d x d} block; diag: {@code K} blocks of {@code d}
 * variances; spherical: {@code K} blocks of one variance. Precision factors use the same blocks:
 * upper-triangular {@code d x d} for full and tied, {@code 1/sqrt(variance)} for the others.
 */
public enum CovarianceType {
    /** A full covariance matrix per component (scikit-learn's {@code 'full'}). */
    FULL {
        @Override
        public int blockSize(int d) {
            return d * d;
        }

        @Override
        public boolean needsCrossMoments() {
            return true;
        }

        @Override
        public long covarianceParameters(int k, int d) {
            return (long) k * d * (d + 1) / 2;
        }
    },
    /** One full covariance matrix shared by every component ({@code 'tied'}). */
    TIED {
        @Override
        public int blockSize(int d) {
            return d * d;
        }

        @Override
        public int blocks(int k) {
            return 1;
        }

        @Override
        public boolean needsCrossMoments() {
            return true;
        }

        @Override
        public long covarianceParameters(int k, int d) {
            return (long) d * (d + 1) / 2;
        }
    },
    /** A diagonal covariance per component ({@code 'diag'}). */
    DIAG {
        @Override
        public int blockSize(int d) {
            return d;
        }

        @Override
        public boolean needsCrossMoments() {
            return false;
        }

        @Override
        public long covarianceParameters(int k, int d) {
            return (long) k * d;
        }
    },
    /** One variance per component, the same in every direction ({@code 'spherical'}). */
    SPHERICAL {
        @Override
        public int blockSize(int d) {
            return 1;
        }

        @Override
        public boolean needsCrossMoments() {
            return false;
        }

        @Override
        public long covarianceParameters(int k, int d) {
            return k;
        }
    };

    /** Doubles in one covariance (and precision-factor) block. */
    public abstract int blockSize(int d);

    /**
     * {@link #blockSize} without int overflow, which d^2 reaches from d = 46341: for size checks.
     */
    public long blockLength(int d) {
        return needsCrossMoments() ? (long) d * d : blockSize(d);
    }

    /** Covariance blocks a model with {@code k} components holds. */
    public int blocks(int k) {
        return k;
    }

    /** The block that serves component {@code component}. */
    public int blockOf(int component) {
        return this == TIED ? 0 : component;
    }

    /**
     * Whether Q_k needs the off-diagonal moments (the packed upper triangle) or only the diagonal.
     */
    public abstract boolean needsCrossMoments();

    /** Length of one component's Q_k: the packed upper triangle or the diagonal. */
    public int momentLength(int d) {
        return needsCrossMoments() ? d * (d + 1) / 2 : d;
    }

    /** Free covariance parameters, as scikit-learn counts them for BIC and AIC. */
    public abstract long covarianceParameters(int k, int d);

    /** The name used on the command line and in model files. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type named {@code text} (full, diag, spherical or tied, any case). */
    public static CovarianceType parse(String text) {
        for (CovarianceType t : values()) {
            if (t.id().equalsIgnoreCase(text.trim())) {
                return t;
            }
        }
        throw GmmException.input(
                "unknown covariance type '" + text + "'; expected full, diag, spherical or tied");
    }
}
