/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.kernels.cuda;

import dev.gmm.CovarianceType;
import dev.gmm.Precision;
import java.util.List;

/**
 * The statistics pass for full and tied covariances as two strided batched GEMMs per tile of rows,
 * with the {@code gmm_gemm_*} kernels of {@code gmm.cu} between them (the layout is described
 * there). Written against {@link Blas} and {@link Device}, so the whole orchestration (shapes,
 * leading dimensions, strides, offsets, the kernels between) runs in CI on the PoCL build of the
 * kernels with a Java {@link Blas}; on a GPU the CUDA backend passes JCublas.
 *
 * <p>Moments stay shifted by the current means (the first kernel centres the rows), tiles are
 * summed in row order and sub-tiles in a fixed order, so the result depends on the shape and the
 * tile sizes only.
 */
final class GemmPass {

    /** Rows of a sub-tile: what the second GEMM sums in the device's precision. */
    static final int SUB_ROWS = 1024;

    /** The two K x T x (d + 1) matrices of a tile take at most this much device memory. */
    static final long TILE_BYTES = 256L << 20;

    /** Rows of a tile at most. */
    static final int MAX_TILE_ROWS = 1 << 16;

    /** The kernels of {@code gmm.cu} the pass launches. */
    static final List<String> KERNELS =
            List.of(
                    "gmm_gemm_center",
                    "gmm_gemm_responsibilities",
                    "gmm_gemm_scale",
                    "gmm_gemm_gather");

    /** Blocks of the element-wise kernels at most; they loop over the rest. */
    private static final int ELEMENT_BLOCKS = 4096;

    /**
     * The BLAS calls the pass makes: {@code C_i = op(A_i) op(B_i)} for i below {@code batch}, with
     * {@code A_i} at {@code aOffset + i strideA} (offsets and strides in elements of the device's
     * real type), column-major, and {@code op} the transpose where asked.
     */
    interface Blas<B> {
        void gemmStridedBatched(
                boolean transA,
                boolean transB,
                int m,
                int n,
                int k,
                B a,
                long aOffset,
                int lda,
                long strideA,
                B b,
                long bOffset,
                int ldb,
                long strideB,
                B c,
                long cOffset,
                int ldc,
                long strideC,
                int batch);
    }

    /** A kernel's arguments, in {@code gmm.cu}'s order, and its launch. */
    interface Launch<B> extends KernelPlan.Args<B> {
        /** Runs the kernel on {@code blocks} blocks of {@link KernelPlan#THREADS}. */
        void run(int blocks);
    }

    /** What the pass needs of a device besides BLAS. */
    interface Device<B> {
        Launch<B> kernel(String name);

        Blas<B> blas();

        /** The first {@code count} doubles of {@code buffer}. */
        double[] read(B buffer, int count);
    }

    /** Device buffers for one pass, sized by {@link #bytes}. */
    record Workspace<B>(B z, B y, B a, B g, B sums, B lw) {}

    /** The buffers of a {@link Workspace}, in its order. */
    enum Part {
        Z,
        Y,
        A,
        G,
        SUMS,
        LW
    }

    private final int d;
    private final int k;
    private final boolean tied;
    private final Precision precision;
    private final int subRows;
    private final int tileRows;
    private final int epc;

    /**
     * The pass for a shape with tiles sized for the device ({@link #tileRows(int, int,
     * Precision)}).
     */
    GemmPass(CovarianceType type, int d, int k, Precision precision) {
        this(type, d, k, precision, SUB_ROWS, tileRows(d, k, precision));
    }

    /**
     * The pass with tiles of {@code tileRows} rows in sub-tiles of {@code subRows}; tests make them
     * small so that a few rows cross several of each.
     */
    GemmPass(CovarianceType type, int d, int k, Precision precision, int subRows, int tileRows) {
        if (!type.needsCrossMoments()) {
            throw new IllegalArgumentException("the GEMM pass is for full and tied covariances");
        }
        if (subRows < 1 || tileRows < subRows || tileRows % subRows != 0) {
            throw new IllegalArgumentException(
                    "tiles of " + tileRows + " rows in sub-tiles of " + subRows);
        }
        this.d = d;
        this.k = k;
        this.tied = type == CovarianceType.TIED;
        this.precision = precision;
        this.subRows = subRows;
        this.tileRows = tileRows;
        this.epc = 1 + d + type.momentLength(d);
    }

    /** Rows of a tile: whole sub-tiles, as many as {@link #TILE_BYTES} holds. */
    static int tileRows(int d, int k, Precision precision) {
        long perRow = 2L * k * (d + 1) * precision.bytes();
        long rows = Math.min(MAX_TILE_ROWS, TILE_BYTES / perRow);
        return (int) Math.max(SUB_ROWS, rows / SUB_ROWS * SUB_ROWS);
    }

    private int subTiles(int tile) {
        return tile / subRows;
    }

    private static int responsibilityBlocks(int tile) {
        return (tile + KernelPlan.THREADS - 1) / KernelPlan.THREADS;
    }

    /** Bytes of a workspace buffer. */
    long bytes(Part part) {
        long real = precision.bytes();
        long rowsAll = (long) k * tileRows;
        return switch (part) {
            case Z, Y -> rowsAll * (d + 1) * real;
            case A -> rowsAll * real;
            case G -> (long) k * subTiles(tileRows) * (d + 1) * (d + 1) * real;
            case SUMS -> (long) k * epc * Double.BYTES;
            case LW -> 2L * responsibilityBlocks(tileRows) * Double.BYTES;
        };
    }

    /**
     * One statistics pass over {@code rows} rows at {@code x} ({@code w} null when unweighted),
     * with the parameters as the generic kernel reads them. Returns the slot {@link
     * KernelPlan#statistics} unpacks: per component N, S, Q about the device's means, then L and W.
     */
    <B> double[] run(
            Device<B> dev, Workspace<B> ws, int rows, B x, B w, B means, B prec, B lognorm) {
        // no larger than the rows need: whole sub-tiles, so a small chunk multiplies no empty rows
        int tile = Math.min(tileRows, Math.max(subRows, (rows + subRows - 1) / subRows * subRows));
        int tiles = Math.max(1, (rows + tile - 1) / tile);
        int ld = k * tile;
        int elementBlocks = elementBlocks((long) ld * (d + 1));
        for (int t = 0; t < tiles; t++) {
            int row0 = t * tile;
            int count = Math.min(tile, rows - row0);
            int first = t == 0 ? 1 : 0;
            Launch<B> center = dev.kernel("gmm_gemm_center");
            center.buffer(x)
                    .integer(row0)
                    .integer(count)
                    .integer(tile)
                    .integer(d)
                    .integer(k)
                    .buffer(means)
                    .buffer(ws.z());
            center.run(elementBlocks);
            // Y_c = Z_c P_c: Z_c from column 1 of Z'; P_c row-major is P_c^T column-major
            dev.blas()
                    .gemmStridedBatched(
                            false,
                            true,
                            tile,
                            d,
                            d,
                            ws.z(),
                            ld,
                            ld,
                            tile,
                            prec,
                            0,
                            d,
                            tied ? 0 : (long) d * d,
                            ws.y(),
                            0,
                            ld,
                            tile,
                            k);
            Launch<B> resp = dev.kernel("gmm_gemm_responsibilities");
            resp.buffer(ws.y())
                    .integer(row0)
                    .integer(count)
                    .integer(tile)
                    .integer(d)
                    .integer(k)
                    .buffer(lognorm)
                    .buffer(w)
                    .integer(w != null ? 1 : 0)
                    .buffer(ws.a())
                    .buffer(ws.lw())
                    .integer(first);
            resp.run(responsibilityBlocks(tile));
            Launch<B> scale = dev.kernel("gmm_gemm_scale");
            scale.buffer(ws.z()).buffer(ws.a()).integer(tile).integer(d).integer(k).buffer(ws.y());
            scale.run(elementBlocks);
            // G_b = (a Z')_b^T Z'_b over sub-tiles b of S rows: stride S down the K T rows
            int n = d + 1;
            dev.blas()
                    .gemmStridedBatched(
                            true,
                            false,
                            n,
                            n,
                            subRows,
                            ws.y(),
                            0,
                            ld,
                            subRows,
                            ws.z(),
                            0,
                            ld,
                            subRows,
                            ws.g(),
                            0,
                            n,
                            (long) n * n,
                            k * subTiles(tile));
            Launch<B> gather = dev.kernel("gmm_gemm_gather");
            gather.buffer(ws.g())
                    .integer(d)
                    .integer(k)
                    .integer(subTiles(tile))
                    .integer(epc)
                    .buffer(ws.sums())
                    .integer(first);
            gather.run((k * n * n + KernelPlan.THREADS - 1) / KernelPlan.THREADS);
        }
        double[] slot = new double[k * epc + 2];
        double[] sums = dev.read(ws.sums(), k * epc);
        System.arraycopy(sums, 0, slot, 0, sums.length);
        double[] lw = dev.read(ws.lw(), 2 * responsibilityBlocks(tile));
        // the blocks' L and W in block order, so the sum does not depend on scheduling
        for (int b = 0; b < responsibilityBlocks(tile); b++) {
            slot[k * epc] += lw[2 * b];
            slot[k * epc + 1] += lw[2 * b + 1];
        }
        return slot;
    }

    private static int elementBlocks(long elements) {
        return (int)
                Math.min(ELEMENT_BLOCKS, (elements + KernelPlan.THREADS - 1) / KernelPlan.THREADS);
    }
}
