/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.engine.cpu;

import dev.gmm.CovarianceType;
import dev.gmm.Precision;
import dev.gmm.data.DataChunk;
import dev.gmm.spi.MixtureParameters;
import dev.gmm.spi.RowScores;
import dev.gmm.spi.SufficientStatistics;
import java.util.Arrays;

/**
 * One thread's walk over rows, a block at a time, component by component. The block is held
 * transposed ({@code d x B}, one dimension's values for all its rows contiguous), so the hot loops
 * run over the block's rows: unit stride, long, of the form {@code a[r] += s * b[r]}, with no
 * per-row call or switch. Those loops are {@link BlockLoops}; this class only sequences them over
 * dimensions and components. C2 (JDK 17 and 25) vectorises such a loop only where every array in it
 * is indexed from 0, not at offsets into one block array. Up to d = 3, {@link SmallLoops} does a
 * component's log densities and its moments in one loop each, over one array per dimension, so its
 * log densities are vectorised. The second moments are the one reduction over rows; the portable
 * loops compute them as 2 x 4 tiles of the upper triangle held in registers.
 *
 * <p>With the Vector API ({@link VectorKernels}, from d = 4), a block's rows are padded with
 * zero-weight zeros to whole groups of the transform, so no vector loop has a scalar tail and no
 * row is left to the portable loops, which use another layout; the moments are kept lane by lane
 * until the partition ends; and where they fit, every component's centred rows are kept from the
 * log densities for the moments.
 *
 * <p>The buffers belong to one thread and are reused across passes for the same shape.
 */
final class BlockPass {

    /**
     * From this many dimensions up, the moments skip rows whose responsibility is exactly zero.
     * Below it a row's moments are a few operations, and the scan that finds the zeros would take a
     * large part of what skipping could save.
     */
    static final int SPARSE_MIN_D = 4;

    /** Half of a 1 MB L2 cache: the centred blocks of all components stay in it. */
    static final int KEEP_CENTRED_BYTES = 512 * 1024;

    private final Precision precision;
    private final boolean vector;
    private final int d;
    private final int k;
    private final int blockRows;

    /** d rounded up to whole 4 x 4 tiles: the vector moments' padded dimensions. */
    private final int dPad;

    private final double[] rows;
    private final float[] rowsFloat;

    /** With the vector kernels: the block transposed, its centred rows and u = a xc, d x B each. */
    private final double[] xt;

    private final double[] xc;
    private final double[] u;

    /**
     * Without them: the same as one array per dimension, so that the portable loops index every
     * array from 0, which is where C2 vectorises them; up to d = 3 only the block.
     */
    private final double[][] columns;

    private final double[][] xcColumns;
    private final double[][] uColumns;
    private final double[] y;
    private final double[] dist;
    private final double[] logp;
    private final double[] w;
    private final double[] rowLog;
    private final double[] max;
    private final double[] sum;

    /** Per row, the sum over k of e_k (t_k - max): with ln s, the row's entropy. */
    private final double[] dot;

    private final double[] tile;
    private final int[] keep;
    private final double[] kept;

    /**
     * With the vector kernels from {@link VectorKernels#MIN_D} dimensions up, every component's
     * moments for the partition so far, lane by lane ({@link VectorKernels#moments}); null
     * otherwise.
     */
    private final double[] laneMoments;

    /** Whether the Vector API kernels take this shape: with vector on, from their MIN_D up. */
    private final boolean vectorPath;

    private final int laneStride;

    /**
     * Whether xc holds every component's centred block ({@link #centred}), so the moments reuse
     * what the log densities centred: with the vector kernels, and where all of them take at most
     * {@link #KEEP_CENTRED_BYTES}.
     */
    private final boolean keepCentred;

    /** For this pass: the statistics' shifts are the means the log densities centre on. */
    private boolean shiftsAreMeans;

    /** For this pass: every row's weight is 1. */
    private boolean unit;

    /** For {@link SmallLoops}: a component's packed precision factor, and one block's sums. */
    private final double[] triangle;

    /** For {@link SmallLoops}: one component's log densities, indexed from 0 as the columns. */
    private final double[] density;

    private final double[] sums;

    /** At d = 2, the second component's sums of {@link SmallLoops#moments2Pair}. */
    private final double[] pairSums;

    /**
     * With {@code vector}, the hot kernels are {@link VectorKernels}; the caller checks the module
     * is there.
     */
    BlockPass(Precision precision, boolean vector, int d, int k, int blockRows) {
        this.precision = precision;
        this.vector = vector;
        this.d = d;
        this.k = k;
        this.blockRows = blockRows;
        this.vectorPath = vector && d >= VectorKernels.MIN_D;
        this.dPad = vectorPath ? (d + 3) / 4 * 4 : d;
        this.rows = new double[blockRows * d];
        this.rowsFloat = precision == Precision.FLOAT ? new float[blockRows * d] : null;
        boolean small = d <= SmallLoops.MAX_D;
        boolean portable = !vectorPath && !small;
        this.xt = vectorPath ? new double[blockRows * d] : null;
        this.columns = vectorPath ? null : new double[d][blockRows];
        this.xcColumns = portable ? new double[d][blockRows] : null;
        this.uColumns = portable ? new double[d][blockRows] : null;
        this.density = small ? new double[blockRows] : null;
        this.keepCentred =
                vectorPath && (long) k * dPad * blockRows * Double.BYTES <= KEEP_CENTRED_BYTES;
        this.xc = vectorPath ? new double[(keepCentred ? k : 1) * blockRows * dPad] : null;
        this.u = vectorPath ? new double[blockRows * dPad] : null;
        this.y = new double[blockRows];
        this.dist = new double[blockRows];
        this.logp = new double[blockRows * k];
        this.w = new double[blockRows];
        this.rowLog = new double[blockRows];
        this.max = new double[blockRows];
        this.sum = new double[blockRows];
        this.dot = new double[blockRows];
        this.tile = new double[8];
        this.keep = d >= SPARSE_MIN_D ? new int[blockRows] : null;
        this.kept = d >= SPARSE_MIN_D ? new double[blockRows] : null;
        if (vectorPath && blockRows % VectorKernels.DISTANCE_ROWS != 0) {
            throw new IllegalArgumentException(
                    blockRows + " rows is not whole groups of the vector transform");
        }
        this.laneStride = vectorPath ? VectorKernels.momentLength(dPad, true) : 0;
        this.laneMoments = vectorPath ? new double[k * laneStride] : null;
        this.triangle = small ? new double[d * (d + 1) / 2] : null;
        this.sums = small ? new double[1 + d + d * (d + 1) / 2] : null;
        this.pairSums = d == 2 ? new double[6] : null;
    }

    boolean fits(Precision precision, boolean vector, int d, int k) {
        return this.precision == precision && this.vector == vector && this.d == d && this.k == k;
    }

    void statistics(
            DataChunk data, MixtureParameters p, int from, int to, SufficientStatistics st) {
        shiftsAreMeans = Arrays.equals(st.shifts(), p.means());
        unit = !data.weighted();
        for (int b = from; b < to; b += blockRows) {
            int n = Math.min(blockRows, to - b);
            int nv = paddedBlock(n);
            read(data, b, n);
            logDensities(p, nv);
            expTerms(nv);
            boolean empty = BlockLoops.totals(max, sum, dot, w, unit, sum, n, tile);
            Arrays.fill(sum, n, nv, 0.0);
            if (empty) {
                clearEmptyRows(n);
            }
            st.addTotals(tile[0], tile[1], n, tile[2]);
            accumulate(st, n, nv);
        }
        if (vectorPath) {
            addLaneMoments(st);
        }
    }

    /** The partition's lane sums of every component into st, each lane in order. */
    private void addLaneMoments(SufficientStatistics st) {
        boolean cross = st.covarianceType().needsCrossMoments();
        int qLength = st.covarianceType().momentLength(d);
        for (int c = 0; c < k; c++) {
            VectorKernels.addMoments(
                    laneMoments,
                    c * laneStride,
                    d,
                    dPad,
                    cross,
                    st.componentWeights(),
                    c,
                    st.shiftedSums(),
                    st.shiftedMoments(),
                    c * qLength);
        }
    }

    /**
     * Scores rows [from, to) into out; with entropy asked for, each row's H = ln s - sum over k of
     * r_k (ln p_k - m), where m is the row's largest log term, s the sum of exp(ln p_k - m) and r_k
     * = exp(ln p_k - m) / s: one logarithm a row, where -sum r_k ln r_k takes K.
     */
    void score(DataChunk data, MixtureParameters p, int from, int to, RowScores out) {
        double[] resp = out.responsibilities();
        double[] entropy = out.entropy();
        int bs = blockRows;
        for (int b = from; b < to; b += bs) {
            int n = Math.min(bs, to - b);
            int nv = paddedBlock(n);
            read(data, b, n);
            logDensities(p, nv);
            responsibilities(nv);
            System.arraycopy(rowLog, 0, out.logDensity(), b, n);
            BlockLoops.labels(logp, bs, k, n, out.labels(), b);
            if (resp != null) {
                BlockLoops.responsibilities(logp, bs, k, sum, n, resp, b);
            }
            if (entropy != null) {
                BlockLoops.entropy(rowLog, max, sum, dot, n, entropy, b);
            }
        }
    }

    /**
     * n gathered rows rounded up to whole vectors where the vector kernels take the block ({@link
     * #vectorPath}), else n. The rows added are zeros with weight zero, which add exactly nothing.
     */
    private int padded(int n) {
        return roundUp(n, vectorPath ? VectorKernels.LANES : 1);
    }

    /**
     * A block's n rows rounded up to whole groups of the vector transform where the vector kernels
     * take it, so that they take every row; else n.
     */
    private int paddedBlock(int n) {
        return roundUp(n, vectorPath ? VectorKernels.DISTANCE_ROWS : 1);
    }

    private static int roundUp(int n, int step) {
        return (n + step - 1) / step * step;
    }

    /**
     * Rows [from, from+n) into xt (without the vector kernels, columns), transposed, rounded to
     * float first if asked, and zero rows up to {@link #paddedBlock}; weights into w, zero for
     * those rows.
     */
    private void read(DataChunk data, int from, int n) {
        if (rowsFloat != null) {
            data.copyRows(from, n, rowsFloat, 0);
            BlockLoops.widen(rowsFloat, rows, n * d);
        } else {
            data.copyRows(from, n, rows, 0);
        }
        data.copyWeights(from, n, w, 0);
        if (columns != null) {
            BlockLoops.transpose(rows, d, columns, n);
            return;
        }
        BlockLoops.transpose(rows, d, xt, blockRows, n);
        int nv = paddedBlock(n);
        for (int j = 0; j < d; j++) {
            Arrays.fill(xt, j * blockRows + n, j * blockRows + nv, 0.0);
        }
        Arrays.fill(w, n, nv, 0.0);
    }

    /**
     * The block less c, dimension by dimension, for rows [0, n) (whole vectors of them, if vector):
     * into xc from xo, or without the vector kernels into xcColumns.
     */
    private void centre(double[] shifts, int off, int n, int xo) {
        int bs = blockRows;
        for (int j = 0; j < d; j++) {
            if (vectorPath) {
                VectorKernels.subtract(xt, j * bs, shifts[off + j], xc, xo + j * bs, n);
            } else {
                BlockLoops.subtract(columns[j], shifts[off + j], xcColumns[j], n);
            }
        }
    }

    /** Where component c's centred rows are in xc: its own place if they are kept, else 0. */
    private int centred(int c) {
        return keepCentred ? c * dPad * blockRows : 0;
    }

    /**
     * logp[c][r] = log pi_c + log N(x_r | c): the Mahalanobis term per covariance form, then the
     * constant.
     */
    private void logDensities(MixtureParameters p, int n) {
        CovarianceType type = p.covarianceType();
        double[] prec = p.precision();
        double[] norm = p.logNormalizers();
        int size = type.blockSize(d);
        for (int c = 0; c < k; c++) {
            int po = type.blockOf(c) * size;
            if (triangle != null) {
                packTriangle(type, prec, po);
                SmallLoops.logDensity(d, columns, p.means(), c * d, triangle, norm[c], density, n);
                System.arraycopy(density, 0, logp, c * blockRows, n);
                continue;
            }
            if (vectorPath) {
                vectorDistance(type, prec, po, p.means(), c * d, n, centred(c));
            } else {
                centre(p.means(), c * d, n, 0);
                Arrays.fill(dist, 0, n, 0.0);
                if (type.needsCrossMoments()) {
                    triangularDistance(prec, po, n);
                } else {
                    int step = diagonalStep(type);
                    for (int j = 0; j < d; j++) {
                        BlockLoops.addScaledSquares(prec[po + j * step], xcColumns[j], dist, n);
                    }
                }
            }
            BlockLoops.affine(norm[c], -0.5, dist, logp, c * blockRows, n);
        }
    }

    /**
     * The upper triangle of a precision factor, packed row by row, from the block of any covariance
     * form.
     */
    private void packTriangle(CovarianceType type, double[] prec, int po) {
        int e = 0;
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                triangle[e++] =
                        switch (type) {
                            case FULL, TIED -> prec[po + i * d + j];
                            case DIAG -> i == j ? prec[po + j] : 0.0;
                            case SPHERICAL -> i == j ? prec[po] : 0.0;
                        };
            }
        }
    }

    /**
     * dist = the Mahalanobis term of every row of the block for a component, by the vector kernels:
     * they centre the rows into xc from xo themselves and take them all, the block being padded to
     * their whole groups.
     */
    private void vectorDistance(
            CovarianceType type, double[] prec, int po, double[] means, int mo, int n, int xo) {
        int bs = blockRows;
        if (type.needsCrossMoments()) {
            VectorKernels.triangularDistance(prec, po, d, xt, means, mo, xc, xo, bs, n, dist);
        } else {
            VectorKernels.diagonalDistance(
                    prec, po, diagonalStep(type), d, xt, means, mo, xc, xo, bs, n, dist);
        }
    }

    /**
     * The step between dimensions in a diagonal form's precision block: 1 for its own value per
     * dimension, 0 for a spherical one's single value.
     */
    private static int diagonalStep(CovarianceType type) {
        return type == CovarianceType.SPHERICAL ? 0 : 1;
    }

    /**
     * dist += ||P^T xc||^2 with P upper triangular, from xcColumns: coordinate j of P^T xc is sum
     * over i <= j of P[i][j] xc_i, built four input dimensions at a time so y is loaded and stored
     * once per four.
     */
    private void triangularDistance(double[] prec, int po, int n) {
        double[][] x = xcColumns;
        for (int j = 0; j < d; j++) {
            BlockLoops.scale(prec[po + j], x[0], y, n);
            int i = 1;
            for (; i + 3 <= j; i += 4) {
                BlockLoops.addScaled4(
                        prec[po + i * d + j],
                        prec[po + (i + 1) * d + j],
                        prec[po + (i + 2) * d + j],
                        prec[po + (i + 3) * d + j],
                        x[i],
                        x[i + 1],
                        x[i + 2],
                        x[i + 3],
                        y,
                        n);
            }
            for (; i <= j; i++) {
                BlockLoops.addScaled(prec[po + i * d + j], x[i], y, n);
            }
            BlockLoops.addSquares(y, dist, n);
        }
    }

    /**
     * Log densities to unnormalised responsibilities in place, for scoring: rowLog[r] = l_r and
     * sum[r] the factor that normalises row r. A row with zero density under every component gets
     * no responsibility and l_r = -inf.
     */
    private void responsibilities(int n) {
        expTerms(n);
        if (BlockLoops.logSumExp(max, sum, rowLog, n)) {
            clearEmptyRows(n);
        }
    }

    /**
     * Log densities to their exp(l_k - m) in place, m the row's largest into max, their sum into
     * sum and the sum of exp(l_k - m)(l_k - m) into dot.
     */
    private void expTerms(int n) {
        int bs = blockRows;
        if (vectorPath) {
            VectorKernels.responsibilities(logp, bs, k, n, max, sum, dot);
        } else if (k == 2) {
            BlockLoops.expPair(logp, bs, max, sum, dot, n);
        } else {
            System.arraycopy(logp, 0, max, 0, n);
            for (int c = 1; c < k; c++) {
                BlockLoops.maxInto(logp, c * bs, max, n);
            }
            Arrays.fill(sum, 0, n, 0.0);
            Arrays.fill(dot, 0, n, 0.0);
            // the terms of the log-sum-exp are the unnormalised responsibilities: one exp each
            for (int c = 0; c < k; c++) {
                BlockLoops.expAdd(logp, c * bs, max, sum, dot, n);
            }
        }
    }

    /** Rows of zero density under every component (max -inf): no responsibility, l = -inf. */
    private void clearEmptyRows(int n) {
        int bs = blockRows;
        for (int r = 0; r < n; r++) {
            if (max[r] == Double.NEGATIVE_INFINITY) {
                rowLog[r] = Double.NEGATIVE_INFINITY;
                sum[r] = 0;
                for (int c = 0; c < k; c++) {
                    logp[c * bs + r] = 0;
                }
            }
        }
    }

    /**
     * Folds the block's N_k, S_k and Q_k into st component by component, sum[r] being w_r / s_r
     * ({@link BlockLoops#totals}), so that a = w r_k is one product. A row whose responsibility for
     * a component is exactly zero adds exactly nothing to its S_k and Q_k; for well-separated
     * components most are (exp underflows), so where at least half of the block's rows are, the
     * others are gathered and only they pay for the moments.
     */
    private void accumulate(SufficientStatistics st, int n, int nv) {
        int bs = blockRows;
        double[] nk = st.componentWeights();
        double[] s = st.shiftedSums();
        double[] q = st.shiftedMoments();
        double[] shifts = st.shifts();
        boolean cross = st.covarianceType().needsCrossMoments();
        int qLength = st.covarianceType().momentLength(d);
        if (sums != null) {
            addSmall(st, cross, qLength, shifts, n);
            return;
        }
        for (int c = 0; c < k; c++) {
            int ao = c * bs;
            if (vectorPath) {
                addLanes(c, cross, shifts, n, nv);
                continue;
            }
            double a = BlockLoops.multiplySum(logp, ao, sum, n);
            if (a == 0) {
                continue;
            }
            nk[c] += a;
            double[] weights = logp;
            int wo = ao;
            int m = keep != null ? BlockLoops.nonZero(logp, ao, n, keep, kept) : n;
            double[][] x = xcColumns;
            if (m <= n / 2) {
                for (int i = 0; i < d; i++) {
                    BlockLoops.gatherSubtract(columns[i], 0, keep, shifts[c * d + i], x[i], 0, m);
                }
                weights = kept;
                wo = 0;
            } else {
                m = n;
                centre(shifts, c * d, n, 0);
            }
            for (int i = 0; i < d; i++) {
                s[c * d + i] += BlockLoops.multiplyInto(weights, wo, x[i], uColumns[i], m);
            }
            if (cross) {
                upperMoments(q, c * qLength, m);
            } else {
                for (int i = 0; i < d; i++) {
                    q[c * qLength + i] += BlockLoops.dot(uColumns[i], x[i], m);
                }
            }
        }
    }

    /**
     * Component c's N, S and Q for the block into {@link #laneMoments}: the rows with non-zero
     * responsibility, gathered where they are at most half, padded with zero weights to whole
     * vectors.
     */
    private void addLanes(int c, boolean cross, double[] shifts, int n, int nv) {
        int bs = blockRows;
        int ao = c * bs;
        int m = VectorKernels.scaleCount(logp, ao, sum, nv);
        if (m == 0) {
            return;
        }
        int xo = centred(c);
        if (m > n / 2) {
            if (!keepCentred || !shiftsAreMeans) {
                centre(shifts, c * d, nv, xo);
            }
            VectorKernels.moments(
                    logp, ao, xc, xo, u, bs, nv, dPad, cross, laneMoments, c * laneStride);
            return;
        }
        // component c's centred rows are not needed again, so the gathered ones take their place
        BlockLoops.nonZero(logp, ao, n, keep, kept);
        for (int i = 0; i < d; i++) {
            BlockLoops.gatherSubtract(xt, i * bs, keep, shifts[c * d + i], xc, xo + i * bs, m);
        }
        int whole = padded(m);
        Arrays.fill(kept, m, whole, 0.0);
        for (int i = 0; i < d; i++) {
            Arrays.fill(xc, xo + i * bs + m, xo + i * bs + whole, 0.0);
        }
        VectorKernels.moments(
                kept, 0, xc, xo, u, bs, whole, dPad, cross, laneMoments, c * laneStride);
    }

    /**
     * Every component's N, S and Q for the block through {@link SmallLoops}, as the general path
     * forms them; at d = 2 two components a loop, which then reads each row's values once for both.
     */
    private void addSmall(
            SufficientStatistics st, boolean cross, int qLength, double[] shifts, int n) {
        int bs = blockRows;
        int c = 0;
        if (d == 2) {
            for (; c + 1 < k; c += 2) {
                SmallLoops.moments2Pair(
                        logp,
                        c * bs,
                        (c + 1) * bs,
                        sum,
                        columns,
                        shifts,
                        c * 2,
                        c * 2 + 2,
                        n,
                        sums,
                        pairSums);
                addSmallSums(st, c, cross, qLength, sums);
                addSmallSums(st, c + 1, cross, qLength, pairSums);
            }
        }
        for (; c < k; c++) {
            SmallLoops.moments(d, logp, c * bs, sum, columns, shifts, c * d, n, sums);
            addSmallSums(st, c, cross, qLength, sums);
        }
    }

    /** One component's block sums from {@link SmallLoops} (N, S, packed Q) into st. */
    private void addSmallSums(
            SufficientStatistics st, int c, boolean cross, int qLength, double[] from) {
        if (from[0] == 0) {
            return;
        }
        double[] s = st.shiftedSums();
        double[] q = st.shiftedMoments();
        st.componentWeights()[c] += from[0];
        for (int i = 0; i < d; i++) {
            s[c * d + i] += from[1 + i];
        }
        for (int i = 0, e = 0; i < d; i++) {
            for (int j = i; j < d; j++, e++) {
                if (cross) {
                    q[c * qLength + e] += from[1 + d + e];
                } else if (i == j) {
                    q[c * qLength + i] += from[1 + d + e];
                }
            }
        }
    }

    /**
     * q += the upper triangle of u^T xc (packed, row-major), in 2 x 4 tiles: eight sums over the
     * rows in registers, six loads per row for eight multiply-adds. A tile on the diagonal also
     * forms the one entry below it, which is dropped.
     */
    private void upperMoments(double[] q, int qo, int n) {
        double[][] x = xcColumns;
        double[][] a = uColumns;
        int i = 0;
        for (; i + 1 < d; i += 2) {
            int row0 = qo + i * d - i * (i - 1) / 2 - i;
            int row1 = qo + (i + 1) * d - (i + 1) * i / 2 - (i + 1);
            int j = i;
            for (; j + 3 < d; j += 4) {
                BlockLoops.tile(a[i], a[i + 1], x[j], x[j + 1], x[j + 2], x[j + 3], n, tile);
                q[row0 + j] += tile[0];
                q[row0 + j + 1] += tile[1];
                q[row0 + j + 2] += tile[2];
                q[row0 + j + 3] += tile[3];
                if (j > i) {
                    q[row1 + j] += tile[4];
                }
                q[row1 + j + 1] += tile[5];
                q[row1 + j + 2] += tile[6];
                q[row1 + j + 3] += tile[7];
            }
            for (; j < d; j++) {
                BlockLoops.dot2(a[i], a[i + 1], x[j], n, tile);
                q[row0 + j] += tile[0];
                if (j > i) {
                    q[row1 + j] += tile[1];
                }
            }
        }
        if (i < d) {
            q[qo + i * d - i * (i - 1) / 2] += BlockLoops.dot(a[i], x[i], n);
        }
    }
}
