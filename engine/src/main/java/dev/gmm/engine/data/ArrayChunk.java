/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.engine.data;

import dev.gmm.Precision;
import dev.gmm.data.DataChunk;
import java.util.Arrays;

/**
 * Rows held on the heap in a row-major {@code double[]}, or a {@code float[]} whose values may be
 * stored relative to a per-column offset kept in double (so data far from the origin keeps its
 * varying digits in float).
 */
public final class ArrayChunk implements DataChunk {

    private final int rows;
    private final int dims;
    private final double[] doubles;
    private final float[] floats;
    private final int offset;
    private final double[] weights;
    private final int weightOffset;
    private final double[] shift;

    private ArrayChunk(
            int rows,
            int dims,
            double[] doubles,
            float[] floats,
            int offset,
            double[] weights,
            int weightOffset,
            double[] shift) {
        this.shift = shift;
        this.rows = rows;
        this.dims = dims;
        this.doubles = doubles;
        this.floats = floats;
        this.offset = offset;
        this.weights = weights;
        this.weightOffset = weightOffset;
    }

    /**
     * A view of {@code rows} rows of {@code data} starting at row {@code firstRow}; weights may be
     * null.
     */
    public static ArrayChunk ofDoubles(
            double[] data, int dims, int firstRow, int rows, double[] weights) {
        return new ArrayChunk(rows, dims, data, null, firstRow * dims, weights, firstRow, null);
    }

    /**
     * A view of {@code rows} rows of {@code data} starting at row {@code firstRow}; weights may be
     * null.
     */
    public static ArrayChunk ofFloats(
            float[] data, int dims, int firstRow, int rows, double[] weights) {
        return ofFloats(data, dims, firstRow, rows, weights, null);
    }

    /**
     * As {@link #ofFloats(float[], int, int, int, double[])}, each value being the row's value less
     * {@code shift} of its column (null: no shift).
     */
    public static ArrayChunk ofFloats(
            float[] data, int dims, int firstRow, int rows, double[] weights, double[] shift) {
        if (shift != null && shift.length != dims) {
            throw new IllegalArgumentException(shift.length + " offsets for " + dims + " columns");
        }
        return new ArrayChunk(rows, dims, null, data, firstRow * dims, weights, firstRow, shift);
    }

    /** A heap copy of any chunk, stored in {@code precision}. */
    public static ArrayChunk copyOf(DataChunk chunk, Precision precision) {
        int n = chunk.rows();
        int d = chunk.dims();
        double[] w = null;
        if (chunk.weighted()) {
            w = new double[n];
            chunk.copyWeights(0, n, w, 0);
        }
        if (precision == Precision.FLOAT) {
            float[] f = new float[n * d];
            chunk.copyRows(0, n, f, 0);
            return ofFloats(f, d, 0, n, w);
        }
        double[] x = new double[n * d];
        chunk.copyRows(0, n, x, 0);
        return ofDoubles(x, d, 0, n, w);
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int dims() {
        return dims;
    }

    @Override
    public Precision storage() {
        return doubles != null ? Precision.DOUBLE : Precision.FLOAT;
    }

    @Override
    public void copyRows(int from, int count, double[] dst, int dstOff) {
        int src = offset + from * dims;
        int len = count * dims;
        if (doubles != null) {
            System.arraycopy(doubles, src, dst, dstOff, len);
        } else if (shift == null) {
            for (int i = 0; i < len; i++) {
                dst[dstOff + i] = floats[src + i];
            }
        } else {
            for (int i = 0; i < len; i += dims) {
                for (int j = 0; j < dims; j++) {
                    dst[dstOff + i + j] = floats[src + i + j] + shift[j];
                }
            }
        }
    }

    @Override
    public void copyRows(int from, int count, float[] dst, int dstOff) {
        int src = offset + from * dims;
        int len = count * dims;
        if (floats != null && shift == null) {
            System.arraycopy(floats, src, dst, dstOff, len);
        } else if (floats != null) {
            for (int i = 0; i < len; i += dims) {
                for (int j = 0; j < dims; j++) {
                    dst[dstOff + i + j] = (float) (floats[src + i + j] + shift[j]);
                }
            }
        } else {
            for (int i = 0; i < len; i++) {
                dst[dstOff + i] = (float) doubles[src + i];
            }
        }
    }

    @Override
    public void copyRowsRelative(int from, int count, double[] offset, float[] dst, int dstOff) {
        if (floats != null && shift != null && Arrays.equals(shift, offset)) {
            System.arraycopy(floats, offset(from), dst, dstOff, count * dims);
            return;
        }
        int src = offset(from);
        int len = count * dims;
        if (doubles != null) {
            for (int i = 0; i < len; i += dims) {
                for (int j = 0; j < dims; j++) {
                    dst[dstOff + i + j] = (float) (doubles[src + i + j] - offset[j]);
                }
            }
            return;
        }
        for (int i = 0; i < len; i += dims) {
            for (int j = 0; j < dims; j++) {
                dst[dstOff + i + j] =
                        (float) (floats[src + i + j] + (shift == null ? 0 : shift[j]) - offset[j]);
            }
        }
    }

    private int offset(int row) {
        return offset + row * dims;
    }

    @Override
    public double[] storageOffset() {
        return shift == null ? null : shift.clone();
    }

    @Override
    public boolean weighted() {
        return weights != null;
    }

    @Override
    public void copyWeights(int from, int count, double[] dst, int dstOff) {
        if (weights == null) {
            Arrays.fill(dst, dstOff, dstOff + count, 1.0);
        } else {
            System.arraycopy(weights, weightOffset + from, dst, dstOff, count);
        }
    }
}
