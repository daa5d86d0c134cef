/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.data;

import dev.gmm.Precision;

/**
 * A block of rows, {@code rows() x dims()}, with optional row weights. Backends copy rows out of it
 * in whichever width they compute in; a chunk may live on the heap or in a mapped file.
 */
public interface DataChunk {

    /** Rows in the chunk. */
    int rows();

    /** Columns of each row. */
    int dims();

    /** The width the rows are stored in. */
    Precision storage();

    /** Copies rows {@code [from, from+count)} row-major into {@code dst} at {@code dstOff}. */
    void copyRows(int from, int count, double[] dst, int dstOff);

    /** Copies rows {@code [from, from+count)} row-major into {@code dst}, rounding to float. */
    void copyRows(int from, int count, float[] dst, int dstOff);

    /**
     * Copies rows {@code [from, from+count)} less {@code offset} (one value per column, in double)
     * into {@code dst}, rounding to float only after the subtraction, so rows far from the origin
     * keep the digits that vary. Exact when the chunk stores floats relative to this offset.
     */
    default void copyRowsRelative(int from, int count, double[] offset, float[] dst, int dstOff) {
        int d = dims();
        int block = Math.max(1, Math.min(count, 4096 / d));
        double[] rows = new double[block * d];
        for (int r = 0; r < count; r += block) {
            int n = Math.min(block, count - r);
            copyRows(from + r, n, rows, 0);
            for (int i = 0; i < n * d; i += d) {
                for (int j = 0; j < d; j++) {
                    dst[dstOff + r * d + i + j] = (float) (rows[i + j] - offset[j]);
                }
            }
        }
    }

    /**
     * The per-column offset float rows are stored relative to, or null when they are stored as they
     * are.
     */
    default double[] storageOffset() {
        return null;
    }

    /** Whether the rows carry weights. */
    boolean weighted();

    /** Copies the weights of rows {@code [from, from+count)}; ones when the chunk is unweighted. */
    void copyWeights(int from, int count, double[] dst, int dstOff);
}
