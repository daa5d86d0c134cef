/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmm.CovarianceType;
import dev.gmm.GaussianMixtureModel;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The additive contract: statistics of disjoint rows merge by addition, and differences are seen
 * part by part.
 */
class SufficientStatisticsTest {

    private static final int D = 3;
    private static final int K = 2;

    /** Means around heights and weights, so the shifted sums matter. */
    private static final double[][] MEANS = {{165, 60, 30}, {176, 75, 33}};

    private static GaussianMixtureModel model(CovarianceType type) {
        double[][] covs = new double[type.blocks(K)][type.blockSize(D)];
        for (double[] block : covs) {
            if (type.needsCrossMoments()) {
                for (int i = 0; i < D; i++) {
                    for (int j = 0; j < D; j++) {
                        block[i * D + j] = i == j ? 9 : 2;
                    }
                }
            } else {
                Arrays.fill(block, 9);
            }
        }
        return GaussianMixtureModel.of(type, new double[] {0.4, 0.6}, MEANS, covs);
    }

    /** Rows around the two means, with weights; {@code n x D} row-major. */
    private static double[] rows(int n, double[] w, SplittableRandom rng) {
        double[] x = new double[n * D];
        for (int i = 0; i < n; i++) {
            double[] mean = MEANS[rng.nextDouble() < 0.6 ? 1 : 0];
            for (int j = 0; j < D; j++) {
                x[i * D + j] = mean[j] + 3 * rng.nextGaussian();
            }
            w[i] = 0.2 + rng.nextDouble();
        }
        return x;
    }

    /** Statistics of rows [from, to) under {@code m}, added one row at a time. */
    private static SufficientStatistics statistics(
            GaussianMixtureModel m, double[] x, double[] w, int from, int to) {
        SufficientStatistics st = SufficientStatistics.zero(m.parameters());
        double[] r = new double[K];
        double[] row = new double[D];
        double[] diff = new double[D];
        for (int i = from; i < to; i++) {
            System.arraycopy(x, i * D, row, 0, D);
            double l = m.responsibilities(row, r);
            st.add(row, 0, w[i], l, r, 0, diff);
        }
        return st;
    }

    private static void assertRelative(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-12 * Math.max(1, Math.abs(expected)), what);
    }

    @ParameterizedTest
    @EnumSource(CovarianceType.class)
    void statisticsOfTwoHalvesMergeToTheWhole(CovarianceType type) {
        GaussianMixtureModel m = model(type);
        int n = 1001;
        double[] w = new double[n];
        double[] x = rows(n, w, new SplittableRandom(71));
        SufficientStatistics whole = statistics(m, x, w, 0, n);
        SufficientStatistics merged = statistics(m, x, w, 0, 400);
        merged.merge(statistics(m, x, w, 400, n));

        assertEquals(n, merged.rows(), "rows");
        assertRelative(whole.totalWeight(), merged.totalWeight(), "W");
        assertRelative(whole.logLikelihood(), merged.logLikelihood(), "L");
        assertEquals(
                K * type.momentLength(D),
                merged.shiftedMoments().length,
                "Q length for " + type.id());
        for (int i = 0; i < K; i++) {
            assertRelative(whole.componentWeights()[i], merged.componentWeights()[i], "N_" + i);
        }
        // S and Q are sums of signed terms that can cancel to near zero, so they are compared on
        // the
        // size of their terms: every row lies within 30 of each shift, so |S| <= 30 W and |Q| <=
        // 900 W
        double w0 = whole.totalWeight();
        double[] s = whole.shiftedSums();
        for (int i = 0; i < s.length; i++) {
            assertEquals(s[i], merged.shiftedSums()[i], 1e-12 * 30 * w0, "S[" + i + "]");
        }
        double[] q = whole.shiftedMoments();
        for (int i = 0; i < q.length; i++) {
            assertEquals(q[i], merged.shiftedMoments()[i], 1e-12 * 900 * w0, "Q[" + i + "]");
        }
        // and on the scales verification uses
        assertTrue(
                merged.differenceFrom(whole).max() <= 1e-12,
                merged.differenceFrom(whole).toString());
    }

    @ParameterizedTest
    @EnumSource(
            value = CovarianceType.class,
            names = {"FULL", "DIAG"})
    void differenceFromIsZeroForIdenticalStatisticsAndSeesEachPart(CovarianceType type) {
        GaussianMixtureModel m = model(type);
        int n = 500;
        double[] w = new double[n];
        double[] x = rows(n, w, new SplittableRandom(72));
        SufficientStatistics reference = statistics(m, x, w, 0, n);
        StatisticsDifference same = statistics(m, x, w, 0, n).differenceFrom(reference);
        assertEquals(new StatisticsDifference(0, 0, 0, 0), same, "identical statistics");

        SufficientStatistics l = copy(reference, m);
        l.addTotals(1e-6 * Math.abs(reference.logLikelihood()), 0, 0);
        assertOnly(l.differenceFrom(reference), 0);

        SufficientStatistics nk = copy(reference, m);
        nk.componentWeights()[1] *= 1 + 1e-6;
        assertOnly(nk.differenceFrom(reference), 1);

        SufficientStatistics sk = copy(reference, m);
        sk.shiftedSums()[D + 2] += 1e-3;
        assertOnly(sk.differenceFrom(reference), 2);

        SufficientStatistics qk = copy(reference, m);
        // the last moment of component 0: Q_0[D-1][D-1] for diag, an upper-triangle entry for full
        int last = type.momentLength(D) - 1;
        qk.shiftedMoments()[last == 0 ? 0 : last - 1] *= 1 + 1e-6;
        assertOnly(qk.differenceFrom(reference), 3);
    }

    /** A NaN from a device, in any part, must fail verification whatever the tolerance. */
    @ParameterizedTest
    @EnumSource(
            value = CovarianceType.class,
            names = {"FULL", "DIAG"})
    void aNaNInAnyPartFailsEveryTolerance(CovarianceType type) {
        GaussianMixtureModel m = model(type);
        int n = 200;
        double[] w = new double[n];
        double[] x = rows(n, w, new SplittableRandom(73));
        SufficientStatistics reference = statistics(m, x, w, 0, n);
        for (int part = 0; part < 4; part++) {
            SufficientStatistics bad = copy(reference, m);
            switch (part) {
                case 0:
                    bad.addTotals(Double.NaN, 0, 0);
                    break;
                case 1:
                    bad.componentWeights()[0] = Double.NaN;
                    break;
                case 2:
                    bad.shiftedSums()[1] = Double.NaN;
                    break;
                default:
                    bad.shiftedMoments()[0] = Double.NaN;
                    break;
            }
            StatisticsDifference d = bad.differenceFrom(reference);
            assertTrue(!(d.max() <= 1e300), "part " + part + ": " + d);
        }
    }

    /** An exact copy: zero plus the statistics. */
    private static SufficientStatistics copy(SufficientStatistics st, GaussianMixtureModel m) {
        SufficientStatistics c = SufficientStatistics.zero(m.parameters());
        c.merge(st);
        return c;
    }

    /** Only part {@code which} (0 L, 1 N, 2 S, 3 Q) differs, and by a seen, small amount. */
    private static void assertOnly(StatisticsDifference d, int which) {
        double[] parts = {d.logLikelihood(), d.weights(), d.sums(), d.moments()};
        for (int i = 0; i < 4; i++) {
            if (i == which) {
                assertTrue(
                        parts[i] > 1e-9 && parts[i] < 1e-3, "part " + i + " sees the change: " + d);
            } else {
                assertEquals(0.0, parts[i], 0.0, "part " + i + " unchanged: " + d);
            }
        }
        assertEquals(parts[which], d.max(), 0.0, "max");
    }

    @Test
    void theEntropyIsKnownOnlyWhereEveryRowCameWithIt() {
        MixtureParameters p = model(CovarianceType.FULL).parameters();
        SufficientStatistics none = SufficientStatistics.zero(p);
        assertEquals(0.0, none.entropy(), "no rows: nothing to add");
        SufficientStatistics a = SufficientStatistics.zero(p);
        a.addTotals(-10, 4, 4, 1.5);
        SufficientStatistics b = SufficientStatistics.zero(p);
        b.addTotals(-5, 2, 2, 0.25);
        a.merge(b);
        assertEquals(1.75, a.entropy());
        SufficientStatistics back = SufficientStatistics.unpack(p, a.pack());
        assertEquals(1.75, back.entropy());
        assertEquals(6, back.rows());
        SufficientStatistics device = SufficientStatistics.zero(p);
        device.addTotals(-3, 1, 1);
        a.merge(device);
        assertTrue(Double.isNaN(a.entropy()), "a part without it leaves the whole without it");
        assertTrue(Double.isNaN(SufficientStatistics.unpack(p, a.pack()).entropy()));
    }
}
