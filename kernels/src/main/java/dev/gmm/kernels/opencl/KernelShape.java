/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.kernels.opencl;

import dev.gmm.CovarianceType;
import dev.gmm.GmmException;
import dev.gmm.engine.CovarianceLayout;
import dev.gmm.spi.MixtureParameters;
import dev.gmm.spi.SufficientStatistics;

/**
 * Everything about a statistics kernel that depends on the parameters' shape but not on their
 * values: the sums it produces (L, W, then per component N_k, S_k and Q_k), the tile of rows that
 * fits the device's local memory, the number of work-groups, and index tables.
 */
record KernelShape(CovarianceType type, int components, int dims, int tileRows, int groups) {

    /** Local memory one tile may use: well inside what any OpenCL device offers per work-group. */
    static final long TILE_BYTES = 24 << 10;

    /** Rows per tile at most: more would only lengthen each work-item's inner loops. */
    static final int MAX_TILE_ROWS = 128;

    /** Partial sums kept on the device at most (groups x entries). */
    static final long MAX_PARTIALS = 1L << 24;

    static KernelShape of(
            MixtureParameters p, int rows, int bytesPerValue, long localMemory, int computeUnits) {
        int d = p.dimensions();
        int k = p.components();
        long budget = Math.min(TILE_BYTES, localMemory / 2);
        long perRow = (long) (d + k + 2) * bytesPerValue;
        int tile = (int) Math.min(MAX_TILE_ROWS, budget / perRow);
        if (tile < 1) {
            throw new GmmException(
                    GmmException.Category.BACKEND,
                    "rows of "
                            + d
                            + " columns with "
                            + k
                            + " components do not fit the OpenCL device's local memory ("
                            + localMemory
                            + " bytes); use the cpu backend");
        }
        int tiles = (rows + tile - 1) / tile;
        int entries = entries(p.covarianceType(), k, d);
        int groups =
                (int)
                        Math.max(
                                1,
                                Math.min(
                                        Math.min(tiles, 8L * computeUnits),
                                        MAX_PARTIALS / entries));
        return new KernelShape(p.covarianceType(), k, d, tile, groups);
    }

    private static int entries(CovarianceType type, int k, int d) {
        return 2 + k * (1 + d + type.momentLength(d));
    }

    boolean fits(MixtureParameters p) {
        return p.covarianceType() == type && p.components() == components && p.dimensions() == dims;
    }

    int form() {
        return CovarianceLayout.precisionForm(type);
    }

    int momentLength() {
        return type.momentLength(dims);
    }

    int entries() {
        return entries(type, components, dims);
    }

    int precisionLength() {
        return type.blocks(components) * type.blockSize(dims);
    }

    int[] precisionOffsets() {
        int[] off = new int[components];
        for (int c = 0; c < components; c++) {
            off[c] = type.blockOf(c) * type.blockSize(dims);
        }
        return off;
    }

    /** Row of each Q entry: the packed upper triangle, or the diagonal. */
    int[] rowIndex() {
        return index(true);
    }

    /** Column of each Q entry. */
    int[] columnIndex() {
        return index(false);
    }

    private int[] index(boolean row) {
        int[] out = new int[momentLength()];
        int e = 0;
        for (int i = 0; i < dims; i++) {
            if (type.needsCrossMoments()) {
                for (int j = i; j < dims; j++) {
                    out[e++] = row ? i : j;
                }
            } else {
                out[e++] = i;
            }
        }
        return out;
    }

    /**
     * Statistics from the kernel's summed entries (L, W, then per component N, S', Q'), about p's
     * means.
     */
    static SufficientStatistics statistics(
            MixtureParameters p, double[] deviceMeans, double[] totals, int rows) {
        return SufficientStatistics.reshifted(
                p, deviceMeans, totals, 2, totals[0], totals[1], rows);
    }
}
