/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.engine.cpu;

/**
 * The loops over a block's rows that {@link BlockPass} is made of, each one small static method:
 * unit stride, of the form the JIT vectorises where every array is indexed from 0, and called from
 * everywhere the same loop is needed. Kept apart so that each is compiled once, early, as a small
 * unit: inlined into one big method, the same loops waited behind that method's long compilation
 * while the first EM steps ran in slow profiling code, which was most of a short fit's time at
 * small d.
 *
 * <p>Arrays hold a block transposed: dimension {@code j} of row {@code r} at {@code j * bs + r}.
 */
final class BlockLoops {

    private BlockLoops() {}

    /**
     * xt[j * bs + r] = rows[r * d + j] for rows [0, n), four rows at a time: each dimension's four
     * values are stored together, and the four rows' reads stay in a few cache lines. At d = 16 and
     * 64 that took half the time of a loop over one row or one column at a time.
     */
    static void transpose(double[] rows, int d, double[] xt, int bs, int n) {
        int r = 0;
        for (; r + 3 < n; r += 4) {
            int b = r * d;
            for (int j = 0; j < d; j++) {
                int o = j * bs + r;
                xt[o] = rows[b + j];
                xt[o + 1] = rows[b + d + j];
                xt[o + 2] = rows[b + 2 * d + j];
                xt[o + 3] = rows[b + 3 * d + j];
            }
        }
        for (; r < n; r++) {
            for (int j = 0; j < d; j++) {
                xt[j * bs + r] = rows[r * d + j];
            }
        }
    }

    /** columns[j][r] = rows[r * d + j] for rows [0, n): the block as one array per dimension. */
    static void transpose(double[] rows, int d, double[][] columns, int n) {
        for (int j = 0; j < d; j++) {
            double[] col = columns[j];
            for (int r = 0; r < n; r++) {
                col[r] = rows[r * d + j];
            }
        }
    }

    static void widen(float[] src, double[] dst, int len) {
        for (int i = 0; i < len; i++) {
            dst[i] = src[i];
        }
    }

    /** dst[r] = src[r] - c for rows [0, n). */
    static void subtract(double[] src, double c, double[] dst, int n) {
        for (int r = 0; r < n; r++) {
            dst[r] = src[r] - c;
        }
    }

    /** y[r] = a * x[r] for rows [0, n). */
    static void scale(double a, double[] x, double[] y, int n) {
        for (int r = 0; r < n; r++) {
            y[r] = a * x[r];
        }
    }

    /** y[r] += a * x[r] for rows [0, n). */
    static void addScaled(double a, double[] x, double[] y, int n) {
        for (int r = 0; r < n; r++) {
            y[r] += a * x[r];
        }
    }

    /**
     * y[r] += sum over t < 4 of a_t * xt[r] for rows [0, n): four inputs per load and store of y.
     */
    static void addScaled4(
            double a0,
            double a1,
            double a2,
            double a3,
            double[] x0,
            double[] x1,
            double[] x2,
            double[] x3,
            double[] y,
            int n) {
        for (int r = 0; r < n; r++) {
            y[r] += a0 * x0[r] + a1 * x1[r] + a2 * x2[r] + a3 * x3[r];
        }
    }

    /** acc[r] += y[r]^2 for rows [0, n). */
    static void addSquares(double[] y, double[] acc, int n) {
        for (int r = 0; r < n; r++) {
            acc[r] += y[r] * y[r];
        }
    }

    /** acc[r] += (a x[r])^2 for rows [0, n). */
    static void addScaledSquares(double a, double[] x, double[] acc, int n) {
        for (int r = 0; r < n; r++) {
            double t = a * x[r];
            acc[r] += t * t;
        }
    }

    /** out[oo + r] = c + s * x[r] for rows [0, n). */
    static void affine(double c, double s, double[] x, double[] out, int oo, int n) {
        for (int r = 0; r < n; r++) {
            out[oo + r] = c + s * x[r];
        }
    }

    /** max[r] = max(max[r], x[xo + r]). */
    static void maxInto(double[] x, int xo, double[] max, int n) {
        for (int r = 0; r < n; r++) {
            max[r] = Math.max(max[r], x[xo + r]);
        }
    }

    /**
     * x[xo + r] = exp(t), t = x[xo + r] - max[r], added to sum[r], and e t to dot[r] (for the row's
     * entropy). No test for the row's largest term (exp(0) is exactly 1): which component that is
     * goes either way row by row, and a branch on it was mispredicted more often than an exp costs.
     */
    static void expAdd(double[] x, int xo, double[] max, double[] sum, double[] dot, int n) {
        for (int r = 0; r < n; r++) {
            double t = x[xo + r] - max[r];
            double e = exp(t);
            x[xo + r] = e;
            sum[r] += e;
            // -MAX_VALUE for -inf, so that a term exp takes to exactly 0 adds 0, not NaN
            dot[r] += e * Math.max(t, -Double.MAX_VALUE);
        }
    }

    private static final long ONE_BITS = Double.doubleToRawLongBits(1.0);

    /**
     * What {@link #maxInto} and {@link #expAdd} make for two components (x[r] and x[bs + r]), in
     * one loop and with one exp per row: the smaller term's. Two components are the commonest
     * mixture, and there {@code expAdd}'s test for the row's largest term goes either way at
     * random.
     */
    static void expPair(double[] x, int bs, double[] max, double[] sum, double[] dot, int n) {
        for (int r = 0; r < n; r++) {
            double a = x[r];
            double b = x[bs + r];
            double m = Math.max(a, b);
            double t = Math.min(a, b) - m;
            double e = exp(t);
            // all ones where b is the larger term, from the sign of a - b: which term is 1 goes
            // either way at random row by row, and as a branch it was mispredicted half the time
            long second = Double.doubleToRawLongBits(a - b) >> 63;
            long eBits = Double.doubleToRawLongBits(e);
            x[r] = Double.longBitsToDouble((ONE_BITS & ~second) | (eBits & second));
            x[bs + r] = Double.longBitsToDouble((eBits & ~second) | (ONE_BITS & second));
            max[r] = m;
            sum[r] = 1.0 + e;
            dot[r] = e * Math.max(t, -Double.MAX_VALUE);
        }
    }

    /**
     * rowLog[r] = max[r] + log(sum[r]), and sum[r] becomes 1 / sum[r]; true when some row has max =
     * -inf, zero density under every component.
     */
    static boolean logSumExp(double[] max, double[] sum, double[] rowLog, int n) {
        boolean empty = false;
        for (int r = 0; r < n; r++) {
            rowLog[r] = max[r] + Math.log(sum[r]);
            sum[r] = 1 / sum[r];
            empty |= max[r] == Double.NEGATIVE_INFINITY;
        }
        return empty;
    }

    /**
     * Rows whose ln s is taken together, as the log of their product, in {@link #totals}. Each s is
     * in [1, K], so the product stays finite for K up to 2^31.
     */
    private static final int LOG_GROUP = 32;

    /**
     * For the statistics pass, from a block's max[r] (the row's largest log term m), sum[r] (s, the
     * sum of exp(l_k - m)) and dot[r] (the sum of exp(l_k - m)(l_k - m)): f[r] = w[r] / s, and out
     * = {L, W, H}, the sums over rows [0, n) of w (m + ln s), w and w (ln s - dot / s), the entropy
     * of the row's responsibilities. With {@code unit} weights, every row's ln s is needed only in
     * these sums, so it is taken as the log of the product of {@link #LOG_GROUP} rows' s: one
     * logarithm for that many rows, within a few ulps of their sum. A row of zero density under
     * every component (m = -inf) gets f = 0 and entropy 0, and makes L -inf for the driver to
     * report; returns true when there is one.
     */
    static boolean totals(
            double[] max,
            double[] sum,
            double[] dot,
            double[] w,
            boolean unit,
            double[] f,
            int n,
            double[] out) {
        double l = 0;
        double ws = 0;
        double h = 0;
        double product = 1;
        double logProducts = 0;
        int grouped = 0;
        boolean empty = false;
        for (int r = 0; r < n; r++) {
            double m = max[r];
            double wr = w[r];
            ws += wr;
            if (m == Double.NEGATIVE_INFINITY) {
                f[r] = 0;
                l += wr * m;
                empty = true;
                continue;
            }
            double s = sum[r];
            double inv = 1 / s;
            f[r] = wr * inv;
            if (unit) {
                l += m;
                h -= dot[r] * inv;
                product *= s;
                if (++grouped == LOG_GROUP) {
                    logProducts += Math.log(product);
                    product = 1;
                    grouped = 0;
                }
            } else {
                double lnS = Math.log(s);
                l += wr * (m + lnS);
                h += wr * (lnS - dot[r] * inv);
            }
        }
        logProducts += Math.log(product);
        out[0] = l + logProducts;
        out[1] = ws;
        out[2] = h + logProducts;
        return empty;
    }

    /** 2^(j/64) for j in [0, 64): {@link #exp}'s table. */
    private static final double[] EXP_TABLE = new double[64];

    static {
        for (int j = 0; j < EXP_TABLE.length; j++) {
            EXP_TABLE[j] = StrictMath.pow(2, j / 64.0);
        }
    }

    /** 64 / ln 2. */
    private static final double EXP_SCALE = 92.33248261689366;

    /** ln 2 / 64 in two parts, the first with its low 32 bits zero, so that j times it is exact. */
    private static final double EXP_STEP_HI = 0x1.62e42p-7;

    private static final double EXP_STEP_LO = 0x1.fdf473de6af28p-28;

    /** 1.5 x 2^52: added to a double of magnitude below 2^51, it rounds it to an integer. */
    static final double ROUNDER = 0x1.8p52;

    /**
     * exp(t) for t <= 0, within 1e-15 relative of {@link Math#exp} (0 below -708, where e^t is
     * under 3e-308): t = (64q + j) ln 2 / 64 + r with |r| <= ln 2 / 128, exp(r) by Taylor's series
     * to degree 5 (truncation below 4e-17 there), times 2^(j/64) from a table and 2^q built in the
     * exponent bits. No call and a short series, where {@code Math.exp} is a call the loop cannot
     * overlap with its neighbours; every step is an IEEE operation.
     */
    static double exp(double t) {
        return exp(t, CpuFeatures.FMA);
    }

    /**
     * {@link #exp(double)} with fused multiply-adds, or with a product and a sum where the CPU has
     * no FMA ({@link CpuFeatures#FMA}): {@link Math#fma} in software would cost microseconds. nd
     * times the high part of the step is exact either way, so the reduction loses nothing.
     */
    static double exp(double t, boolean fused) {
        double shifted = fma(t, EXP_SCALE, ROUNDER, fused);
        double nd = shifted - ROUNDER;
        long bits = Double.doubleToRawLongBits(shifted);
        double r = fma(nd, -EXP_STEP_HI, t, fused);
        r = fma(nd, -EXP_STEP_LO, r, fused);
        double p = fma(r, 1.0 / 120, 1.0 / 24, fused);
        p = fma(r, p, 1.0 / 6, fused);
        p = fma(r, p, 0.5, fused);
        p = fma(r, p, 1.0, fused);
        p = fma(r, p, 1.0, fused);
        // the low bits of shifted hold 64q + j; shifting q into the exponent drops the rest
        long scale = Double.doubleToRawLongBits(EXP_TABLE[(int) bits & 63]) + ((bits >> 6) << 52);
        return t < -708 ? 0.0 : p * Double.longBitsToDouble(scale);
    }

    private static double fma(double a, double b, double c, boolean fused) {
        return fused ? Math.fma(a, b, c) : a * b + c;
    }

    /** x[xo + r] *= f[r]; returns the sum of the products. */
    static double multiplySum(double[] x, int xo, double[] f, int n) {
        double s = 0;
        for (int r = 0; r < n; r++) {
            double v = x[xo + r] * f[r];
            x[xo + r] = v;
            s += v;
        }
        return s;
    }

    /**
     * The rows r in [0, n) where a[ao + r] is not zero, in order: their indices into keep and their
     * values into ak; returns how many. Written without a branch on the value, so mixed rows cost
     * no mispredictions.
     */
    static int nonZero(double[] a, int ao, int n, int[] keep, double[] ak) {
        int m = 0;
        for (int r = 0; r < n; r++) {
            double v = a[ao + r];
            keep[m] = r;
            ak[m] = v;
            m += v != 0 ? 1 : 0;
        }
        return m;
    }

    /**
     * dst[dOff + t] = src[so + keep[t]] - c for t in [0, m): the kept rows, gathered and shifted.
     */
    static void gatherSubtract(
            double[] src, int so, int[] keep, double c, double[] dst, int dOff, int m) {
        for (int t = 0; t < m; t++) {
            dst[dOff + t] = src[so + keep[t]] - c;
        }
    }

    /** u[r] = a[ao + r] * x[r]; returns the sum of the products. */
    static double multiplyInto(double[] a, int ao, double[] x, double[] u, int n) {
        double s = 0;
        for (int r = 0; r < n; r++) {
            double v = a[ao + r] * x[r];
            u[r] = v;
            s += v;
        }
        return s;
    }

    static double dot(double[] a, double[] b, int n) {
        double s = 0;
        for (int r = 0; r < n; r++) {
            s += a[r] * b[r];
        }
        return s;
    }

    /**
     * H_r = ln s_r - dot[r] / s_r, the entropy of row r's responsibilities, from rowLog[r] = max[r]
     * + ln s_r, inv[r] = 1 / s_r and dot[r] = sum over k of e_k (t_k - max[r]); a row of zero
     * density (max = -inf) has entropy 0. Both parts are at least 0, so nothing cancels.
     */
    private static double rowEntropy(
            double[] rowLog, double[] max, double[] inv, double[] dot, int r) {
        double m = max[r];
        return m == Double.NEGATIVE_INFINITY ? 0 : (rowLog[r] - m) - dot[r] * inv[r];
    }

    /** out[off + r] = H_r ({@link #rowEntropy}) for rows [0, n). */
    static void entropy(
            double[] rowLog,
            double[] max,
            double[] inv,
            double[] dot,
            int n,
            double[] out,
            int off) {
        for (int r = 0; r < n; r++) {
            out[off + r] = rowEntropy(rowLog, max, inv, dot, r);
        }
    }

    /**
     * The 2 x 4 tile of sums over rows [0, n): out[t * 4 + c] = sum of ut[r] * xc[r] for t in {0,
     * 1} and the four columns x0..x3 as c. Eight sums in registers, six loads per row.
     */
    static void tile(
            double[] u0,
            double[] u1,
            double[] x0,
            double[] x1,
            double[] x2,
            double[] x3,
            int n,
            double[] out) {
        double s00 = 0;
        double s01 = 0;
        double s02 = 0;
        double s03 = 0;
        double s10 = 0;
        double s11 = 0;
        double s12 = 0;
        double s13 = 0;
        for (int r = 0; r < n; r++) {
            double a0 = u0[r];
            double a1 = u1[r];
            double b0 = x0[r];
            double b1 = x1[r];
            double b2 = x2[r];
            double b3 = x3[r];
            s00 += a0 * b0;
            s01 += a0 * b1;
            s02 += a0 * b2;
            s03 += a0 * b3;
            s10 += a1 * b0;
            s11 += a1 * b1;
            s12 += a1 * b2;
            s13 += a1 * b3;
        }
        out[0] = s00;
        out[1] = s01;
        out[2] = s02;
        out[3] = s03;
        out[4] = s10;
        out[5] = s11;
        out[6] = s12;
        out[7] = s13;
    }

    /**
     * out[0] = sum u[u0 + r] * b[r], out[1] = sum u[u1 + r] * b[r], b = xc[x0..]: two rows of a
     * column.
     */
    static void dot2(double[] u0, double[] u1, double[] x, int n, double[] out) {
        double s0 = 0;
        double s1 = 0;
        for (int r = 0; r < n; r++) {
            double b = x[r];
            s0 += u0[r] * b;
            s1 += u1[r] * b;
        }
        out[0] = s0;
        out[1] = s1;
    }

    /** labels[off + r] = the component with the largest e[c bs + r], the first of equals. */
    static void labels(double[] e, int bs, int k, int n, int[] labels, int off) {
        for (int r = 0; r < n; r++) {
            int best = 0;
            for (int c = 1; c < k; c++) {
                if (e[c * bs + r] > e[best * bs + r]) {
                    best = c;
                }
            }
            labels[off + r] = best;
        }
    }

    /** resp[(off + r) k + c] = e[c bs + r] f[r]: the block's responsibilities, row-major. */
    static void responsibilities(
            double[] e, int bs, int k, double[] f, int n, double[] resp, int off) {
        for (int r = 0; r < n; r++) {
            int o = (off + r) * k;
            for (int c = 0; c < k; c++) {
                resp[o + c] = e[c * bs + r] * f[r];
            }
        }
    }
}
