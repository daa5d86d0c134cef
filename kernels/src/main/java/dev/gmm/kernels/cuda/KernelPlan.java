/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.kernels.cuda;

import dev.gmm.CovarianceType;
import dev.gmm.GmmException;
import dev.gmm.Precision;
import dev.gmm.engine.CovarianceLayout;
import dev.gmm.spi.MixtureParameters;
import dev.gmm.spi.SufficientStatistics;
import java.util.ArrayList;
import java.util.List;

/**
 * The host half of the kernels in {@code gmm.cu}, for one shape (covariance type, d, K) and
 * precision: the table of entry groups, the tile and grid sizes, the parameters as the device reads
 * them, and the statistics unpacked from the reduced slot. The CUDA backend and the OpenCL test
 * host both launch through it, so the test covers this half too.
 *
 * <p>Per component the kernels sum the upper triangle of {@code a (x'-c')(x'-c')^T} over rows
 * augmented with a leading 1 (mean 0): its row 0 is N_k then S_k, its rows 1..d are Q_k (all of
 * them, or the diagonal only). Listed row by row, that is N_k, S_k, Q_k in the order {@link
 * SufficientStatistics} keeps them.
 */
final class KernelPlan {

    /** Threads per block; {@code GMM_THREADS} in the kernels. */
    static final int THREADS = 256;

    /** Entries per group; {@code GMM_GROUP} in the kernels. */
    static final int GROUP = 4;

    /** Shared memory a block may use without opting in to more, on every CUDA GPU since Kepler. */
    static final int SHARED_BYTES = 48 * 1024;

    /** Static shared memory of gmm_statistics: the L and W reduction, two doubles per thread. */
    static final int STATIC_SHARED_BYTES = 2 * THREADS * Double.BYTES;

    /** Bytes of per-block partial sums at most; beyond it the grid shrinks. */
    static final long PARTIALS_BUDGET = 64L << 20;

    /** The d bounds of the register-tiled statistics kernels, {@code gmm_statistics_d<DM>}. */
    static final int[] TILED_DIMS = {4, 8, 16, 32};

    /**
     * Threads of a block that take distinct rows in the tiled kernels' log-density phase; {@code
     * GMM_LANES}.
     */
    static final int LANES = THREADS / 4;

    /**
     * Set to false, the statistics pass uses the generic kernel for every shape: to compare the
     * two, or to step around the tiled kernels on a GPU where they misbehave.
     */
    static final String TILED_PROPERTY = "gmm.cuda.tiled";

    /**
     * Set to true, full and tied shapes that no tiled kernel takes (d above 32, or K beyond its
     * shared memory) run the statistics pass as cuBLAS GEMMs ({@link GemmPass}). Off by default: it
     * has not yet run on a GPU, and the crossover with the fused kernels is unmeasured.
     */
    static final String CUBLAS_PROPERTY = "gmm.cuda.cublas";

    /**
     * Set to true, the tiled kernels may take as much shared memory per block as the GPU allows a
     * kernel that opts in ({@code cuFuncSetAttribute}; 227 KiB on Hopper), so that they cover K up
     * to 64 at d <= 16. Off by default: it has not yet run on a GPU.
     */
    static final String SHARED_OPT_IN_PROPERTY = "gmm.cuda.sharedOptIn";

    private final CovarianceType type;
    private final int d;
    private final int k;
    private final Precision precision;
    private final int[] groups;
    private final int tileRows;
    private final int tiledDims;

    KernelPlan(CovarianceType type, int d, int k, Precision precision) {
        this(type, d, k, precision, SHARED_BYTES);
    }

    /**
     * A plan whose tiled kernels may use up to {@code tiledSharedBytes} of shared memory per block
     * (static included); the generic kernels keep to {@link #SHARED_BYTES}.
     */
    KernelPlan(CovarianceType type, int d, int k, Precision precision, int tiledSharedBytes) {
        this.type = type;
        this.d = d;
        this.k = k;
        this.precision = precision;
        this.groups = groupTable(type, d);
        int rowBytes = (rowStride() + respStride()) * precision.bytes();
        int fit = (SHARED_BYTES - STATIC_SHARED_BYTES) / rowBytes;
        if (fit < 1) {
            throw new GmmException(
                    GmmException.Category.BACKEND,
                    "the CUDA kernels hold a row of "
                            + d
                            + " columns and "
                            + k
                            + " components in "
                            + (SHARED_BYTES >> 10)
                            + " KiB of shared memory, and this one does not fit; use the cpu backend");
        }
        // whole warps where there is room: the threads of a warp then take whole rows
        int rows = Math.min(THREADS, fit);
        this.tileRows = rows >= 32 ? rows / 32 * 32 : rows;
        this.tiledDims = tiledDims(type, d, k, precision, Math.max(SHARED_BYTES, tiledSharedBytes));
    }

    /**
     * The DM of the tiled kernel for this shape, or 0 where the generic kernel runs the statistics
     * pass.
     */
    private static int tiledDims(
            CovarianceType type, int d, int k, Precision precision, int sharedBytes) {
        if (!type.needsCrossMoments()
                || "false".equalsIgnoreCase(System.getProperty(TILED_PROPERTY, ""))) {
            return 0;
        }
        for (int dm : TILED_DIMS) {
            if (d <= dm) {
                long bytes =
                        (long) LANES
                                * rowsPerThread(dm, precision)
                                * (tiledRowStride(dm) + (k | 1))
                                * precision.bytes();
                return bytes <= sharedBytes - STATIC_SHARED_BYTES ? dm : 0;
            }
        }
        return 0;
    }

    /**
     * Rows per thread of the tiled kernels' log-density phase; {@code GMM_RPT(DM)}. As many as fit
     * 128 registers and leave a tile of rows with 16 components in the default shared memory.
     */
    static int rowsPerThread(int dm, Precision precision) {
        if (precision == Precision.DOUBLE) {
            return dm <= 16 ? 2 : 1;
        }
        return dm <= 16 ? 4 : 2;
    }

    /** Columns of a tiled kernel's row: 1, x, zero padding to whole blocks of four; {@code XS}. */
    private static int tiledRowStride(int dm) {
        return (dm + 4) / 4 * 4;
    }

    static KernelPlan of(MixtureParameters p, Precision precision) {
        return of(p, precision, SHARED_BYTES);
    }

    static KernelPlan of(MixtureParameters p, Precision precision, int tiledSharedBytes) {
        return new KernelPlan(
                p.covarianceType(), p.dimensions(), p.components(), precision, tiledSharedBytes);
    }

    /**
     * Groups of up to {@link #GROUP} entries of one component's triangle, four ints each: the row i
     * (-1 for a stretch of the diagonal), the first column, the count, and where the first entry
     * goes among the component's entries.
     */
    private static int[] groupTable(CovarianceType type, int d) {
        List<int[]> out = new ArrayList<>();
        int at = 0;
        int rows = type.needsCrossMoments() ? d + 1 : 1;
        for (int i = 0; i < rows; i++) {
            for (int j = i; j <= d; j += GROUP) {
                int count = Math.min(GROUP, d + 1 - j);
                out.add(new int[] {i, j, count, at});
                at += count;
            }
        }
        if (!type.needsCrossMoments()) {
            for (int j = 1; j <= d; j += GROUP) {
                int count = Math.min(GROUP, d + 1 - j);
                out.add(new int[] {-1, j, count, at});
                at += count;
            }
        }
        int[] table = new int[out.size() * 4];
        for (int g = 0; g < out.size(); g++) {
            System.arraycopy(out.get(g), 0, table, 4 * g, 4);
        }
        return table;
    }

    /** Whether {@code p} has this plan's shape and so the same group table and sizes. */
    boolean fits(MixtureParameters p) {
        return p.covarianceType() == type && p.dimensions() == d && p.components() == k;
    }

    int[] groups() {
        return groups;
    }

    int groupsPerComponent() {
        return groups.length / 4;
    }

    /** N, S and Q of one component: 1 + d + momentLength(d). */
    int entriesPerComponent() {
        return 1 + d + type.momentLength(d);
    }

    /** Doubles in one block's slot: every component's entries, then L and W. */
    int slotLength() {
        return k * entriesPerComponent() + 2;
    }

    int tileRows() {
        return tileRows;
    }

    /** Dynamic shared memory of a launch: the tile of rows and its responsibilities. */
    int sharedBytes() {
        return tileRows * (rowStride() + respStride()) * precision.bytes();
    }

    private int rowStride() {
        return (d + 1) | 1;
    }

    private int respStride() {
        return k | 1;
    }

    /** DM of the tiled statistics kernel for this shape, or 0 for the generic one. */
    int tiledDims() {
        return tiledDims;
    }

    /** Whether the statistics pass is the GEMM pass (with {@link #CUBLAS_PROPERTY} set). */
    boolean gemm() {
        return type.needsCrossMoments() && tiledDims == 0 && Boolean.getBoolean(CUBLAS_PROPERTY);
    }

    /** Which shapes take which statistics path, in words, for {@code gmm backends}. */
    static String paths() {
        String gemm =
                Boolean.getBoolean(CUBLAS_PROPERTY)
                        ? "cuBLAS GEMMs (-D" + CUBLAS_PROPERTY + "=true; not yet verified on a GPU)"
                        : "the generic fused kernel (cuBLAS GEMMs with -D"
                                + CUBLAS_PROPERTY
                                + "=true, not yet verified on a GPU)";
        return "statistics pass: full and tied up to d = "
                + TILED_DIMS[TILED_DIMS.length - 1]
                + " on register-tiled kernels where a tile fits "
                + (Boolean.getBoolean(SHARED_OPT_IN_PROPERTY)
                        ? "the GPU's opt-in shared memory (-D"
                                + SHARED_OPT_IN_PROPERTY
                                + "=true; not yet verified on a GPU)"
                        : (SHARED_BYTES >> 10)
                                + " KiB of shared memory (the GPU's opt-in maximum with -D"
                                + SHARED_OPT_IN_PROPERTY
                                + "=true, not yet verified on a GPU)")
                + ", other full and tied shapes on "
                + gemm
                + ", diag and spherical on the generic fused kernel";
    }

    /** The kernel of the statistics pass. */
    String statisticsKernel() {
        return tiledDims == 0 ? "gmm_statistics" : tiledKernel(tiledDims);
    }

    /**
     * The name of the tiled statistics kernel for d up to {@code dm}, one of {@link #TILED_DIMS}.
     */
    static String tiledKernel(int dm) {
        return "gmm_statistics_d" + dm;
    }

    /** Rows of a statistics tile. */
    int statisticsTileRows() {
        return tiledDims == 0 ? tileRows : LANES * rowsPerThread(tiledDims, precision);
    }

    /** Dynamic shared memory of a statistics launch. */
    int statisticsSharedBytes() {
        return tiledDims == 0
                ? sharedBytes()
                : statisticsTileRows()
                        * (tiledRowStride(tiledDims) + respStride())
                        * precision.bytes();
    }

    /** Blocks of a statistics pass over {@code rows} rows. */
    int statisticsBlocks(int rows, int maxBlocks) {
        return blocks(rows, statisticsTileRows(), maxBlocks);
    }

    /** Blocks of a scoring pass over {@code rows} rows. */
    int blocks(int rows, int maxBlocks) {
        return blocks(rows, tileRows, maxBlocks);
    }

    /**
     * Blocks for {@code rows} rows: at most one per tile, {@code maxBlocks}, and what the partials
     * budget allows.
     */
    private int blocks(int rows, int tileRows, int maxBlocks) {
        long tiles = Math.max(1, ((long) rows + tileRows - 1) / tileRows);
        long byBudget = Math.max(1, PARTIALS_BUDGET / ((long) slotLength() * Double.BYTES));
        return (int) Math.max(1, Math.min(Math.min(tiles, maxBlocks), byBudget));
    }

    /**
     * Where a launch's arguments go, in the order {@code gmm.cu} declares them: device buffers, in
     * the host's own type (null for an absent array, a null pointer in the kernel), and ints.
     * Dynamic shared memory is the host's to add: a launch parameter in CUDA, a last argument in
     * OpenCL.
     */
    interface Args<B> {
        Args<B> buffer(B b);

        Args<B> integer(int v);
    }

    /**
     * The arguments of the statistics kernel ({@link #statisticsKernel}) over {@code rows} rows;
     * {@code w} is null when the rows are unweighted. The tiled kernels read {@link #tiledMeans}
     * and {@link #tiledPrecision} as {@code means} and {@code prec}, and no group table.
     */
    <B> void statisticsArgs(
            Args<B> a, int rows, B x, B w, B means, B prec, B lognorm, B groups, B partials) {
        a.buffer(x).buffer(w).integer(w != null ? 1 : 0).integer(rows).integer(d).integer(k);
        if (tiledDims > 0) {
            a.integer(type == CovarianceType.TIED ? 1 : 0)
                    .buffer(means)
                    .buffer(prec)
                    .buffer(lognorm)
                    .integer(entriesPerComponent())
                    .buffer(partials);
        } else {
            a.integer(covarianceCode())
                    .buffer(means)
                    .buffer(prec)
                    .buffer(lognorm)
                    .buffer(groups)
                    .integer(groupsPerComponent())
                    .integer(entriesPerComponent())
                    .integer(tileRows)
                    .buffer(partials);
        }
    }

    /**
     * The parameters as a host holds them on the device, in both layouts: the generic kernels' (and
     * their group table) and the tiled kernels' ({@link #tiledMeans}, {@link #tiledPrecision}, null
     * where no tiled kernel runs).
     */
    record ParameterBuffers<B>(B means, B prec, B tiledMeans, B tiledPrec, B lognorm, B groups) {}

    /** The statistics kernel's arguments, with the parameter buffers in the layout it reads. */
    <B> void statisticsArgs(Args<B> a, int rows, B x, B w, ParameterBuffers<B> p, B partials) {
        boolean tiled = tiledDims > 0;
        statisticsArgs(
                a,
                rows,
                x,
                w,
                tiled ? p.tiledMeans() : p.means(),
                tiled ? p.tiledPrec() : p.prec(),
                p.lognorm(),
                tiled ? null : p.groups(),
                partials);
    }

    /** The arguments of {@code gmm_reduce}: {@code blocks} slots of partials into {@code out}. */
    <B> void reduceArgs(Args<B> a, B partials, int blocks, B out) {
        a.buffer(partials).integer(blocks).integer(slotLength()).buffer(out);
    }

    /** Blocks of a {@code gmm_reduce} launch: a thread per entry of the slot. */
    int reduceBlocks() {
        return (slotLength() + THREADS - 1) / THREADS;
    }

    /**
     * The arguments of {@code gmm_score} over {@code rows} rows; {@code resp} is null when no
     * responsibilities are wanted.
     */
    <B> void scoreArgs(
            Args<B> a, int rows, B x, B means, B prec, B lognorm, B logl, B labels, B resp) {
        a.buffer(x)
                .integer(rows)
                .integer(d)
                .integer(k)
                .integer(covarianceCode())
                .buffer(means)
                .buffer(prec)
                .buffer(lognorm)
                .integer(tileRows)
                .buffer(logl)
                .buffer(labels)
                .buffer(resp)
                .integer(resp != null ? 1 : 0);
    }

    /** The covariance type as the kernels number it. */
    int covarianceCode() {
        return CovarianceLayout.kernelCode(type);
    }

    /**
     * The values the device holds for {@code v}: the same doubles, or each rounded to float. The
     * means so rounded are the shifts the device subtracts.
     */
    double[] deviceValues(double[] v) {
        if (precision == Precision.DOUBLE) {
            return v;
        }
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }

    /** The means as the tiled kernel reads them: K x DM, zero beyond d. */
    double[] tiledMeans(MixtureParameters p) {
        double[] out = new double[k * tiledDims];
        for (int c = 0; c < k; c++) {
            System.arraycopy(p.means(), c * d, out, c * tiledDims, d);
        }
        return out;
    }

    /**
     * The precision factors as the tiled kernel reads them: per block DM x DM rows, zero beyond d.
     */
    double[] tiledPrecision(MixtureParameters p) {
        int blocks = type.blocks(k);
        int dm = tiledDims;
        double[] out = new double[blocks * dm * dm];
        double[] prec = p.precision();
        for (int b = 0; b < blocks; b++) {
            for (int i = 0; i < d; i++) {
                System.arraycopy(prec, (b * d + i) * d, out, (b * dm + i) * dm, d);
            }
        }
        return out;
    }

    static float[] toFloats(double[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }

    /**
     * The statistics in a reduced slot (per component N, S', Q', then L and W), about p's means.
     */
    SufficientStatistics statistics(
            double[] slot, MixtureParameters p, double[] deviceMeans, long rows) {
        int e = entriesPerComponent();
        return SufficientStatistics.reshifted(
                p, deviceMeans, slot, 0, slot[k * e], slot[k * e + 1], rows);
    }
}
