package dev.gmm.engine.cpu;

import dev.gmm.engine.CovarianceType;
import dev.gmm.engine.MixtureParameters;
import dev.gmm.engine.Precision;
import dev.gmm.engine.SufficientStatistics;
import dev.gmm.engine.backend.RowScores;
import dev.gmm.engine.data.DataChunk;

/**
 * One thread's walk over rows, a block at a time, component by component. The block is held
 * transposed ({@code d x B}, one dimension's values for all its rows contiguous), so the hot loops
 * run over the block's rows: unit stride, long, of the form {@code a[r] += s * b[r]} that the JIT
 * vectorises, with no per-row call or switch. The second moments are the one reduction over rows;
 * they are computed as 2 x 4 tiles of the upper triangle held in registers.
 *
 * <p>The buffers belong to one thread and are reused across passes for the same shape.
 */
final class BlockPass {

    private final Precision precision;
    private final boolean vector;
    private final int d;
    private final int k;
    private final int blockRows;
    private final double[] rows;
    private final float[] rowsFloat;
    private final double[] xt;
    private final double[] xc;
    private final double[] u;
    private final double[] y;
    private final double[] dist;
    private final double[] logp;
    private final double[] w;
    private final double[] rowLog;
    private final double[] max;
    private final double[] sum;
    private final double[] tile;
    private final double[] lanes;

    /** With {@code vector}, the hot kernels are {@link VectorKernels}; the caller checks the module is there. */
    BlockPass(Precision precision, boolean vector, int d, int k, int blockRows) {
        this.precision = precision;
        this.vector = vector;
        this.d = d;
        this.k = k;
        this.blockRows = blockRows;
        this.rows = new double[blockRows * d];
        this.rowsFloat = precision == Precision.FLOAT ? new float[blockRows * d] : null;
        this.xt = new double[blockRows * d];
        this.xc = new double[blockRows * d];
        this.u = new double[blockRows * d];
        this.y = new double[blockRows];
        this.dist = new double[blockRows];
        this.logp = new double[blockRows * k];
        this.w = new double[blockRows];
        this.rowLog = new double[blockRows];
        this.max = new double[blockRows];
        this.sum = new double[blockRows];
        this.tile = new double[8];
        this.lanes = vector ? new double[VectorKernels.LANES] : null;
    }

    boolean fits(Precision precision, boolean vector, int d, int k) {
        return this.precision == precision && this.vector == vector && this.d == d && this.k == k;
    }

    void statistics(DataChunk data, MixtureParameters p, int from, int to, SufficientStatistics st) {
        for (int b = from; b < to; b += blockRows) {
            int n = Math.min(blockRows, to - b);
            read(data, b, n);
            logDensities(p, n);
            responsibilities(n);
            accumulate(st, n);
        }
    }

    void score(DataChunk data, MixtureParameters p, int from, int to, RowScores out) {
        double[] logDensity = out.logDensity();
        int[] labels = out.labels();
        double[] resp = out.responsibilities();
        int bs = blockRows;
        for (int b = from; b < to; b += bs) {
            int n = Math.min(bs, to - b);
            read(data, b, n);
            logDensities(p, n);
            responsibilities(n);
            for (int r = 0; r < n; r++) {
                int row = b + r;
                logDensity[row] = rowLog[r];
                int best = 0;
                for (int c = 1; c < k; c++) {
                    if (logp[c * bs + r] > logp[best * bs + r]) {
                        best = c;
                    }
                }
                labels[row] = best;
                if (resp != null) {
                    for (int c = 0; c < k; c++) {
                        resp[row * k + c] = logp[c * bs + r];
                    }
                }
            }
        }
    }

    /** Rows [from, from+n) into xt, transposed, rounded to float first if asked; weights into w. */
    private void read(DataChunk data, int from, int n) {
        if (rowsFloat != null) {
            data.copyRows(from, n, rowsFloat, 0);
            for (int i = 0; i < n * d; i++) {
                rows[i] = rowsFloat[i];
            }
        } else {
            data.copyRows(from, n, rows, 0);
        }
        int bs = blockRows;
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < d; j++) {
                xt[j * bs + r] = rows[r * d + j];
            }
        }
        data.copyWeights(from, n, w, 0);
    }

    /** xc = xt - c, dimension by dimension, for the first n rows. */
    private void centre(double[] shifts, int off, int n) {
        int bs = blockRows;
        for (int j = 0; j < d; j++) {
            double c = shifts[off + j];
            int o = j * bs;
            for (int r = 0; r < n; r++) {
                xc[o + r] = xt[o + r] - c;
            }
        }
    }

    /** logp[c][r] = log pi_c + log N(x_r | c): the Mahalanobis term per covariance form, then the constant. */
    private void logDensities(MixtureParameters p, int n) {
        CovarianceType type = p.covarianceType();
        double[] prec = p.precision();
        double[] norm = p.logNormalizers();
        int size = type.blockSize(d);
        for (int c = 0; c < k; c++) {
            centre(p.means(), c * d, n);
            int po = type.blockOf(c) * size;
            switch (type) {
                case FULL, TIED -> triangularDistance(prec, po, n);
                case DIAG -> diagonalDistance(prec, po, n);
                case SPHERICAL -> sphericalDistance(prec[po], n);
                default -> throw new IllegalStateException(type.toString());
            }
            double nc = norm[c];
            int lo = c * blockRows;
            for (int r = 0; r < n; r++) {
                logp[lo + r] = nc - 0.5 * dist[r];
            }
        }
    }

    /**
     * dist = ||P^T xc||^2 with P upper triangular: coordinate j of P^T xc is sum over i <= j of
     * P[i][j] xc_i, built four input dimensions at a time so y is loaded and stored once per four.
     * The vector kernel, when on, takes the rows up to its last whole group.
     */
    private void triangularDistance(double[] prec, int po, int n) {
        int bs = blockRows;
        // below four dimensions there is no 4-coordinate tile, and the Vector API's slow start
        // before the JIT compiles it costs more than the kernel saves
        int from = vector && d >= 4 ? VectorKernels.triangularDistance(prec, po, d, xc, bs, n, dist) : 0;
        for (int r = from; r < n; r++) {
            dist[r] = 0;
        }
        for (int j = 0; j < d; j++) {
            double p0 = prec[po + j];
            for (int r = from; r < n; r++) {
                y[r] = p0 * xc[r];
            }
            int i = 1;
            for (; i + 3 <= j; i += 4) {
                double a0 = prec[po + i * d + j];
                double a1 = prec[po + (i + 1) * d + j];
                double a2 = prec[po + (i + 2) * d + j];
                double a3 = prec[po + (i + 3) * d + j];
                int o0 = i * bs;
                int o1 = o0 + bs;
                int o2 = o1 + bs;
                int o3 = o2 + bs;
                for (int r = from; r < n; r++) {
                    y[r] += a0 * xc[o0 + r] + a1 * xc[o1 + r] + a2 * xc[o2 + r] + a3 * xc[o3 + r];
                }
            }
            for (; i <= j; i++) {
                double a0 = prec[po + i * d + j];
                int o0 = i * bs;
                for (int r = from; r < n; r++) {
                    y[r] += a0 * xc[o0 + r];
                }
            }
            for (int r = from; r < n; r++) {
                dist[r] += y[r] * y[r];
            }
        }
    }

    private void diagonalDistance(double[] prec, int po, int n) {
        int bs = blockRows;
        for (int r = 0; r < n; r++) {
            dist[r] = 0;
        }
        for (int j = 0; j < d; j++) {
            double pj = prec[po + j];
            int o = j * bs;
            for (int r = 0; r < n; r++) {
                double t = xc[o + r] * pj;
                dist[r] += t * t;
            }
        }
    }

    private void sphericalDistance(double pr, int n) {
        int bs = blockRows;
        for (int r = 0; r < n; r++) {
            dist[r] = 0;
        }
        for (int j = 0; j < d; j++) {
            int o = j * bs;
            for (int r = 0; r < n; r++) {
                dist[r] += xc[o + r] * xc[o + r];
            }
        }
        double s = pr * pr;
        for (int r = 0; r < n; r++) {
            dist[r] *= s;
        }
    }

    /**
     * Log densities to responsibilities in place, with rowLog[r] = l_r. A row with zero density
     * under every component gets no responsibility and l_r = -inf, for the driver to report.
     */
    private void responsibilities(int n) {
        int bs = blockRows;
        System.arraycopy(logp, 0, max, 0, n);
        for (int c = 1; c < k; c++) {
            int o = c * bs;
            for (int r = 0; r < n; r++) {
                max[r] = Math.max(max[r], logp[o + r]);
            }
        }
        boolean empty = false;
        for (int r = 0; r < n; r++) {
            sum[r] = 0;
            empty |= max[r] == Double.NEGATIVE_INFINITY;
        }
        // the terms of the log-sum-exp are the unnormalised responsibilities: one exp each
        for (int c = 0; c < k; c++) {
            int o = c * bs;
            for (int r = 0; r < n; r++) {
                double e = Math.exp(logp[o + r] - max[r]);
                logp[o + r] = e;
                sum[r] += e;
            }
        }
        for (int r = 0; r < n; r++) {
            rowLog[r] = max[r] + Math.log(sum[r]);
            sum[r] = 1 / sum[r];
        }
        for (int c = 0; c < k; c++) {
            int o = c * bs;
            for (int r = 0; r < n; r++) {
                logp[o + r] *= sum[r];
            }
        }
        if (empty) {
            for (int r = 0; r < n; r++) {
                if (max[r] == Double.NEGATIVE_INFINITY) {
                    rowLog[r] = Double.NEGATIVE_INFINITY;
                    for (int c = 0; c < k; c++) {
                        logp[c * bs + r] = 0;
                    }
                }
            }
        }
    }

    /** Folds the block into st: L and W row by row, then N_k, S_k and Q_k component by component. */
    private void accumulate(SufficientStatistics st, int n) {
        int bs = blockRows;
        double l = 0;
        double wt = 0;
        for (int r = 0; r < n; r++) {
            l += w[r] * rowLog[r];
            wt += w[r];
        }
        st.addTotals(l, wt, n);
        // a = w r_k, in place of the responsibilities
        for (int c = 0; c < k; c++) {
            int o = c * bs;
            for (int r = 0; r < n; r++) {
                logp[o + r] *= w[r];
            }
        }
        double[] nk = st.componentWeights();
        double[] s = st.shiftedSums();
        double[] q = st.shiftedMoments();
        double[] shifts = st.shifts();
        boolean cross = st.covarianceType().needsCrossMoments();
        int qLength = st.covarianceType().momentLength(d);
        for (int c = 0; c < k; c++) {
            int ao = c * bs;
            double a = 0;
            for (int r = 0; r < n; r++) {
                a += logp[ao + r];
            }
            if (a == 0) {
                continue;
            }
            nk[c] += a;
            centre(shifts, c * d, n);
            for (int i = 0; i < d; i++) {
                int o = i * bs;
                double si = 0;
                for (int r = 0; r < n; r++) {
                    double v = logp[ao + r] * xc[o + r];
                    u[o + r] = v;
                    si += v;
                }
                s[c * d + i] += si;
            }
            if (cross) {
                upperMoments(q, c * qLength, n);
            } else {
                for (int i = 0; i < d; i++) {
                    int o = i * bs;
                    double qi = 0;
                    for (int r = 0; r < n; r++) {
                        qi += u[o + r] * xc[o + r];
                    }
                    q[c * qLength + i] += qi;
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
        int bs = blockRows;
        int i = 0;
        for (; i + 1 < d; i += 2) {
            int u0 = i * bs;
            int u1 = u0 + bs;
            int row0 = qo + i * d - i * (i - 1) / 2 - i;
            int row1 = qo + (i + 1) * d - (i + 1) * i / 2 - (i + 1);
            int j = i;
            for (; j + 3 < d; j += 4) {
                int x0 = j * bs;
                int x1 = x0 + bs;
                int x2 = x1 + bs;
                int x3 = x2 + bs;
                double s00 = 0;
                double s01 = 0;
                double s02 = 0;
                double s03 = 0;
                double s10 = 0;
                double s11 = 0;
                double s12 = 0;
                double s13 = 0;
                int r = 0;
                if (vector) {
                    r = VectorKernels.tile(u, u0, u1, xc, x0, bs, n, tile, lanes);
                    s00 = tile[0];
                    s01 = tile[1];
                    s02 = tile[2];
                    s03 = tile[3];
                    s10 = tile[4];
                    s11 = tile[5];
                    s12 = tile[6];
                    s13 = tile[7];
                }
                for (; r < n; r++) {
                    double a0 = u[u0 + r];
                    double a1 = u[u1 + r];
                    double b0 = xc[x0 + r];
                    double b1 = xc[x1 + r];
                    double b2 = xc[x2 + r];
                    double b3 = xc[x3 + r];
                    s00 += a0 * b0;
                    s01 += a0 * b1;
                    s02 += a0 * b2;
                    s03 += a0 * b3;
                    s10 += a1 * b0;
                    s11 += a1 * b1;
                    s12 += a1 * b2;
                    s13 += a1 * b3;
                }
                q[row0 + j] += s00;
                q[row0 + j + 1] += s01;
                q[row0 + j + 2] += s02;
                q[row0 + j + 3] += s03;
                if (j > i) {
                    q[row1 + j] += s10;
                }
                q[row1 + j + 1] += s11;
                q[row1 + j + 2] += s12;
                q[row1 + j + 3] += s13;
            }
            for (; j < d; j++) {
                int x0 = j * bs;
                double s0 = 0;
                double s1 = 0;
                for (int r = 0; r < n; r++) {
                    double b = xc[x0 + r];
                    s0 += u[u0 + r] * b;
                    s1 += u[u1 + r] * b;
                }
                q[row0 + j] += s0;
                if (j > i) {
                    q[row1 + j] += s1;
                }
            }
        }
        if (i < d) {
            int o = i * bs;
            double s0 = 0;
            for (int r = 0; r < n; r++) {
                s0 += u[o + r] * xc[o + r];
            }
            q[qo + i * d - i * (i - 1) / 2] += s0;
        }
    }
}
