/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.spi;

/**
 * Per-row results of scoring one chunk: log density l_i, the most probable component, and
 * optionally the responsibilities ({@code rows x K}, row-major) and the entropy of each row's
 * responsibilities. Sized by the caller.
 */
public final class RowScores {

    private final int rows;
    private final int components;
    private final double[] logDensity;
    private final int[] labels;
    private final double[] responsibilities;
    private final double[] entropy;
    private boolean hasEntropy;

    /** Room for the scores of {@code rows} rows under {@code components} components. */
    public RowScores(int rows, int components, boolean withResponsibilities) {
        this(rows, components, withResponsibilities, false);
    }

    /**
     * As {@link #RowScores(int, int, boolean)}, with room for each row's entropy when {@code
     * withEntropy}: a backend may fill it, and says so with {@link #markEntropy}.
     */
    public RowScores(int rows, int components, boolean withResponsibilities, boolean withEntropy) {
        this.rows = rows;
        this.components = components;
        this.logDensity = new double[rows];
        this.labels = new int[rows];
        this.responsibilities = withResponsibilities ? new double[rows * components] : null;
        this.entropy = withEntropy ? new double[rows] : null;
    }

    /** Rows scored. */
    public int rows() {
        return rows;
    }

    /** K, the number of components. */
    public int components() {
        return components;
    }

    /** l_i, written by the backend. */
    public double[] logDensity() {
        return logDensity;
    }

    /** argmax_k r_ik, written by the backend. */
    public int[] labels() {
        return labels;
    }

    /** r_ik row-major, or null when not requested. */
    public double[] responsibilities() {
        return responsibilities;
    }

    /**
     * H_i = -sum over k of r_ik ln r_ik (terms with r_ik = 0 are 0), or null when not requested.
     * Meaningful only after the backend has called {@link #markEntropy}; a backend that does not
     * compute it leaves it to the caller, from the responsibilities.
     */
    public double[] entropy() {
        return entropy;
    }

    /** Called by a backend that has written {@link #entropy} for every row. */
    public void markEntropy() {
        if (entropy == null) {
            throw new IllegalStateException("no entropy was asked for");
        }
        hasEntropy = true;
    }

    /** Whether the backend wrote {@link #entropy}. */
    public boolean hasEntropy() {
        return hasEntropy;
    }
}
