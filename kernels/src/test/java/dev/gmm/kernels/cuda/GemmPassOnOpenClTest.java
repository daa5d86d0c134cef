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
import dev.gmm.engine.conformance.ConformanceCase;
import dev.gmm.spi.ResidentChunk;
import dev.gmm.spi.SufficientStatistics;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The GEMM statistics pass ({@link GemmPass}: the {@code gmm_gemm_*} kernels on PoCL, a Java BLAS
 * between them) against the CPU reference, with tiles small enough that every case crosses many
 * tiles and sub-tiles and ends on a part tile. Tolerances as in {@link CudaKernelsOnOpenClTest}.
 */
class GemmPassOnOpenClTest {

    static Stream<ConformanceCase> cases() {
        List<ConformanceCase> out = new ArrayList<>();
        long seed = 900;
        int variant = 0;
        for (int d : new int[] {3, 33, 40, 64}) {
            for (CovarianceType type :
                    new CovarianceType[] {CovarianceType.FULL, CovarianceType.TIED}) {
                for (Precision precision : Precision.values()) {
                    int k = variant % 2 == 0 ? 5 : 16;
                    boolean weighted = variant % 3 != 1;
                    double offset = variant % 4 == 2 ? 170.0 : 0.0;
                    out.add(
                            new ConformanceCase(
                                    d, k, type, precision, weighted, offset, false, 1001, seed++));
                    variant++;
                }
            }
        }
        return out.stream();
    }

    private static SufficientStatistics gemm(ConformanceCase c, int subRows, int tileRows) {
        try (OpenClKernelHost host = OpenClKernelHost.gemm(c.precision(), subRows, tileRows);
                ResidentChunk chunk = host.load(c.data())) {
            return host.accumulate(chunk, c.parameters().parameters());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gemmStatisticsMatchTheCpuReferenceAtLargeD(ConformanceCase c) {
        OpenClKernelHost.assumeDevice();
        SufficientStatistics expected = OpenClKernelHost.cpuStatistics(c);
        // 1001 rows: 20 tiles of 3 sub-tiles of 16, the last tile one of 41 rows
        SufficientStatistics actual = gemm(c, 16, 48);
        assertEquals(expected.rows(), actual.rows(), "rows counted");
        assertTrue(
                actual.differenceFrom(expected).max() <= OpenClKernelHost.tolerance(c.precision()),
                c + ": " + actual.differenceFrom(expected));
    }

    @Test
    void aPassIsTheSameBitForBitEachTime() {
        OpenClKernelHost.assumeDevice();
        ConformanceCase c =
                new ConformanceCase(
                        9, 4, CovarianceType.FULL, Precision.FLOAT, true, 0.0, false, 700, 77);
        assertArrayEquals(gemm(c, 32, 96).pack(), gemm(c, 32, 96).pack());
    }

    @Test
    void aChunkSmallerThanATileTakesATileOfItsOwnSize() {
        OpenClKernelHost.assumeDevice();
        ConformanceCase c =
                new ConformanceCase(
                        40, 6, CovarianceType.FULL, Precision.DOUBLE, true, 0.0, false, 300, 79);
        // 300 rows in tiles of up to 4096: one tile of 320 rows, as a tile of 320 would be
        assertArrayEquals(gemm(c, 64, 320).pack(), gemm(c, 64, 4096).pack());
        SufficientStatistics actual = gemm(c, 64, 4096);
        assertTrue(
                actual.differenceFrom(OpenClKernelHost.cpuStatistics(c)).max() <= 1e-12,
                actual.differenceFrom(OpenClKernelHost.cpuStatistics(c)).toString());
    }

    @Test
    void oneTileAndManyTilesAgree() {
        OpenClKernelHost.assumeDevice();
        ConformanceCase c =
                new ConformanceCase(
                        20, 3, CovarianceType.TIED, Precision.DOUBLE, false, 5.0, false, 500, 78);
        SufficientStatistics whole = gemm(c, 512, 512);
        SufficientStatistics tiled = gemm(c, 8, 24);
        assertTrue(
                tiled.differenceFrom(whole).max() <= 1e-13, tiled.differenceFrom(whole).toString());
    }
}
