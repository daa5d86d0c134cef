/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.spi;

/**
 * Per-row results of scoring one chunk: log density l_i, the most probable component, and
 * optionally the responsibilities ({@code rows x K}, row-major). Sized by the caller.
 */
public final class RowScores {

    private final int rows;
    private final int components;
    private final double[] logDensity;
    private final int[] labels;
    private final double[] responsibilities;

    /** Room for the scores of {@code rows} rows under {@code components} components. */
    public RowScores(int rows, int components, boolean withResponsibilities) {
        this.rows = rows;
        this.components = components;
        this.logDensity = new double[rows];
        this.labels = new int[rows];
        this.responsibilities = withResponsibilities ? new double[rows * components] : null;
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
}
