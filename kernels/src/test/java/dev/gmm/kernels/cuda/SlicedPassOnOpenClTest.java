/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmm.CovarianceType;
import dev.gmm.Precision;
import dev.gmm.engine.conformance.BackendConformanceSuite;
import dev.gmm.engine.conformance.ConformanceCase;
import dev.gmm.spi.ResidentChunk;
import dev.gmm.spi.SufficientStatistics;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The streamed statistics pass ({@link SlicedPass}: rows staged and copied slice by slice on a
 * queue of their own, the kernels on another, ordered by events) against the same rows resident,
 * with slices small enough that every case crosses dozens of them and both buffers are reused many
 * times.
 */
class SlicedPassOnOpenClTest {

    /** Every tenth conformance case: each covariance type, both precisions, weights and offsets. */
    static Stream<ConformanceCase> cases() {
        int[] at = {0};
        return BackendConformanceSuite.cases().filter(c -> at[0]++ % 10 == 0);
    }

    private static SufficientStatistics resident(ConformanceCase c) {
        try (OpenClKernelHost host = OpenClKernelHost.open(c.precision());
                ResidentChunk chunk = host.load(c.data())) {
            return host.accumulate(chunk, c.parameters().parameters());
        }
    }

    private static SufficientStatistics streamed(ConformanceCase c, int sliceRows) {
        try (OpenClKernelHost host = OpenClKernelHost.sliced(c.precision(), sliceRows)) {
            return host.accumulateStreamed(c.data(), c.parameters().parameters());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void streamedSlicesEqualTheResidentPass(ConformanceCase c) {
        OpenClKernelHost.assumeDevice();
        SufficientStatistics expected = resident(c);
        // 3001 rows (1500 at d = 64): 31 slices of 97 (16 at d = 64), the last one short
        SufficientStatistics actual = streamed(c, 97);
        assertEquals(expected.rows(), actual.rows(), "rows counted");
        // the slices regroup the sums of one pass: the resident pass's own rounding, no more
        double tolerance = OpenClKernelHost.tolerance(c.precision());
        assertTrue(
                actual.differenceFrom(expected).max() <= tolerance,
                c + ": " + actual.differenceFrom(expected));
    }

    @Test
    void oneSliceIsTheResidentPassBitForBit() {
        OpenClKernelHost.assumeDevice();
        ConformanceCase c =
                new ConformanceCase(
                        7, 3, CovarianceType.FULL, Precision.DOUBLE, true, 0.0, false, 800, 91);
        assertArrayEquals(resident(c).pack(), streamed(c, 800).pack());
    }

    @Test
    void aStreamedPassIsTheSameBitForBitEachTime() {
        OpenClKernelHost.assumeDevice();
        ConformanceCase c =
                new ConformanceCase(
                        16, 8, CovarianceType.DIAG, Precision.FLOAT, true, 170.0, false, 2000, 92);
        assertArrayEquals(streamed(c, 33).pack(), streamed(c, 33).pack());
    }

    @Test
    void aSliceOfOneRowWorks() {
        OpenClKernelHost.assumeDevice();
        ConformanceCase c =
                new ConformanceCase(
                        2, 2, CovarianceType.TIED, Precision.DOUBLE, false, 0.0, false, 40, 93);
        SufficientStatistics one = streamed(c, 1);
        assertTrue(
                one.differenceFrom(resident(c)).max() <= 1e-12,
                one.differenceFrom(resident(c)).toString());
    }
}
