/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.engine.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmm.CovarianceType;
import dev.gmm.Precision;
import dev.gmm.engine.cpu.CpuBackend;
import dev.gmm.engine.data.ArrayChunk;
import dev.gmm.spi.ComputeBackend;
import dev.gmm.spi.MixtureParameters;
import dev.gmm.spi.ResidentChunk;
import dev.gmm.spi.RowScores;
import dev.gmm.spi.StatisticsDifference;
import dev.gmm.spi.SufficientStatistics;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The backend conformance suite: fixed, seeded cases (d = 1, 2, 7, 64; K = 1, 3, 16; every
 * covariance type; float and double; weighted rows; data offset to 170; near-singular components),
 * each comparing a backend's statistics and scores with the CPU reference in double on the same
 * rows and parameters.
 *
 * <p>A backend adds one small subclass that opens it. A subclass whose hardware is missing skips
 * with {@link org.junit.jupiter.api.Assumptions} in {@link #open}, saying why.
 */
public abstract class BackendConformanceSuite {

    /**
     * Opens the backend under test in {@code precision}; skips (Assumptions) when it cannot run
     * here.
     */
    protected abstract ComputeBackend open(Precision precision);

    /** Largest scaled difference accepted from the CPU reference in double. */
    protected abstract double tolerance(Precision precision);

    public static Stream<ConformanceCase> cases() {
        List<ConformanceCase> out = new ArrayList<>();
        int[] dims = {1, 2, 7, 64};
        int[] ks = {1, 3, 16};
        long seed = 1;
        int variant = 0;
        for (int d : dims) {
            for (int k : ks) {
                for (CovarianceType type : CovarianceType.values()) {
                    for (Precision precision : Precision.values()) {
                        // rotate the harder features through the grid so each meets every shape
                        boolean weighted = variant % 2 == 1;
                        double offset = variant % 3 == 2 ? 170.0 : 0.0;
                        boolean nearSingular = d > 1 && variant % 5 == 3;
                        int rows = d == 64 ? 1500 : 3001;
                        out.add(
                                new ConformanceCase(
                                        d,
                                        k,
                                        type,
                                        precision,
                                        weighted,
                                        offset,
                                        nearSingular,
                                        rows,
                                        seed++));
                        variant++;
                    }
                }
            }
        }
        return out.stream();
    }

    private static SufficientStatistics reference(ArrayChunk rows, MixtureParameters p) {
        try (CpuBackend cpu = new CpuBackend(Precision.DOUBLE, 1);
                ResidentChunk c = cpu.load(rows)) {
            return cpu.accumulate(c, p);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void statisticsMatchTheCpuReference(ConformanceCase c) {
        ArrayChunk rows = c.data();
        MixtureParameters p = c.parameters().parameters();
        SufficientStatistics expected = reference(rows, p);
        try (ComputeBackend backend = open(c.precision());
                ResidentChunk chunk = backend.load(rows)) {
            SufficientStatistics actual = backend.accumulate(chunk, p);
            assertEquals(expected.rows(), actual.rows(), "rows counted");
            StatisticsDifference diff = actual.differenceFrom(expected);
            assertTrue(diff.max() <= tolerance(c.precision()), c + ": " + diff);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void scoresMatchTheCpuReference(ConformanceCase c) {
        ArrayChunk rows = c.data();
        MixtureParameters p = c.parameters().parameters();
        RowScores expected = new RowScores(rows.rows(), p.components(), true);
        try (CpuBackend cpu = new CpuBackend(Precision.DOUBLE, 1);
                ResidentChunk r = cpu.load(rows)) {
            cpu.score(r, p, expected);
        }
        RowScores actual = new RowScores(rows.rows(), p.components(), true);
        try (ComputeBackend backend = open(c.precision());
                ResidentChunk chunk = backend.load(rows)) {
            backend.score(chunk, p, actual);
        }
        double tol = tolerance(c.precision());
        int k = p.components();
        for (int i = 0; i < rows.rows(); i++) {
            double l = expected.logDensity()[i];
            assertTrue(
                    Math.abs(actual.logDensity()[i] - l) <= tol * (1 + Math.abs(l)),
                    c + ": row " + i + " log density " + actual.logDensity()[i] + " vs " + l);
            int label = actual.labels()[i];
            int want = expected.labels()[i];
            double[] r = expected.responsibilities();
            // a different label is fine only where the reference itself is a near tie
            assertTrue(
                    label == want || Math.abs(r[i * k + label] - r[i * k + want]) <= tol,
                    c + ": row " + i + " label " + label + " vs " + want);
            for (int j = 0; j < k; j++) {
                assertTrue(
                        Math.abs(actual.responsibilities()[i * k + j] - r[i * k + j]) <= tol,
                        c + ": row " + i + " responsibility " + j);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void chunksMergeToTheWholeAndStayResidentAcrossParameterChanges(ConformanceCase c) {
        ArrayChunk rows = c.data();
        int n = rows.rows();
        int cut = n / 3;
        ArrayChunk first = slice(rows, 0, cut);
        ArrayChunk second = slice(rows, cut, n - cut);
        MixtureParameters p = c.parameters().parameters();
        MixtureParameters q = c.parameters(0.7).parameters();
        double tol = Math.max(tolerance(c.precision()), 1e-12);
        try (ComputeBackend backend = open(c.precision());
                ResidentChunk a = backend.load(first);
                ResidentChunk b = backend.load(second)) {
            for (MixtureParameters params : List.of(p, q, p)) {
                SufficientStatistics merged = backend.accumulate(a, params);
                merged.merge(backend.accumulate(b, params));
                StatisticsDifference diff = merged.differenceFrom(reference(rows, params));
                assertTrue(diff.max() <= tol, c + ": " + diff);
            }
        }
    }

    private static ArrayChunk slice(ArrayChunk rows, int from, int count) {
        int d = rows.dims();
        double[] x = new double[count * d];
        rows.copyRows(from, count, x, 0);
        double[] w = null;
        if (rows.weighted()) {
            w = new double[count];
            rows.copyWeights(from, count, w, 0);
        }
        return ArrayChunk.ofDoubles(x, d, 0, count, w);
    }
}
