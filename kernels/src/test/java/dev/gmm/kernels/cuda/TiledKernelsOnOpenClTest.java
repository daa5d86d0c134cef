/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmm.CovarianceType;
import dev.gmm.Precision;
import dev.gmm.engine.conformance.ConformanceCase;
import dev.gmm.spi.MixtureParameters;
import dev.gmm.spi.ResidentChunk;
import dev.gmm.spi.SufficientStatistics;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The register-tiled statistics kernels ({@code gmm_statistics_d4} to {@code _d32}) on OpenCL
 * against the CPU reference, at the d where their padding and 4 x 4 blocks change: each side of
 * every multiple of four and of every kernel's bound. The conformance suite reaches them only at d
 * = 1, 2 and 7. Tolerances as in {@link CudaKernelsOnOpenClTest}.
 */
class TiledKernelsOnOpenClTest {

    static Stream<ConformanceCase> cases() {
        List<ConformanceCase> out = new ArrayList<>();
        int[] dims = {3, 4, 5, 8, 9, 12, 15, 16, 17, 24, 31, 32};
        long seed = 500;
        int variant = 0;
        for (int d : dims) {
            for (CovarianceType type :
                    new CovarianceType[] {CovarianceType.FULL, CovarianceType.TIED}) {
                for (Precision precision : Precision.values()) {
                    int k = variant % 2 == 0 ? 3 : 16;
                    boolean weighted = variant % 3 == 1;
                    double offset = variant % 4 == 2 ? 170.0 : 0.0;
                    // rows not a multiple of any tile, and a few tiles per block
                    out.add(
                            new ConformanceCase(
                                    d, k, type, precision, weighted, offset, false, 2501, seed++));
                    variant++;
                }
            }
        }
        return out.stream();
    }

    /** K = 64, which the tiled kernels take only with a GPU's opt-in shared memory. */
    static Stream<ConformanceCase> manyComponents() {
        List<ConformanceCase> out = new ArrayList<>();
        long seed = 600;
        for (int d : new int[] {3, 8, 13, 16}) {
            for (Precision precision : Precision.values()) {
                CovarianceType type = d % 2 == 0 ? CovarianceType.FULL : CovarianceType.TIED;
                out.add(
                        new ConformanceCase(
                                d, 64, type, precision, d == 8, 0.0, false, 2501, seed++));
            }
        }
        return out.stream();
    }

    /** Hopper's opt-in maximum of shared memory per block. */
    private static final int HOPPER_OPT_IN = 227 * 1024;

    @ParameterizedTest(name = "{0}")
    @MethodSource("manyComponents")
    void tiledStatisticsWithOptInSharedMemoryMatchTheCpuReference(ConformanceCase c) {
        matchesTheCpuReference(c, HOPPER_OPT_IN);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void tiledStatisticsMatchTheCpuReference(ConformanceCase c) {
        matchesTheCpuReference(c, KernelPlan.SHARED_BYTES);
    }

    /** The tiled kernels, allowed {@code shared} bytes, within the suite's tolerances. */
    private static void matchesTheCpuReference(ConformanceCase c, int shared) {
        OpenClKernelHost.assumeDevice();
        MixtureParameters p = c.parameters().parameters();
        KernelPlan plan = KernelPlan.of(p, c.precision(), shared);
        assertTrue(plan.tiledDims() >= c.d(), c + " runs " + plan.statisticsKernel());
        SufficientStatistics expected = OpenClKernelHost.cpuStatistics(c);
        try (OpenClKernelHost host = OpenClKernelHost.withSharedMemory(c.precision(), shared);
                ResidentChunk chunk = host.load(c.data())) {
            SufficientStatistics actual = host.accumulate(chunk, p);
            assertEquals(expected.rows(), actual.rows(), "rows counted");
            assertTrue(
                    actual.differenceFrom(expected).max()
                            <= OpenClKernelHost.tolerance(c.precision()),
                    c + ": " + actual.differenceFrom(expected));
        }
    }
}
