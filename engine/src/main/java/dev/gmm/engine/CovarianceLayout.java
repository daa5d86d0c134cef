/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.engine;

import dev.gmm.CovarianceType;
import java.util.Arrays;
import java.util.List;

/**
 * Everything that depends on how a covariance type lays out its blocks, in one place, so the public
 * {@link CovarianceType} stays a plain description: the M-step's estimate, a block as a full
 * matrix, the log-determinant and Mahalanobis distance of the reference path, drawing a row, the
 * shape model files give the covariances, and the codes the device kernels use.
 *
 * <p>Layout per type: full, K blocks of {@code d x d}; tied, one {@code d x d} block; diag, K
 * blocks of {@code d} variances; spherical, K blocks of one variance. Precision factors use the
 * same blocks: the upper-triangular {@code P} ({@code Sigma^-1 = P P^T}) row-major for full and
 * tied, {@code 1/sqrt(variance)} for the others.
 */
public final class CovarianceLayout {

    private CovarianceLayout() {}

    /**
     * Writes new covariance blocks for every component not marked kept; kept components (those
     * whose N_k fell below the floor) keep the blocks already in {@code covariances}.
     */
    static void estimate(CovarianceType type, double[][] covariances, Moments m, double regCovar) {
        switch (type) {
            case FULL -> full(covariances, m, regCovar);
            case TIED -> tied(covariances, m, regCovar);
            case DIAG -> diag(covariances, m, regCovar);
            case SPHERICAL -> spherical(covariances, m, regCovar);
            default -> throw new IllegalStateException(type.toString());
        }
    }

    /** The type's code in the CUDA kernels ({@code GMM_FULL} ... in gmm.cu); pinned by a test. */
    public static int kernelCode(CovarianceType type) {
        return switch (type) {
            case FULL -> 0;
            case TIED -> 1;
            case DIAG -> 2;
            case SPHERICAL -> 3;
        };
    }

    /**
     * How the OpenCL kernels read a precision block: 0 a triangular matrix (full, tied), 1 a
     * diagonal, 2 one number; pinned by a test against the kernel's constants.
     */
    public static int precisionForm(CovarianceType type) {
        return switch (type) {
            case FULL, TIED -> 0;
            case DIAG -> 1;
            case SPHERICAL -> 2;
        };
    }

    /**
     * The shape of scikit-learn's {@code covariances_}, which model files keep: K x d x d, d x d, K
     * x d or K.
     */
    public static List<Integer> savedShape(CovarianceType type, int k, int d) {
        return switch (type) {
            case FULL -> List.of(k, d, d);
            case TIED -> List.of(d, d);
            case DIAG -> List.of(k, d);
            case SPHERICAL -> List.of(k);
        };
    }

    /**
     * The block of this type closest to the full {@code d x d} matrix {@code full}: itself, its
     * diagonal, or the mean of its diagonal.
     */
    public static double[] block(CovarianceType type, int d, double[] full) {
        return switch (type) {
            case FULL, TIED -> full.clone();
            case DIAG -> diagonal(d, full);
            case SPHERICAL ->
                    new double[] {Arrays.stream(diagonal(d, full)).average().orElseThrow()};
        };
    }

    private static double[] diagonal(int d, double[] full) {
        double[] v = new double[d];
        for (int i = 0; i < d; i++) {
            v[i] = full[i * d + i];
        }
        return v;
    }

    /** The block at {@code blocks[off..]} as a full {@code d x d} matrix. */
    public static double[][] expand(CovarianceType type, int d, double[] blocks, int off) {
        double[][] m = new double[d][d];
        for (int i = 0; i < d; i++) {
            switch (type) {
                case FULL, TIED -> System.arraycopy(blocks, off + i * d, m[i], 0, d);
                case DIAG -> m[i][i] = blocks[off + i];
                case SPHERICAL -> m[i][i] = blocks[off];
            }
        }
        return m;
    }

    /**
     * {@code log det P} of the precision block at {@code p[off..]}: the sum of the log of its
     * diagonal.
     */
    public static double logDetPrecision(CovarianceType type, int d, double[] p, int off) {
        double s = 0;
        switch (type) {
            case FULL, TIED -> {
                for (int j = 0; j < d; j++) {
                    s += Math.log(p[off + j * d + j]);
                }
            }
            case DIAG -> {
                for (int j = 0; j < d; j++) {
                    s += Math.log(p[off + j]);
                }
            }
            case SPHERICAL -> s = d * Math.log(p[off]);
        }
        return s;
    }

    /**
     * {@code || P^T (x - mu) ||^2} for the row at {@code x[xOff..]}, the mean at {@code
     * means[mOff..]} and the precision block at {@code precision[pOff..]}: the reference the fast
     * CPU kernels are checked against. {@code scratch} holds {@code 2 d} doubles.
     */
    public static double mahalanobis(
            CovarianceType type,
            int d,
            double[] x,
            int xOff,
            double[] means,
            int mOff,
            double[] precision,
            int pOff,
            double[] scratch) {
        double m = 0;
        switch (type) {
            case FULL, TIED -> {
                // y = P^T diff as a sum of scaled rows of P (contiguous, so the JIT vectorises it)
                int y = d;
                for (int i = 0; i < d; i++) {
                    scratch[i] = x[xOff + i] - means[mOff + i];
                    scratch[y + i] = 0;
                }
                for (int i = 0; i < d; i++) {
                    double a = scratch[i];
                    int row = pOff + i * d;
                    for (int j = i; j < d; j++) {
                        scratch[y + j] += a * precision[row + j];
                    }
                }
                for (int j = 0; j < d; j++) {
                    m += scratch[y + j] * scratch[y + j];
                }
            }
            case DIAG -> {
                for (int j = 0; j < d; j++) {
                    double t = (x[xOff + j] - means[mOff + j]) * precision[pOff + j];
                    m += t * t;
                }
            }
            case SPHERICAL -> {
                for (int j = 0; j < d; j++) {
                    double t = x[xOff + j] - means[mOff + j];
                    m += t * t;
                }
                m *= precision[pOff] * precision[pOff];
            }
        }
        return m;
    }

    /**
     * {@code out = mean + F z}, a draw from N(mean, Sigma) given standard normals {@code z}: F is
     * the lower Cholesky factor of a full or tied block, else the standard deviations.
     */
    public static void draw(
            CovarianceType type,
            int d,
            double[] means,
            int mOff,
            double[] factor,
            double[] z,
            double[] out) {
        for (int i = 0; i < d; i++) {
            double v = means[mOff + i];
            switch (type) {
                case FULL, TIED -> {
                    for (int j = 0; j <= i; j++) {
                        v += factor[i * d + j] * z[j];
                    }
                }
                case DIAG -> v += factor[i] * z[i];
                case SPHERICAL -> v += factor[0] * z[i];
            }
            out[i] = v;
        }
    }

    private static void full(double[][] covariances, Moments m, double regCovar) {
        for (int k = 0; k < m.k; k++) {
            if (!m.kept[k]) {
                covariances[k] = m.centredFull(k, regCovar);
            }
        }
    }

    private static void tied(double[][] covariances, Moments m, double regCovar) {
        // sum_k N_k Sigma_k / sum_k N_k: the within-component scatter pooled over components
        int d = m.d;
        double[] pooled = new double[d * d];
        double total = 0;
        for (int k = 0; k < m.k; k++) {
            if (m.kept[k]) {
                continue;
            }
            double[] c = m.centredFull(k, 0.0);
            double nk = m.n[k];
            for (int i = 0; i < d * d; i++) {
                pooled[i] += nk * c[i];
            }
            total += nk;
        }
        if (total == 0) {
            return;
        }
        for (int i = 0; i < d * d; i++) {
            pooled[i] /= total;
        }
        for (int i = 0; i < d; i++) {
            pooled[i * d + i] += regCovar;
        }
        covariances[0] = pooled;
    }

    private static void diag(double[][] covariances, Moments m, double regCovar) {
        for (int k = 0; k < m.k; k++) {
            if (!m.kept[k]) {
                covariances[k] = m.centredDiagonal(k, regCovar);
            }
        }
    }

    private static void spherical(double[][] covariances, Moments m, double regCovar) {
        for (int k = 0; k < m.k; k++) {
            if (m.kept[k]) {
                continue;
            }
            double[] diag = m.centredDiagonal(k, regCovar);
            double mean = 0;
            for (double v : diag) {
                mean += v;
            }
            covariances[k] = new double[] {mean / diag.length};
        }
    }

    /** The per-component moments the M-step needs, with means relative to the shift c_k. */
    static final class Moments {
        final int k;
        final int d;
        final double[] n;
        final double[] s;
        final double[] q;
        final boolean[] kept;

        Moments(int k, int d, double[] n, double[] s, double[] q, boolean[] kept) {
            this.k = k;
            this.d = d;
            this.n = n;
            this.s = s;
            this.q = q;
            this.kept = kept;
        }

        /** Q_k/N_k - m m^T (+ reg on the diagonal) as a full symmetric matrix, m = S_k/N_k. */
        double[] centredFull(int comp, double regCovar) {
            double nk = n[comp];
            double[] m = new double[d];
            for (int i = 0; i < d; i++) {
                m[i] = s[comp * d + i] / nk;
            }
            double[] c = new double[d * d];
            int qBase = comp * (d * (d + 1) / 2);
            int idx = 0;
            for (int i = 0; i < d; i++) {
                for (int j = i; j < d; j++) {
                    double v = q[qBase + idx++] / nk - m[i] * m[j];
                    c[i * d + j] = v;
                    c[j * d + i] = v;
                }
                c[i * d + i] += regCovar;
            }
            return c;
        }

        /** diag(Q_k)/N_k - m^2 + reg, from a diagonal-only Q. */
        double[] centredDiagonal(int comp, double regCovar) {
            double nk = n[comp];
            double[] v = new double[d];
            for (int i = 0; i < d; i++) {
                double mi = s[comp * d + i] / nk;
                v[i] = q[comp * d + i] / nk - mi * mi + regCovar;
            }
            return v;
        }
    }
}
