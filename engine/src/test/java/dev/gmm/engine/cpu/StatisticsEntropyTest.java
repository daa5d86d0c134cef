/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmm.CovarianceType;
import dev.gmm.Precision;
import dev.gmm.data.InMemoryDataSource;
import dev.gmm.engine.conformance.BackendConformanceSuite;
import dev.gmm.engine.conformance.ConformanceCase;
import dev.gmm.engine.data.ArrayChunk;
import dev.gmm.engine.fit.ChunkSet;
import dev.gmm.spi.MixtureParameters;
import dev.gmm.spi.ScoreTotals;
import dev.gmm.spi.SufficientStatistics;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CPU backend's statistics pass gives the rows' entropy with its totals, so a fit's last
 * figures come from it; they must be the scoring pass's, on the vector and the portable kernels.
 */
class StatisticsEntropyTest {

    static Stream<ConformanceCase> cases() {
        Stream<ConformanceCase> twoComponents =
                Stream.of(1, 2, 7, 16)
                        .flatMap(
                                d ->
                                        Stream.of(false, true)
                                                .map(
                                                        weighted ->
                                                                new ConformanceCase(
                                                                        d,
                                                                        2,
                                                                        CovarianceType.FULL,
                                                                        Precision.DOUBLE,
                                                                        weighted,
                                                                        0,
                                                                        false,
                                                                        2000,
                                                                        40 + d)));
        return Stream.concat(BackendConformanceSuite.cases(), twoComponents);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void theStatisticsPassGivesTheScoringPassesEntropyAndLogLikelihood(ConformanceCase c) {
        ArrayChunk rows = c.data();
        double[] x = new double[rows.rows() * c.d()];
        rows.copyRows(0, rows.rows(), x, 0);
        double[] w = null;
        if (rows.weighted()) {
            w = new double[rows.rows()];
            rows.copyWeights(0, rows.rows(), w, 0);
        }
        InMemoryDataSource data = InMemoryDataSource.ofDoubles(c.toString(), x, c.d(), w);
        MixtureParameters p = c.parameters().parameters();
        for (boolean vector :
                CpuBackend.VECTOR_AVAILABLE ? new boolean[] {true, false} : new boolean[] {false}) {
            try (CpuBackend cpu = new CpuBackend(c.precision(), 2, vector);
                    ChunkSet chunks = new ChunkSet(cpu, data)) {
                SufficientStatistics st = chunks.accumulate(p);
                ScoreTotals scored = chunks.scored(p);
                assertTrue(Double.isFinite(st.entropy()), c + " vector=" + vector);
                assertEquals(
                        scored.entropy(),
                        st.entropy(),
                        1e-12 * Math.max(1, Math.abs(scored.entropy())),
                        c + " vector=" + vector);
                assertEquals(
                        scored.logLikelihood(),
                        st.logLikelihood(),
                        1e-12 * Math.abs(scored.logLikelihood()),
                        c + " vector=" + vector);
                assertEquals(scored.totalWeight(), st.totalWeight(), 1e-12 * scored.totalWeight());
                assertEquals(scored.rows(), st.rows());
            }
        }
    }
}
