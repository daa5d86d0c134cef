/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.engine.cpu;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link BlockPass}'s hot loops written with the JDK's Vector API, over vectors of rows of a block
 * padded to whole vectors: the transform and the moments register-blocked, where the
 * auto-vectorised loops reload and store their accumulators every step and leave reductions scalar;
 * and the responsibilities with an exp of its own. Loaded only when {@code jdk.incubator.vector} is
 * in the boot layer ({@link CpuBackend#VECTOR_AVAILABLE}).
 */
final class VectorKernels {

    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    static final int LANES = SPECIES.length();

    /**
     * The kernels are used from this many dimensions up: below it there is no 4-coordinate tile,
     * and the Vector API's slow start before the JIT compiles it costs more than the kernels save.
     */
    static final int MIN_D = 4;

    private VectorKernels() {}

    /**
     * Calls of each kernel in {@link #warmUp}: past the JIT's thresholds for compiling them fully.
     */
    private static final int WARM_UP_CALLS = 8000;

    /**
     * Runs the kernels on a tiny block until the JIT has cause to compile them. Until it does, the
     * Vector API runs in profiling code that allocates every vector, many times slower than
     * compiled; left to a large first EM pass, the worker threads crawl through full blocks while
     * the call counts climb slowly, which cost 0.6 to 1 s of the first step at d = 16 and 64 here.
     * Tiny calls reach the counts in about 0.4 s. The block has d = 8, so that the tiles' every
     * branch and call is taken: one never taken is compiled as a trap, and the first real pass
     * would pay for its recompilation. With {@code cross} (full and tied covariances) the kernels
     * those use, else those of diagonal and spherical ones, so that no fit waits for kernels it
     * does not call. Results are thrown away.
     */
    static void warmUp(boolean cross) {
        int d = 8;
        int bs = DISTANCE_ROWS;
        double[] prec = new double[d * d];
        double[] xc = new double[d * bs];
        double[] dist = new double[bs];
        double[] u = new double[d * bs];
        double[] rowSums = new double[bs];
        double[] rowDots = new double[bs];
        double[] acc = new double[momentLength(d, true)];
        for (int i = 0; i < WARM_UP_CALLS; i++) {
            if (cross) {
                triangularDistance(prec, 0, d, xc, prec, 0, u, 0, bs, bs, dist);
            } else {
                diagonalDistance(prec, 0, 1, d, xc, prec, 0, u, 0, bs, bs, dist);
            }
            moments(dist, 0, xc, 0, u, bs, bs, d, cross, acc, 0);
            subtract(xc, 0, 1.0, u, 0, bs);
            scaleCount(u, 0, dist, bs);
            responsibilities(u, bs, d, bs, dist, rowSums, rowDots);
        }
    }

    /**
     * Whether vectors are 512 bits, which on x86 means AVX-512 and its 32 vector registers: room
     * for the transform's 4 x 4 tiles, where AVX2's 16 hold 3 x 4.
     */
    private static final boolean WIDE = SPECIES.vectorBitSize() >= 512;

    /** Rows of a group in {@link #triangularDistance}: four vectors with AVX-512, else three. */
    static final int DISTANCE_ROWS = (WIDE ? 4 : 3) * LANES;

    /**
     * dist[r] = ||P^T (x_r - mu)||^2 for rows [0, n), n a whole number of {@link #DISTANCE_ROWS}
     * (the caller pads its blocks to them), x from xt (dimension i of row r at i bs + r) and mu
     * from mean[mo]; the rows are left centred in xc from xo. P has zeros below the diagonal
     * ({@link dev.gmm.spi.MixtureParameters#precision}), so coordinate j + c takes input i only
     * where i <= j + c without a test.
     */
    static void triangularDistance(
            double[] prec,
            int po,
            int d,
            double[] xt,
            double[] mean,
            int mo,
            double[] xc,
            int xo,
            int bs,
            int n,
            double[] dist) {
        if (WIDE) {
            distance4(prec, po, d, xt, mean, mo, xc, xo, bs, n, dist);
            return;
        }
        for (int i = 0; i < d; i++) {
            subtract(xt, i * bs, mean[mo + i], xc, xo + i * bs, n);
        }
        distance3(prec, po, d, xc, xo, bs, n, dist);
    }

    /**
     * Tiles of four vectors of rows by four output coordinates: per input dimension i, four loads
     * of xc and four broadcasts of P's row i feed sixteen independent multiply-adds. Input i is
     * centred where a row group first needs it, in the tile whose coordinates start at or after i,
     * and kept in xc for the tiles after it.
     */
    private static void distance4(
            double[] prec,
            int po,
            int d,
            double[] xt,
            double[] mean,
            int mo,
            double[] xc,
            int xo,
            int bs,
            int n,
            double[] dist) {
        int step = 4 * LANES;
        for (int r = 0; r + step <= n; r += step) {
            DoubleVector m0 = DoubleVector.zero(SPECIES);
            DoubleVector m1 = m0;
            DoubleVector m2 = m0;
            DoubleVector m3 = m0;
            int j = 0;
            for (; j + 3 < d; j += 4) {
                DoubleVector y00 = DoubleVector.zero(SPECIES);
                DoubleVector y01 = y00;
                DoubleVector y02 = y00;
                DoubleVector y03 = y00;
                DoubleVector y10 = y00;
                DoubleVector y11 = y00;
                DoubleVector y12 = y00;
                DoubleVector y13 = y00;
                DoubleVector y20 = y00;
                DoubleVector y21 = y00;
                DoubleVector y22 = y00;
                DoubleVector y23 = y00;
                DoubleVector y30 = y00;
                DoubleVector y31 = y00;
                DoubleVector y32 = y00;
                DoubleVector y33 = y00;
                for (int i = 0; i <= j + 3; i++) {
                    int pr = po + i * d + j;
                    int o = i * bs + r;
                    DoubleVector x0;
                    DoubleVector x1;
                    DoubleVector x2;
                    DoubleVector x3;
                    if (i < j) {
                        x0 = DoubleVector.fromArray(SPECIES, xc, xo + o);
                        x1 = DoubleVector.fromArray(SPECIES, xc, xo + o + LANES);
                        x2 = DoubleVector.fromArray(SPECIES, xc, xo + o + 2 * LANES);
                        x3 = DoubleVector.fromArray(SPECIES, xc, xo + o + 3 * LANES);
                    } else {
                        double c = mean[mo + i];
                        x0 = centred(xt, o, c, xc, xo);
                        x1 = centred(xt, o + LANES, c, xc, xo);
                        x2 = centred(xt, o + 2 * LANES, c, xc, xo);
                        x3 = centred(xt, o + 3 * LANES, c, xc, xo);
                    }
                    DoubleVector p = DoubleVector.broadcast(SPECIES, prec[pr]);
                    y00 = x0.fma(p, y00);
                    y01 = x1.fma(p, y01);
                    y02 = x2.fma(p, y02);
                    y03 = x3.fma(p, y03);
                    p = DoubleVector.broadcast(SPECIES, prec[pr + 1]);
                    y10 = x0.fma(p, y10);
                    y11 = x1.fma(p, y11);
                    y12 = x2.fma(p, y12);
                    y13 = x3.fma(p, y13);
                    p = DoubleVector.broadcast(SPECIES, prec[pr + 2]);
                    y20 = x0.fma(p, y20);
                    y21 = x1.fma(p, y21);
                    y22 = x2.fma(p, y22);
                    y23 = x3.fma(p, y23);
                    p = DoubleVector.broadcast(SPECIES, prec[pr + 3]);
                    y30 = x0.fma(p, y30);
                    y31 = x1.fma(p, y31);
                    y32 = x2.fma(p, y32);
                    y33 = x3.fma(p, y33);
                }
                m0 = y30.fma(y30, y20.fma(y20, y10.fma(y10, y00.fma(y00, m0))));
                m1 = y31.fma(y31, y21.fma(y21, y11.fma(y11, y01.fma(y01, m1))));
                m2 = y32.fma(y32, y22.fma(y22, y12.fma(y12, y02.fma(y02, m2))));
                m3 = y33.fma(y33, y23.fma(y23, y13.fma(y13, y03.fma(y03, m3))));
            }
            for (; j < d; j++) {
                DoubleVector y0 = DoubleVector.zero(SPECIES);
                DoubleVector y1 = y0;
                DoubleVector y2 = y0;
                DoubleVector y3 = y0;
                for (int i = 0; i < j; i++) {
                    DoubleVector p = DoubleVector.broadcast(SPECIES, prec[po + i * d + j]);
                    int o = xo + i * bs + r;
                    y0 = DoubleVector.fromArray(SPECIES, xc, o).fma(p, y0);
                    y1 = DoubleVector.fromArray(SPECIES, xc, o + LANES).fma(p, y1);
                    y2 = DoubleVector.fromArray(SPECIES, xc, o + 2 * LANES).fma(p, y2);
                    y3 = DoubleVector.fromArray(SPECIES, xc, o + 3 * LANES).fma(p, y3);
                }
                DoubleVector p = DoubleVector.broadcast(SPECIES, prec[po + j * d + j]);
                double c = mean[mo + j];
                int o = j * bs + r;
                y0 = centred(xt, o, c, xc, xo).fma(p, y0);
                y1 = centred(xt, o + LANES, c, xc, xo).fma(p, y1);
                y2 = centred(xt, o + 2 * LANES, c, xc, xo).fma(p, y2);
                y3 = centred(xt, o + 3 * LANES, c, xc, xo).fma(p, y3);
                m0 = y0.fma(y0, m0);
                m1 = y1.fma(y1, m1);
                m2 = y2.fma(y2, m2);
                m3 = y3.fma(y3, m3);
            }
            m0.intoArray(dist, r);
            m1.intoArray(dist, r + LANES);
            m2.intoArray(dist, r + 2 * LANES);
            m3.intoArray(dist, r + 3 * LANES);
        }
    }

    /**
     * dist[r] = sum over j of (p_j (x_rj - mu_j))^2 for rows [0, n), a whole number of vectors, p_j
     * = prec[po + j step] (step 1: a diagonal precision; 0: a spherical one), x from xt and mu from
     * mean[mo]; the rows are left centred in xc from xo. Four dimensions a sweep over the rows: a
     * sweep over all d at once would walk 2d arrays in step and miss the L1 cache. Each row's sum
     * adds its terms in the order of the dimensions.
     */
    static void diagonalDistance(
            double[] prec,
            int po,
            int step,
            int d,
            double[] xt,
            double[] mean,
            int mo,
            double[] xc,
            int xo,
            int bs,
            int n,
            double[] dist) {
        // 0 + y^2 is y^2 exactly, so starting from zeros leaves the sums' bits as they were
        Arrays.fill(dist, 0, n, 0.0);
        int j = 0;
        for (; j + 4 <= d; j += 4) {
            double p0 = prec[po + j * step];
            double p1 = prec[po + (j + 1) * step];
            double p2 = prec[po + (j + 2) * step];
            double p3 = prec[po + (j + 3) * step];
            double c0 = mean[mo + j];
            double c1 = mean[mo + j + 1];
            double c2 = mean[mo + j + 2];
            double c3 = mean[mo + j + 3];
            int o = j * bs;
            for (int r = 0; r < n; r += LANES) {
                DoubleVector y0 = centred(xt, o + r, c0, xc, xo).mul(p0);
                DoubleVector y1 = centred(xt, o + bs + r, c1, xc, xo).mul(p1);
                DoubleVector y2 = centred(xt, o + 2 * bs + r, c2, xc, xo).mul(p2);
                DoubleVector y3 = centred(xt, o + 3 * bs + r, c3, xc, xo).mul(p3);
                DoubleVector.fromArray(SPECIES, dist, r)
                        .add(y0.mul(y0))
                        .add(y1.mul(y1))
                        .add(y2.mul(y2))
                        .add(y3.mul(y3))
                        .intoArray(dist, r);
            }
        }
        for (; j < d; j++) {
            double p = prec[po + j * step];
            double c = mean[mo + j];
            for (int r = 0; r < n; r += LANES) {
                DoubleVector y = centred(xt, j * bs + r, c, xc, xo).mul(p);
                DoubleVector.fromArray(SPECIES, dist, r).add(y.mul(y)).intoArray(dist, r);
            }
        }
    }

    /** xt[o..] - c, kept in xc at xo + o. */
    private static DoubleVector centred(double[] xt, int o, double c, double[] xc, int xo) {
        DoubleVector v = DoubleVector.fromArray(SPECIES, xt, o).sub(c);
        v.intoArray(xc, xo + o);
        return v;
    }

    /**
     * Tiles of three vectors of rows by four output coordinates: per input dimension i, three loads
     * of xc and four broadcasts of P's row i feed twelve independent multiply-adds, which with the
     * loads fill the sixteen vector registers of AVX2.
     */
    private static void distance3(
            double[] prec, int po, int d, double[] xc, int xo, int bs, int n, double[] dist) {
        int step = 3 * LANES;
        for (int r = 0; r + step <= n; r += step) {
            DoubleVector m0 = DoubleVector.zero(SPECIES);
            DoubleVector m1 = m0;
            DoubleVector m2 = m0;
            int j = 0;
            for (; j + 3 < d; j += 4) {
                DoubleVector y00 = DoubleVector.zero(SPECIES);
                DoubleVector y01 = y00;
                DoubleVector y02 = y00;
                DoubleVector y10 = y00;
                DoubleVector y11 = y00;
                DoubleVector y12 = y00;
                DoubleVector y20 = y00;
                DoubleVector y21 = y00;
                DoubleVector y22 = y00;
                DoubleVector y30 = y00;
                DoubleVector y31 = y00;
                DoubleVector y32 = y00;
                for (int i = 0; i <= j + 3; i++) {
                    int pr = po + i * d + j;
                    int o = xo + i * bs + r;
                    DoubleVector x0 = DoubleVector.fromArray(SPECIES, xc, o);
                    DoubleVector x1 = DoubleVector.fromArray(SPECIES, xc, o + LANES);
                    DoubleVector x2 = DoubleVector.fromArray(SPECIES, xc, o + 2 * LANES);
                    DoubleVector p = DoubleVector.broadcast(SPECIES, prec[pr]);
                    y00 = x0.fma(p, y00);
                    y01 = x1.fma(p, y01);
                    y02 = x2.fma(p, y02);
                    p = DoubleVector.broadcast(SPECIES, prec[pr + 1]);
                    y10 = x0.fma(p, y10);
                    y11 = x1.fma(p, y11);
                    y12 = x2.fma(p, y12);
                    p = DoubleVector.broadcast(SPECIES, prec[pr + 2]);
                    y20 = x0.fma(p, y20);
                    y21 = x1.fma(p, y21);
                    y22 = x2.fma(p, y22);
                    p = DoubleVector.broadcast(SPECIES, prec[pr + 3]);
                    y30 = x0.fma(p, y30);
                    y31 = x1.fma(p, y31);
                    y32 = x2.fma(p, y32);
                }
                m0 = y00.fma(y00, m0).add(y10.mul(y10)).add(y20.mul(y20)).add(y30.mul(y30));
                m1 = y01.fma(y01, m1).add(y11.mul(y11)).add(y21.mul(y21)).add(y31.mul(y31));
                m2 = y02.fma(y02, m2).add(y12.mul(y12)).add(y22.mul(y22)).add(y32.mul(y32));
            }
            for (; j < d; j++) {
                DoubleVector y0 = DoubleVector.zero(SPECIES);
                DoubleVector y1 = y0;
                DoubleVector y2 = y0;
                for (int i = 0; i <= j; i++) {
                    DoubleVector p = DoubleVector.broadcast(SPECIES, prec[po + i * d + j]);
                    int o = xo + i * bs + r;
                    y0 = DoubleVector.fromArray(SPECIES, xc, o).fma(p, y0);
                    y1 = DoubleVector.fromArray(SPECIES, xc, o + LANES).fma(p, y1);
                    y2 = DoubleVector.fromArray(SPECIES, xc, o + 2 * LANES).fma(p, y2);
                }
                m0 = y0.fma(y0, m0);
                m1 = y1.fma(y1, m1);
                m2 = y2.fma(y2, m2);
            }
            m0.intoArray(dist, r);
            m1.intoArray(dist, r + LANES);
            m2.intoArray(dist, r + 2 * LANES);
        }
    }

    /** dst[dOff..dOff+n) = src[so..so+n) - c, for n a whole number of vectors. */
    static void subtract(double[] src, int so, double c, double[] dst, int dOff, int n) {
        for (int r = 0; r < n; r += LANES) {
            DoubleVector.fromArray(SPECIES, src, so + r).sub(c).intoArray(dst, dOff + r);
        }
    }

    /** x[xo + r] *= f[r] for n a whole number of vectors; returns how many products are not 0. */
    static int scaleCount(double[] x, int xo, double[] f, int n) {
        int nonZero = 0;
        for (int r = 0; r < n; r += LANES) {
            DoubleVector v =
                    DoubleVector.fromArray(SPECIES, x, xo + r)
                            .mul(DoubleVector.fromArray(SPECIES, f, r));
            v.intoArray(x, xo + r);
            nonZero += v.compare(VectorOperators.NE, 0.0).trueCount();
        }
        return nonZero;
    }

    /**
     * What {@link BlockLoops#maxInto} and {@link BlockLoops#expAdd} make of all k components (at
     * x[c bs + r]) for rows [0, n), n a whole number of vectors, with {@link #exp}: max[r] is the
     * row's largest log term, x becomes exp(x - max), sum[r] their sum in component order and
     * dot[r] the sum of exp(x - max) (x - max), for the row's entropy.
     */
    static void responsibilities(
            double[] x, int bs, int k, int n, double[] max, double[] sum, double[] dot) {
        for (int r = 0; r < n; r += LANES) {
            DoubleVector m = DoubleVector.fromArray(SPECIES, x, r);
            for (int c = 1; c < k; c++) {
                m = m.max(DoubleVector.fromArray(SPECIES, x, c * bs + r));
            }
            DoubleVector total = DoubleVector.zero(SPECIES);
            DoubleVector et = DoubleVector.zero(SPECIES);
            for (int c = 0; c < k; c++) {
                DoubleVector t = DoubleVector.fromArray(SPECIES, x, c * bs + r).sub(m);
                DoubleVector e = exp(t);
                e.intoArray(x, c * bs + r);
                total = total.add(e);
                // -MAX_VALUE for -inf, so that a term exp takes to exactly 0 adds 0, not NaN
                et = e.fma(t.max(-Double.MAX_VALUE), et);
            }
            m.intoArray(max, r);
            total.intoArray(sum, r);
            et.intoArray(dot, r);
        }
    }

    private static final double LOG2E = 1.4426950408889634;

    /** ln 2 in two parts, the first with its low bits zero so k times it is exact. */
    private static final double LN2_HI = 6.93147180369123816490e-01;

    private static final double LN2_LO = 1.90821492927058770002e-10;

    /** exp(t) below this is taken as 0: 2^k would leave the normal range. */
    private static final double EXP_MIN = -708.0;

    /** 1 / i! for i = 13 down to 0: Taylor's series for exp on |r| <= ln(2) / 2. */
    private static final double[] EXP_TERMS = new double[14];

    static {
        double f = 1;
        for (int i = 1; i < EXP_TERMS.length; i++) {
            f *= i;
            EXP_TERMS[EXP_TERMS.length - 1 - i] = 1 / f;
        }
        EXP_TERMS[EXP_TERMS.length - 1] = 1;
    }

    /**
     * exp(t) lane by lane to within one ulp of {@link Math#exp} for t <= 0 (below {@link #EXP_MIN}
     * it is 0; e^-708 is 3e-308): t = k ln 2 + r, exp(r) by the series to degree 13 (its truncation
     * error is below 1e-17 there), times 2^k built in the exponent bits. Every step is an IEEE
     * operation, so compiled or not the result is the same bit for bit, where the Vector API's own
     * EXP may call a different library when compiled.
     */
    static DoubleVector exp(DoubleVector t) {
        DoubleVector shifted = t.fma(LOG2E, BlockLoops.ROUNDER);
        DoubleVector k = shifted.sub(BlockLoops.ROUNDER);
        DoubleVector r = k.fma(DoubleVector.broadcast(SPECIES, -LN2_HI), t);
        r = k.fma(DoubleVector.broadcast(SPECIES, -LN2_LO), r);
        DoubleVector p = DoubleVector.broadcast(SPECIES, EXP_TERMS[0]);
        for (int i = 1; i < EXP_TERMS.length; i++) {
            p = p.fma(r, DoubleVector.broadcast(SPECIES, EXP_TERMS[i]));
        }
        DoubleVector scale =
                shifted.reinterpretAsLongs()
                        .add(1023L)
                        .lanewise(VectorOperators.LSHL, 52)
                        .reinterpretAsDoubles();
        return p.mul(scale).blend(0.0, t.compare(VectorOperators.LT, EXP_MIN));
    }

    /**
     * Doubles of a component's lane sums for {@link #moments}: N, then S over {@code dPad}
     * dimensions, then Q as the upper triangle's 4 x 4 tiles (with cross moments) or its diagonal.
     */
    static int momentLength(int dPad, boolean cross) {
        int tiles = dPad / 4 * (dPad / 4 + 1) / 2;
        return (1 + dPad + (cross ? 16 * tiles : dPad)) * LANES;
    }

    /**
     * acc += one block's moments of a component, lane by lane: N = sum of a, S_i = sum of a xc_i
     * and Q_ij = sum of a xc_i xc_j over rows [0, n), with u = a xc on the way. Lanes stay apart
     * until {@link #addMoments}, once per partition, so no block pays for a reduction across lanes.
     * n is a whole number of vectors and {@code dPad} of four: the caller pads rows with a = 0 and
     * dimensions with xc = 0, which add exact zeros. Each Q tile loads four vectors of u and four
     * of xc for sixteen multiply-adds on accumulators held in registers.
     */
    static void moments(
            double[] a,
            int ao,
            double[] xc,
            int xo,
            double[] u,
            int bs,
            int n,
            int dPad,
            boolean cross,
            double[] acc,
            int accOff) {
        DoubleVector total = DoubleVector.fromArray(SPECIES, acc, accOff);
        for (int r = 0; r < n; r += LANES) {
            total = total.add(DoubleVector.fromArray(SPECIES, a, ao + r));
        }
        total.intoArray(acc, accOff);
        int so = accOff + LANES;
        int qo = so + dPad * LANES;
        if (!cross) {
            for (int i = 0; i < dPad; i += 4) {
                sumsAndSquares(a, ao, xc, xo, bs, n, i, acc, so + i * LANES, qo + i * LANES);
            }
            return;
        }
        int t = qo;
        for (int i = 0; i < dPad; i += 4) {
            diagonalTile(a, ao, xc, xo, u, bs, n, i, acc, so + i * LANES, t);
            t += 16 * LANES;
            for (int j = i + 4; j < dPad; j += 4) {
                tile4(u, i * bs, xc, xo + j * bs, bs, n, acc, t);
                t += 16 * LANES;
            }
        }
    }

    /**
     * For dimensions i..i+3: u = a xc, S += u, and the upper triangle of the diagonal 4 x 4 tile of
     * Q (its ten entries, in their places of a 16-entry tile from t), in one sweep over the rows:
     * the tiles right of it then read this u.
     */
    private static void diagonalTile(
            double[] a,
            int ao,
            double[] xc,
            int xo,
            double[] u,
            int bs,
            int n,
            int i,
            double[] acc,
            int so,
            int t) {
        int o0 = i * bs;
        int o1 = o0 + bs;
        int o2 = o1 + bs;
        int o3 = o2 + bs;
        DoubleVector s0 = DoubleVector.fromArray(SPECIES, acc, so);
        DoubleVector s1 = DoubleVector.fromArray(SPECIES, acc, so + LANES);
        DoubleVector s2 = DoubleVector.fromArray(SPECIES, acc, so + 2 * LANES);
        DoubleVector s3 = DoubleVector.fromArray(SPECIES, acc, so + 3 * LANES);
        DoubleVector q00 = DoubleVector.fromArray(SPECIES, acc, t);
        DoubleVector q01 = DoubleVector.fromArray(SPECIES, acc, t + LANES);
        DoubleVector q02 = DoubleVector.fromArray(SPECIES, acc, t + 2 * LANES);
        DoubleVector q03 = DoubleVector.fromArray(SPECIES, acc, t + 3 * LANES);
        DoubleVector q11 = DoubleVector.fromArray(SPECIES, acc, t + 5 * LANES);
        DoubleVector q12 = DoubleVector.fromArray(SPECIES, acc, t + 6 * LANES);
        DoubleVector q13 = DoubleVector.fromArray(SPECIES, acc, t + 7 * LANES);
        DoubleVector q22 = DoubleVector.fromArray(SPECIES, acc, t + 10 * LANES);
        DoubleVector q23 = DoubleVector.fromArray(SPECIES, acc, t + 11 * LANES);
        DoubleVector q33 = DoubleVector.fromArray(SPECIES, acc, t + 15 * LANES);
        for (int r = 0; r < n; r += LANES) {
            DoubleVector w = DoubleVector.fromArray(SPECIES, a, ao + r);
            DoubleVector x0 = DoubleVector.fromArray(SPECIES, xc, xo + o0 + r);
            DoubleVector x1 = DoubleVector.fromArray(SPECIES, xc, xo + o1 + r);
            DoubleVector x2 = DoubleVector.fromArray(SPECIES, xc, xo + o2 + r);
            DoubleVector x3 = DoubleVector.fromArray(SPECIES, xc, xo + o3 + r);
            DoubleVector u0 = w.mul(x0);
            DoubleVector u1 = w.mul(x1);
            DoubleVector u2 = w.mul(x2);
            DoubleVector u3 = w.mul(x3);
            u0.intoArray(u, o0 + r);
            u1.intoArray(u, o1 + r);
            u2.intoArray(u, o2 + r);
            u3.intoArray(u, o3 + r);
            s0 = s0.add(u0);
            s1 = s1.add(u1);
            s2 = s2.add(u2);
            s3 = s3.add(u3);
            q00 = u0.fma(x0, q00);
            q01 = u0.fma(x1, q01);
            q02 = u0.fma(x2, q02);
            q03 = u0.fma(x3, q03);
            q11 = u1.fma(x1, q11);
            q12 = u1.fma(x2, q12);
            q13 = u1.fma(x3, q13);
            q22 = u2.fma(x2, q22);
            q23 = u2.fma(x3, q23);
            q33 = u3.fma(x3, q33);
        }
        s0.intoArray(acc, so);
        s1.intoArray(acc, so + LANES);
        s2.intoArray(acc, so + 2 * LANES);
        s3.intoArray(acc, so + 3 * LANES);
        q00.intoArray(acc, t);
        q01.intoArray(acc, t + LANES);
        q02.intoArray(acc, t + 2 * LANES);
        q03.intoArray(acc, t + 3 * LANES);
        q11.intoArray(acc, t + 5 * LANES);
        q12.intoArray(acc, t + 6 * LANES);
        q13.intoArray(acc, t + 7 * LANES);
        q22.intoArray(acc, t + 10 * LANES);
        q23.intoArray(acc, t + 11 * LANES);
        q33.intoArray(acc, t + 15 * LANES);
    }

    /**
     * S += a xc and Q_ii += a xc^2 for dimensions i..i+3, where Q has no cross moments, in one
     * sweep over the rows with all eight sums in registers; u is not needed without cross tiles.
     */
    private static void sumsAndSquares(
            double[] a,
            int ao,
            double[] xc,
            int xo,
            int bs,
            int n,
            int i,
            double[] acc,
            int so,
            int qo) {
        int o0 = xo + i * bs;
        int o1 = o0 + bs;
        int o2 = o1 + bs;
        int o3 = o2 + bs;
        DoubleVector s0 = DoubleVector.fromArray(SPECIES, acc, so);
        DoubleVector s1 = DoubleVector.fromArray(SPECIES, acc, so + LANES);
        DoubleVector s2 = DoubleVector.fromArray(SPECIES, acc, so + 2 * LANES);
        DoubleVector s3 = DoubleVector.fromArray(SPECIES, acc, so + 3 * LANES);
        DoubleVector q0 = DoubleVector.fromArray(SPECIES, acc, qo);
        DoubleVector q1 = DoubleVector.fromArray(SPECIES, acc, qo + LANES);
        DoubleVector q2 = DoubleVector.fromArray(SPECIES, acc, qo + 2 * LANES);
        DoubleVector q3 = DoubleVector.fromArray(SPECIES, acc, qo + 3 * LANES);
        for (int r = 0; r < n; r += LANES) {
            DoubleVector w = DoubleVector.fromArray(SPECIES, a, ao + r);
            DoubleVector x0 = DoubleVector.fromArray(SPECIES, xc, o0 + r);
            DoubleVector x1 = DoubleVector.fromArray(SPECIES, xc, o1 + r);
            DoubleVector x2 = DoubleVector.fromArray(SPECIES, xc, o2 + r);
            DoubleVector x3 = DoubleVector.fromArray(SPECIES, xc, o3 + r);
            DoubleVector u0 = w.mul(x0);
            DoubleVector u1 = w.mul(x1);
            DoubleVector u2 = w.mul(x2);
            DoubleVector u3 = w.mul(x3);
            s0 = s0.add(u0);
            s1 = s1.add(u1);
            s2 = s2.add(u2);
            s3 = s3.add(u3);
            q0 = u0.fma(x0, q0);
            q1 = u1.fma(x1, q1);
            q2 = u2.fma(x2, q2);
            q3 = u3.fma(x3, q3);
        }
        s0.intoArray(acc, so);
        s1.intoArray(acc, so + LANES);
        s2.intoArray(acc, so + 2 * LANES);
        s3.intoArray(acc, so + 3 * LANES);
        q0.intoArray(acc, qo);
        q1.intoArray(acc, qo + LANES);
        q2.intoArray(acc, qo + 2 * LANES);
        q3.intoArray(acc, qo + 3 * LANES);
    }

    /** acc[t..t + 16 LANES) += the 4 x 4 tile of u rows i..i+3 times xc rows j..j+3, by lane. */
    private static void tile4(
            double[] u, int ui, double[] xc, int xj, int bs, int n, double[] acc, int t) {
        DoubleVector s00 = DoubleVector.fromArray(SPECIES, acc, t);
        DoubleVector s01 = DoubleVector.fromArray(SPECIES, acc, t + LANES);
        DoubleVector s02 = DoubleVector.fromArray(SPECIES, acc, t + 2 * LANES);
        DoubleVector s03 = DoubleVector.fromArray(SPECIES, acc, t + 3 * LANES);
        DoubleVector s10 = DoubleVector.fromArray(SPECIES, acc, t + 4 * LANES);
        DoubleVector s11 = DoubleVector.fromArray(SPECIES, acc, t + 5 * LANES);
        DoubleVector s12 = DoubleVector.fromArray(SPECIES, acc, t + 6 * LANES);
        DoubleVector s13 = DoubleVector.fromArray(SPECIES, acc, t + 7 * LANES);
        DoubleVector s20 = DoubleVector.fromArray(SPECIES, acc, t + 8 * LANES);
        DoubleVector s21 = DoubleVector.fromArray(SPECIES, acc, t + 9 * LANES);
        DoubleVector s22 = DoubleVector.fromArray(SPECIES, acc, t + 10 * LANES);
        DoubleVector s23 = DoubleVector.fromArray(SPECIES, acc, t + 11 * LANES);
        DoubleVector s30 = DoubleVector.fromArray(SPECIES, acc, t + 12 * LANES);
        DoubleVector s31 = DoubleVector.fromArray(SPECIES, acc, t + 13 * LANES);
        DoubleVector s32 = DoubleVector.fromArray(SPECIES, acc, t + 14 * LANES);
        DoubleVector s33 = DoubleVector.fromArray(SPECIES, acc, t + 15 * LANES);
        for (int r = 0; r < n; r += LANES) {
            DoubleVector a0 = DoubleVector.fromArray(SPECIES, u, ui + r);
            DoubleVector a1 = DoubleVector.fromArray(SPECIES, u, ui + bs + r);
            DoubleVector a2 = DoubleVector.fromArray(SPECIES, u, ui + 2 * bs + r);
            DoubleVector a3 = DoubleVector.fromArray(SPECIES, u, ui + 3 * bs + r);
            DoubleVector b = DoubleVector.fromArray(SPECIES, xc, xj + r);
            s00 = a0.fma(b, s00);
            s10 = a1.fma(b, s10);
            s20 = a2.fma(b, s20);
            s30 = a3.fma(b, s30);
            b = DoubleVector.fromArray(SPECIES, xc, xj + bs + r);
            s01 = a0.fma(b, s01);
            s11 = a1.fma(b, s11);
            s21 = a2.fma(b, s21);
            s31 = a3.fma(b, s31);
            b = DoubleVector.fromArray(SPECIES, xc, xj + 2 * bs + r);
            s02 = a0.fma(b, s02);
            s12 = a1.fma(b, s12);
            s22 = a2.fma(b, s22);
            s32 = a3.fma(b, s32);
            b = DoubleVector.fromArray(SPECIES, xc, xj + 3 * bs + r);
            s03 = a0.fma(b, s03);
            s13 = a1.fma(b, s13);
            s23 = a2.fma(b, s23);
            s33 = a3.fma(b, s33);
        }
        s00.intoArray(acc, t);
        s01.intoArray(acc, t + LANES);
        s02.intoArray(acc, t + 2 * LANES);
        s03.intoArray(acc, t + 3 * LANES);
        s10.intoArray(acc, t + 4 * LANES);
        s11.intoArray(acc, t + 5 * LANES);
        s12.intoArray(acc, t + 6 * LANES);
        s13.intoArray(acc, t + 7 * LANES);
        s20.intoArray(acc, t + 8 * LANES);
        s21.intoArray(acc, t + 9 * LANES);
        s22.intoArray(acc, t + 10 * LANES);
        s23.intoArray(acc, t + 11 * LANES);
        s30.intoArray(acc, t + 12 * LANES);
        s31.intoArray(acc, t + 13 * LANES);
        s32.intoArray(acc, t + 14 * LANES);
        s33.intoArray(acc, t + 15 * LANES);
    }

    /**
     * Adds a component's lane sums from {@link #moments} to its N (nk[c]), S (s from c d) and Q (q
     * from qo, packed upper rows or the diagonal), each lane in order, and clears them.
     */
    static void addMoments(
            double[] acc,
            int accOff,
            int d,
            int dPad,
            boolean cross,
            double[] nk,
            int c,
            double[] s,
            double[] q,
            int qo) {
        nk[c] += laneSum(acc, accOff);
        int so = accOff + LANES;
        for (int i = 0; i < d; i++) {
            s[c * d + i] += laneSum(acc, so + i * LANES);
        }
        int mo = so + dPad * LANES;
        if (cross) {
            int t = mo;
            for (int i = 0; i < dPad; i += 4) {
                for (int j = i; j < dPad; j += 4) {
                    for (int ii = i; ii < i + 4 && ii < d; ii++) {
                        int row = qo + ii * d - ii * (ii - 1) / 2 - ii;
                        for (int jj = Math.max(j, ii); jj < j + 4 && jj < d; jj++) {
                            q[row + jj] += laneSum(acc, t + ((ii - i) * 4 + jj - j) * LANES);
                        }
                    }
                    t += 16 * LANES;
                }
            }
        } else {
            for (int i = 0; i < d; i++) {
                q[qo + i] += laneSum(acc, mo + i * LANES);
            }
        }
        Arrays.fill(acc, accOff, accOff + momentLength(dPad, cross), 0.0);
    }

    private static double laneSum(double[] acc, int o) {
        double s = 0;
        for (int l = 0; l < LANES; l++) {
            s += acc[o + l];
        }
        return s;
    }
}
