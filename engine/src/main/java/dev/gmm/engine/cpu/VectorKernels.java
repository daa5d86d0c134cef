/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.engine.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link BlockPass}'s two hot kernels written with the JDK's Vector API: register-blocked over
 * vectors of rows, where the auto-vectorised loops reload and store their accumulators every step
 * and the second moments stay scalar. Loaded only when {@code jdk.incubator.vector} is in the boot
 * layer (see {@link #AVAILABLE}); same arguments and layout as the scalar versions.
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
     * Runs both kernels on a tiny block until the JIT has cause to compile them. Until it does, the
     * Vector API runs in profiling code that allocates every vector, many times slower than
     * compiled; left to a large first EM pass, the worker threads crawl through full blocks while
     * the call counts climb slowly, which cost 0.6 to 1 s of the first step at d = 16 and 64 here.
     * Tiny calls reach the counts in about 0.3 s. Results are thrown away.
     */
    static void warmUp() {
        int d = 4;
        int bs = 3 * LANES;
        double[] prec = new double[d * d];
        double[] xc = new double[d * bs];
        double[] dist = new double[bs];
        double[] out = new double[8];
        double[] lanes = new double[LANES];
        for (int i = 0; i < WARM_UP_CALLS; i++) {
            triangularDistance(prec, 0, d, xc, bs, bs, dist);
            tile(xc, 0, bs, xc, 0, bs, bs, out, lanes);
        }
    }

    /**
     * dist[r] = ||P^T xc_r||^2 for rows [0, n), in tiles of three vectors of rows by four output
     * coordinates: per input dimension i, three loads of xc and four broadcasts of P's row i feed
     * twelve independent multiply-adds, which with the loads fill the sixteen vector registers of
     * AVX2. P has zeros below the diagonal ({@link dev.gmm.spi.MixtureParameters#precision}), so
     * coordinate j + c takes input i only where i <= j + c without a test. Returns the first row
     * not done, for the caller's portable loop.
     */
    static int triangularDistance(
            double[] prec, int po, int d, double[] xc, int bs, int n, double[] dist) {
        int step = 3 * LANES;
        int r = 0;
        for (; r + step <= n; r += step) {
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
                    int o = i * bs + r;
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
                    int o = i * bs + r;
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
        return r;
    }

    /**
     * The 2 x 4 tile of {@link BlockPass}'s upper moments over rows [0, n) with vector
     * accumulators: sums into out[0..8) (row i0 then row i1, columns j..j+3), with lanes scratch of
     * {@link #LANES}; returns the first row not done, for the caller to add the rest.
     */
    static int tile(
            double[] u,
            int u0,
            int u1,
            double[] xc,
            int x0,
            int bs,
            int n,
            double[] out,
            double[] lanes) {
        int x1 = x0 + bs;
        int x2 = x1 + bs;
        int x3 = x2 + bs;
        DoubleVector s00 = DoubleVector.zero(SPECIES);
        DoubleVector s01 = s00;
        DoubleVector s02 = s00;
        DoubleVector s03 = s00;
        DoubleVector s10 = s00;
        DoubleVector s11 = s00;
        DoubleVector s12 = s00;
        DoubleVector s13 = s00;
        int r = 0;
        for (; r + LANES <= n; r += LANES) {
            DoubleVector a0 = DoubleVector.fromArray(SPECIES, u, u0 + r);
            DoubleVector a1 = DoubleVector.fromArray(SPECIES, u, u1 + r);
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, xc, x0 + r);
            DoubleVector b1 = DoubleVector.fromArray(SPECIES, xc, x1 + r);
            DoubleVector b2 = DoubleVector.fromArray(SPECIES, xc, x2 + r);
            DoubleVector b3 = DoubleVector.fromArray(SPECIES, xc, x3 + r);
            s00 = a0.fma(b0, s00);
            s01 = a0.fma(b1, s01);
            s02 = a0.fma(b2, s02);
            s03 = a0.fma(b3, s03);
            s10 = a1.fma(b0, s10);
            s11 = a1.fma(b1, s11);
            s12 = a1.fma(b2, s12);
            s13 = a1.fma(b3, s13);
        }
        // lanes summed in a fixed order: reduceLanes leaves the order open, and a result must not
        // depend on whether the method ran compiled
        out[0] = sum(s00, lanes);
        out[1] = sum(s01, lanes);
        out[2] = sum(s02, lanes);
        out[3] = sum(s03, lanes);
        out[4] = sum(s10, lanes);
        out[5] = sum(s11, lanes);
        out[6] = sum(s12, lanes);
        out[7] = sum(s13, lanes);
        return r;
    }

    private static double sum(DoubleVector v, double[] lanes) {
        v.intoArray(lanes, 0);
        double s = 0;
        for (int l = 0; l < LANES; l++) {
            s += lanes[l];
        }
        return s;
    }
}
