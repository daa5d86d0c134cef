/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.spi;

import dev.gmm.CovarianceType;
import dev.gmm.GmmException;
import dev.gmm.engine.CovarianceLayout;

/**
 * A model's parameters flattened the way a statistics pass reads them: log weights, means ({@code K
 * x d} row-major), precision-factor blocks in the layout of {@link CovarianceType}, and the
 * per-component constant {@code log pi_k - d/2 log(2 pi) + log det P_k}. Built once per EM step on
 * the host and handed to every backend; the arrays are shared, never modified.
 */
public final class MixtureParameters {

    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private final CovarianceType type;
    private final int k;
    private final int d;
    private final double[] logWeights;
    private final double[] means;
    private final double[] precision;
    private final double[] logNormalizers;

    /**
     * Parameters of {@code weights.length} components of dimension {@code d}: means {@code K x d}
     * row-major and precision-factor blocks in {@code type}'s layout. The arrays are kept, not
     * copied; the caller gives them up.
     */
    public MixtureParameters(
            CovarianceType type, int d, double[] weights, double[] means, double[] precision) {
        this.type = type;
        this.k = weights.length;
        this.d = d;
        this.means = means;
        this.precision = precision;
        this.logWeights = new double[k];
        this.logNormalizers = new double[k];
        int block = type.blockSize(d);
        for (int c = 0; c < k; c++) {
            logWeights[c] = Math.log(weights[c]);
            logNormalizers[c] =
                    logWeights[c]
                            - 0.5 * d * LOG_2PI
                            + logDetPrecision(precision, type.blockOf(c) * block);
        }
    }

    private MixtureParameters(MixtureParameters p, double[] means) {
        this.type = p.type;
        this.k = p.k;
        this.d = p.d;
        this.means = means;
        this.precision = p.precision;
        this.logWeights = p.logWeights;
        this.logNormalizers = p.logNormalizers;
    }

    /**
     * The same parameters for rows moved by {@code -offset} (one value per column): only the means
     * move, so every density, responsibility and shifted moment stays the same.
     */
    public MixtureParameters translated(double[] offset) {
        if (offset.length != d) {
            throw new IllegalArgumentException(offset.length + " offsets for " + d + " dimensions");
        }
        double[] moved = new double[means.length];
        for (int i = 0; i < moved.length; i++) {
            moved[i] = means[i] - offset[i % d];
        }
        return new MixtureParameters(this, moved);
    }

    private double logDetPrecision(double[] p, int off) {
        return CovarianceLayout.logDetPrecision(type, d, p, off);
    }

    /** The covariance type. */
    public CovarianceType covarianceType() {
        return type;
    }

    /** K, the number of components. */
    public int components() {
        return k;
    }

    /** d, the number of columns. */
    public int dimensions() {
        return d;
    }

    /**
     * Throws the input error a backend gives for rows of {@code columns} columns under these
     * parameters, unless that is d.
     */
    public void requireDimensions(int columns) {
        if (columns != d) {
            throw GmmException.input(
                    "data has " + columns + " columns, the model has " + d + " dimensions");
        }
    }

    /** {@code log pi_k}; shared, read-only. */
    public double[] logWeights() {
        return logWeights;
    }

    /** Means, {@code K x d} row-major; also the shifts c_k of the statistics. Shared, read-only. */
    public double[] means() {
        return means;
    }

    /**
     * Precision-factor blocks, {@code type.blocks(K) x type.blockSize(d)}. Shared, read-only. For
     * full and tied, each block is the upper-triangular {@code P} row-major with zeros below the
     * diagonal, so kernels may read whole rows of it.
     */
    public double[] precision() {
        return precision;
    }

    /** {@code log pi_k - d/2 log(2 pi) + log det P_k}. Shared, read-only. */
    public double[] logNormalizers() {
        return logNormalizers;
    }

    /** Doubles of scratch {@link #logJoint} needs. */
    public int scratchLength() {
        return 2 * d;
    }

    /**
     * {@code log pi_k + log N(x | mu_k, Sigma_k)} for every component, for the row at {@code
     * x[off..off+d)}, into {@code out[outOff..outOff+K)}.
     */
    public void logJoint(double[] x, int off, double[] out, int outOff, double[] scratch) {
        for (int c = 0; c < k; c++) {
            out[outOff + c] = logNormalizers[c] - 0.5 * mahalanobis(x, off, c, scratch);
        }
    }

    /** {@code || P_k^T (x - mu_k) ||^2}. */
    double mahalanobis(double[] x, int off, int c, double[] scratch) {
        return CovarianceLayout.mahalanobis(
                type,
                d,
                x,
                off,
                means,
                c * d,
                precision,
                type.blockOf(c) * type.blockSize(d),
                scratch);
    }

    /**
     * log sum exp of {@code v[off..off+len)}, with the maximum subtracted; -inf when all are -inf.
     */
    public static double logSumExp(double[] v, int off, int len) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < len; i++) {
            max = Math.max(max, v[off + i]);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double s = 0;
        for (int i = 0; i < len; i++) {
            s += Math.exp(v[off + i] - max);
        }
        return max + Math.log(s);
    }
}
