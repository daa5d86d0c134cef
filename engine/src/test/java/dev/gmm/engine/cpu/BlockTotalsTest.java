/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link BlockLoops#totals}: a block's L, W and entropy, and the rows' w / s. */
class BlockTotalsTest {

    /** A block's max, sum and dot as the exp terms of k components leave them. */
    private static double[][] block(int n, int k, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] max = new double[n];
        double[] sum = new double[n];
        double[] dot = new double[n];
        for (int r = 0; r < n; r++) {
            max[r] = -rng.nextDouble() * 40;
            sum[r] = 1;
            for (int c = 1; c < k; c++) {
                double t = -rng.nextDouble() * 30;
                double e = Math.exp(t);
                sum[r] += e;
                dot[r] += e * t;
            }
        }
        return new double[][] {max, sum, dot};
    }

    @Test
    void unitWeightsTakeOneLogarithmForManyRowsAndAgreeWithOneARow() {
        // 1000 rows: whole groups of 32 and a partial one; K = 64 puts s near its largest
        for (int k : new int[] {2, 5, 64}) {
            int n = 1000;
            double[][] b = block(n, k, k);
            double[] w = new double[n];
            Arrays.fill(w, 1.0);
            double[] grouped = new double[3];
            double[] perRow = new double[3];
            double[] f1 = new double[n];
            double[] f2 = new double[n];
            assertFalse(BlockLoops.totals(b[0], b[1], b[2], w, true, f1, n, grouped));
            assertFalse(BlockLoops.totals(b[0], b[1], b[2], w, false, f2, n, perRow));
            for (int i = 0; i < 3; i++) {
                assertEquals(
                        perRow[i], grouped[i], 1e-13 * Math.abs(perRow[i]), "K=" + k + " sum " + i);
            }
            double l = 0;
            double h = 0;
            for (int r = 0; r < n; r++) {
                double lnS = Math.log(b[1][r]);
                l += b[0][r] + lnS;
                h += lnS - b[2][r] / b[1][r];
                assertEquals(1 / b[1][r], f1[r], 1e-16, "w / s");
            }
            assertEquals(l, grouped[0], 1e-13 * Math.abs(l), "L by definition");
            assertEquals(n, grouped[1], "W");
            assertEquals(h, grouped[2], 1e-13 * Math.abs(h), "entropy by definition");
        }
    }

    @Test
    void weightsScaleEachRow() {
        int n = 77;
        double[][] b = block(n, 3, 9);
        double[] w = new SplittableRandom(4).doubles(n, 0, 3).toArray();
        double[] out = new double[3];
        double[] f = new double[n];
        BlockLoops.totals(b[0], b[1], b[2], w, false, f, n, out);
        double l = 0;
        double ws = 0;
        for (int r = 0; r < n; r++) {
            l += w[r] * (b[0][r] + Math.log(b[1][r]));
            ws += w[r];
            assertEquals(w[r] / b[1][r], f[r], 1e-15, "w / s");
        }
        assertEquals(l, out[0], 1e-13 * Math.abs(l), "L");
        assertEquals(ws, out[1], 1e-13 * ws, "W");
    }

    @Test
    void aRowOfZeroDensityGetsNoResponsibilityAndMakesTheLikelihoodMinusInfinity() {
        for (boolean unit : new boolean[] {true, false}) {
            int n = 40;
            double[][] b = block(n, 2, 5);
            b[0][7] = Double.NEGATIVE_INFINITY;
            b[1][7] = Double.NaN;
            double[] w = new double[n];
            Arrays.fill(w, 1.0);
            double[] out = new double[3];
            double[] f = new double[n];
            assertTrue(BlockLoops.totals(b[0], b[1], b[2], w, unit, f, n, out), "reported");
            assertEquals(0.0, f[7], "no responsibility");
            assertEquals(Double.NEGATIVE_INFINITY, out[0], "L");
            assertEquals(n, out[1], "W counts the row");
            assertTrue(Double.isFinite(out[2]), "its entropy is 0: " + out[2]);
        }
    }
}
