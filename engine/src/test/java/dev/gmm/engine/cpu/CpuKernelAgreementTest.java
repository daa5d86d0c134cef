/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gmm.CovarianceType;
import dev.gmm.GaussianMixtureModel;
import dev.gmm.Precision;
import dev.gmm.engine.conformance.ConformanceCase;
import dev.gmm.engine.data.ArrayChunk;
import dev.gmm.spi.MixtureParameters;
import dev.gmm.spi.ResidentChunk;
import dev.gmm.spi.RowScores;
import dev.gmm.spi.StatisticsDifference;
import dev.gmm.spi.SufficientStatistics;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The block kernels against the definition, row by row ({@link MixtureParameters#logJoint} and
 * {@link SufficientStatistics#add}), and the Vector API kernels against the portable ones. Sizes
 * are odd on purpose: dimensions that leave partial 2 x 4 tiles, row counts that leave partial
 * blocks and partial vectors. Separately, components far apart, where most responsibilities are
 * exactly zero and the blocks gather the rows that are not.
 */
class CpuKernelAgreementTest {

    private static final double TOLERANCE = 1e-12;

    static Stream<ConformanceCase> cases() {
        List<ConformanceCase> out = new ArrayList<>();
        long seed = 100;
        int variant = 0;
        for (int d : new int[] {1, 2, 3, 5, 8, 17}) {
            for (int k : new int[] {1, 2, 3}) {
                for (CovarianceType type : CovarianceType.values()) {
                    out.add(
                            new ConformanceCase(
                                    d,
                                    k,
                                    type,
                                    Precision.DOUBLE,
                                    variant % 2 == 1,
                                    variant % 3 == 2 ? 170.0 : 0.0,
                                    false,
                                    1000 + 37 * (variant % 4),
                                    seed++));
                    variant++;
                }
            }
        }
        // the size of the peers' largest case: the vector kernels' tiles and the sparse gather at
        // full width
        for (CovarianceType type : CovarianceType.values()) {
            out.add(
                    new ConformanceCase(
                            64,
                            16,
                            type,
                            Precision.DOUBLE,
                            variant % 2 == 1,
                            0.0,
                            false,
                            700,
                            seed++));
            variant++;
        }
        return out.stream();
    }

    private static SufficientStatistics rowByRow(ArrayChunk rows, MixtureParameters p) {
        int d = p.dimensions();
        int k = p.components();
        double[] x = new double[d];
        double[] w = new double[1];
        double[] logp = new double[k];
        double[] scratch = new double[p.scratchLength()];
        double[] diff = new double[d];
        SufficientStatistics st = SufficientStatistics.zero(p);
        for (int i = 0; i < rows.rows(); i++) {
            rows.copyRows(i, 1, x, 0);
            rows.copyWeights(i, 1, w, 0);
            p.logJoint(x, 0, logp, 0, scratch);
            double l = MixtureParameters.logSumExp(logp, 0, k);
            for (int c = 0; c < k; c++) {
                logp[c] = Math.exp(logp[c] - l);
            }
            st.add(x, 0, w[0], l, logp, 0, diff);
        }
        return st;
    }

    private static SufficientStatistics blocks(
            ArrayChunk rows, MixtureParameters p, boolean vector) {
        try (CpuBackend cpu = new CpuBackend(Precision.DOUBLE, 2, vector);
                ResidentChunk c = cpu.load(rows)) {
            return cpu.accumulate(c, p);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void portableBlockStatisticsMatchTheRowByRowDefinition(ConformanceCase c) {
        ArrayChunk rows = c.data();
        MixtureParameters p = c.parameters().parameters();
        SufficientStatistics expected = rowByRow(rows, p);
        SufficientStatistics actual = blocks(rows, p, false);
        assertEquals(expected.rows(), actual.rows(), "rows counted");
        StatisticsDifference diff = actual.differenceFrom(expected);
        assertTrue(diff.max() <= TOLERANCE, c + ": " + diff);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void vectorKernelsMatchThePortableOnes(ConformanceCase c) {
        assumeTrue(CpuBackend.VECTOR_AVAILABLE, CpuBackend.NO_VECTOR_REASON);
        ArrayChunk rows = c.data();
        MixtureParameters p = c.parameters().parameters();
        StatisticsDifference diff = blocks(rows, p, true).differenceFrom(blocks(rows, p, false));
        assertTrue(diff.max() <= TOLERANCE, c + ": " + diff);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void blockScoresMatchTheRowByRowDefinition(ConformanceCase c) {
        ArrayChunk rows = c.data();
        MixtureParameters p = c.parameters().parameters();
        int k = p.components();
        RowScores actual = new RowScores(rows.rows(), k, true, true);
        try (CpuBackend cpu = new CpuBackend(Precision.DOUBLE, 2);
                ResidentChunk chunk = cpu.load(rows)) {
            cpu.score(chunk, p, actual);
        }
        assertTrue(actual.hasEntropy(), "the CPU backend writes the rows' entropy");
        double[] x = new double[p.dimensions()];
        double[] logp = new double[k];
        double[] scratch = new double[p.scratchLength()];
        for (int i = 0; i < rows.rows(); i++) {
            rows.copyRows(i, 1, x, 0);
            p.logJoint(x, 0, logp, 0, scratch);
            double l = MixtureParameters.logSumExp(logp, 0, k);
            assertTrue(
                    Math.abs(actual.logDensity()[i] - l) <= TOLERANCE * (1 + Math.abs(l)),
                    c + ": row " + i + " log density " + actual.logDensity()[i] + " vs " + l);
            double h = 0;
            for (int j = 0; j < k; j++) {
                double r = Math.exp(logp[j] - l);
                assertTrue(
                        Math.abs(actual.responsibilities()[i * k + j] - r) <= TOLERANCE,
                        c + ": row " + i + " responsibility " + j);
                h -= r > 0 ? r * Math.log(r) : 0;
            }
            assertTrue(
                    Math.abs(actual.entropy()[i] - h) <= TOLERANCE * (1 + h),
                    c + ": row " + i + " entropy " + actual.entropy()[i] + " vs " + h);
        }
    }

    /**
     * Three components 40 apart in every coordinate: each row's responsibility for two is exactly
     * 0.
     */
    static Stream<Arguments> separated() {
        List<Arguments> out = new ArrayList<>();
        long seed = 500;
        for (int d : new int[] {BlockPass.SPARSE_MIN_D, 7, 17}) {
            for (CovarianceType type : CovarianceType.values()) {
                for (boolean weighted : new boolean[] {false, true}) {
                    out.add(Arguments.of(d, type, weighted, seed++));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "d={0} {1} weighted={2}")
    @MethodSource("separated")
    void rowsWithZeroResponsibilityAreSkippedExactly(
            int d, CovarianceType type, boolean weighted, long seed) {
        int k = 3;
        int n = 1237;
        SplittableRandom rng = new SplittableRandom(seed);
        double[] weights = {0.3, 0.3, 0.4};
        double[][] means = new double[k][d];
        double[][] covs = new double[type.blocks(k)][];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
                means[c][j] = 40.0 * c + rng.nextGaussian();
            }
        }
        for (int b = 0; b < covs.length; b++) {
            covs[b] =
                    switch (type) {
                        case FULL, TIED -> {
                            double[] cov = new double[d * d];
                            for (int i = 0; i < d; i++) {
                                cov[i * d + i] = 1 + rng.nextDouble();
                                if (i > 0) {
                                    cov[i * d + i - 1] = 0.3;
                                    cov[(i - 1) * d + i] = 0.3;
                                }
                            }
                            yield cov;
                        }
                        case DIAG -> rng.doubles(d, 1, 2).toArray();
                        case SPHERICAL -> new double[] {1.5};
                    };
        }
        GaussianMixtureModel truth = GaussianMixtureModel.of(type, weights, means, covs);
        double[] x = new double[n * d];
        double[] row = new double[d];
        for (int i = 0; i < n; i++) {
            truth.sample(rng, row);
            System.arraycopy(row, 0, x, i * d, d);
        }
        double[] w = weighted ? rng.doubles(n, 0.25, 2.25).toArray() : null;
        ArrayChunk rows = ArrayChunk.ofDoubles(x, d, 0, n, w);
        MixtureParameters p = truth.parameters();

        double[] logp = new double[k];
        double[] scratch = new double[p.scratchLength()];
        int zeros = 0;
        for (int i = 0; i < n; i++) {
            p.logJoint(x, i * d, logp, 0, scratch);
            double l = MixtureParameters.logSumExp(logp, 0, k);
            for (int c = 0; c < k; c++) {
                zeros += Math.exp(logp[c] - l) == 0 ? 1 : 0;
            }
        }
        assertTrue(
                zeros > n,
                "the case must have mostly zero responsibilities, has " + zeros + " of " + n * k);

        SufficientStatistics expected = rowByRow(rows, p);
        StatisticsDifference portable = blocks(rows, p, false).differenceFrom(expected);
        assertTrue(portable.max() <= TOLERANCE, "portable: " + portable);
        if (CpuBackend.VECTOR_AVAILABLE) {
            StatisticsDifference vector = blocks(rows, p, true).differenceFrom(expected);
            assertTrue(vector.max() <= TOLERANCE, "vector: " + vector);
        }
    }

    /** The warm-up runs only before passes too large for tests, so its calls are checked here. */
    @Test
    void warmUpCallsStayInsideTheirBuffers() {
        assumeTrue(CpuBackend.VECTOR_AVAILABLE, CpuBackend.NO_VECTOR_REASON);
        assertDoesNotThrow(() -> VectorKernels.warmUp(true));
        assertDoesNotThrow(() -> VectorKernels.warmUp(false));
    }
}
