/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.engine.cpu;

/**
 * The statistics pass's loops for d = 1, 2 and 3, one loop over a block's rows per component for
 * the log densities and one for the moments, where {@link BlockLoops} would take a loop per
 * dimension and per entry. At these d a row's work is a handful of operations, so the general
 * path's dozens of short loops per block cost more in their overhead, and in the additions each of
 * its reductions chains one after another, than in arithmetic. Here the moments' sums are
 * independent accumulators of one loop.
 *
 * <p>The arithmetic is the general path's, operation for operation and in the same order, so the
 * results are the same to the last bit. {@code x} is the block as one array per dimension (x[j][r]
 * for dimension j of row r), and the log densities go to an array of their own: loops that index
 * every array from 0 are what the JIT vectorises; {@code p} holds the upper triangle of the
 * precision factor packed row by row (p00, p01, p11 for d = 2).
 */
final class SmallLoops {

    /** The largest d these loops serve. */
    static final int MAX_D = 3;

    private SmallLoops() {}

    /** out[r] = norm - 0.5 ||P^T (x_r - mu)||^2 for rows [0, n). */
    static void logDensity(
            int d,
            double[][] x,
            double[] mu,
            int mo,
            double[] p,
            double norm,
            double[] out,
            int n) {
        switch (d) {
            case 1 -> logDensity1(x[0], mu[mo], p[0], norm, out, n);
            case 2 -> logDensity2(x[0], x[1], mu[mo], mu[mo + 1], p, norm, out, n);
            case 3 -> logDensity3(x[0], x[1], x[2], mu, mo, p, norm, out, n);
            default -> throw new IllegalArgumentException("d = " + d);
        }
    }

    private static void logDensity1(
            double[] x0s, double m0, double p00, double norm, double[] out, int n) {
        for (int r = 0; r < n; r++) {
            double y0 = p00 * (x0s[r] - m0);
            double dist = y0 * y0;
            out[r] = norm + -0.5 * dist;
        }
    }

    private static void logDensity2(
            double[] x0s,
            double[] x1s,
            double m0,
            double m1,
            double[] p,
            double norm,
            double[] out,
            int n) {
        double p00 = p[0];
        double p01 = p[1];
        double p11 = p[2];
        for (int r = 0; r < n; r++) {
            double x0 = x0s[r] - m0;
            double x1 = x1s[r] - m1;
            double y0 = p00 * x0;
            double y1 = p01 * x0 + p11 * x1;
            double dist = y0 * y0 + y1 * y1;
            out[r] = norm + -0.5 * dist;
        }
    }

    private static void logDensity3(
            double[] x0s,
            double[] x1s,
            double[] x2s,
            double[] mu,
            int mo,
            double[] p,
            double norm,
            double[] out,
            int n) {
        double m0 = mu[mo];
        double m1 = mu[mo + 1];
        double m2 = mu[mo + 2];
        double p00 = p[0];
        double p01 = p[1];
        double p02 = p[2];
        double p11 = p[3];
        double p12 = p[4];
        double p22 = p[5];
        for (int r = 0; r < n; r++) {
            double x0 = x0s[r] - m0;
            double x1 = x1s[r] - m1;
            double x2 = x2s[r] - m2;
            double y0 = p00 * x0;
            double y1 = p01 * x0 + p11 * x1;
            double y2 = p02 * x0 + p12 * x1 + p22 * x2;
            double dist = y0 * y0 + y1 * y1 + y2 * y2;
            out[r] = norm + -0.5 * dist;
        }
    }

    /**
     * With a_r = resp[ro + r] f[r] and x_r - c: out = N, then S (d values), then the upper triangle
     * of Q packed row by row, summed over rows [0, n).
     */
    static void moments(
            int d,
            double[] resp,
            int ro,
            double[] f,
            double[][] x,
            double[] c,
            int co,
            int n,
            double[] out) {
        switch (d) {
            case 1 -> moments1(resp, ro, f, x[0], c[co], n, out);
            // both halves of the pair on the one component: the same sums, written twice
            case 2 -> moments2Pair(resp, ro, ro, f, x, c, co, co, n, out, out);
            case 3 -> moments3(resp, ro, f, x[0], x[1], x[2], c, co, n, out);
            default -> throw new IllegalArgumentException("d = " + d);
        }
    }

    private static void moments1(
            double[] resp, int ro, double[] f, double[] x0s, double c0, int n, double[] out) {
        double sn = 0;
        double s0 = 0;
        double q00 = 0;
        for (int r = 0; r < n; r++) {
            double a = resp[ro + r] * f[r];
            double x0 = x0s[r] - c0;
            double u0 = a * x0;
            sn += a;
            s0 += u0;
            q00 += u0 * x0;
        }
        out[0] = sn;
        out[1] = s0;
        out[2] = q00;
    }

    /**
     * {@link #moments} at d = 2 for two components at once, whose responsibilities are at ro and
     * ro2 and shifts at c[co] and c[co2]: their sums into out and out2, each row's values read once
     * for both. The sums of each are formed in the same order as for one component alone.
     */
    static void moments2Pair(
            double[] resp,
            int ro,
            int ro2,
            double[] f,
            double[][] x,
            double[] c,
            int co,
            int co2,
            int n,
            double[] out,
            double[] out2) {
        double[] x0s = x[0];
        double[] x1s = x[1];
        double c0 = c[co];
        double c1 = c[co + 1];
        double d0 = c[co2];
        double d1 = c[co2 + 1];
        double sn = 0;
        double s0 = 0;
        double s1 = 0;
        double q00 = 0;
        double q01 = 0;
        double q11 = 0;
        double tn = 0;
        double t0 = 0;
        double t1 = 0;
        double r00 = 0;
        double r01 = 0;
        double r11 = 0;
        for (int r = 0; r < n; r++) {
            double fr = f[r];
            double y0 = x0s[r];
            double y1 = x1s[r];
            double a = resp[ro + r] * fr;
            double x0 = y0 - c0;
            double x1 = y1 - c1;
            double u0 = a * x0;
            double u1 = a * x1;
            sn += a;
            s0 += u0;
            s1 += u1;
            q00 += u0 * x0;
            q01 += u0 * x1;
            q11 += u1 * x1;
            double b = resp[ro2 + r] * fr;
            double z0 = y0 - d0;
            double z1 = y1 - d1;
            double v0 = b * z0;
            double v1 = b * z1;
            tn += b;
            t0 += v0;
            t1 += v1;
            r00 += v0 * z0;
            r01 += v0 * z1;
            r11 += v1 * z1;
        }
        out[0] = sn;
        out[1] = s0;
        out[2] = s1;
        out[3] = q00;
        out[4] = q01;
        out[5] = q11;
        out2[0] = tn;
        out2[1] = t0;
        out2[2] = t1;
        out2[3] = r00;
        out2[4] = r01;
        out2[5] = r11;
    }

    private static void moments3(
            double[] resp,
            int ro,
            double[] f,
            double[] x0s,
            double[] x1s,
            double[] x2s,
            double[] c,
            int co,
            int n,
            double[] out) {
        double c0 = c[co];
        double c1 = c[co + 1];
        double c2 = c[co + 2];
        double sn = 0;
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double q00 = 0;
        double q01 = 0;
        double q02 = 0;
        double q11 = 0;
        double q12 = 0;
        double q22 = 0;
        for (int r = 0; r < n; r++) {
            double a = resp[ro + r] * f[r];
            double x0 = x0s[r] - c0;
            double x1 = x1s[r] - c1;
            double x2 = x2s[r] - c2;
            double u0 = a * x0;
            double u1 = a * x1;
            double u2 = a * x2;
            sn += a;
            s0 += u0;
            s1 += u1;
            s2 += u2;
            q00 += u0 * x0;
            q01 += u0 * x1;
            q02 += u0 * x2;
            q11 += u1 * x1;
            q12 += u1 * x2;
            q22 += u2 * x2;
        }
        out[0] = sn;
        out[1] = s0;
        out[2] = s1;
        out[3] = s2;
        out[4] = q00;
        out[5] = q01;
        out[6] = q02;
        out[7] = q11;
        out[8] = q12;
        out[9] = q22;
    }
}
