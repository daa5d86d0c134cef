/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.engine.fit;

import dev.gmm.Precision;
import dev.gmm.data.DataSource;
import dev.gmm.spi.MixtureParameters;
import dev.gmm.spi.RowScores;
import dev.gmm.spi.ScoreTotals;
import dev.gmm.spi.SufficientStatistics;
import java.util.function.ObjLongConsumer;

/**
 * A model's batch work on a backend chosen by name: one statistics pass, or the rows' scores chunk
 * by chunk, each on a backend opened for the call and closed after it.
 */
public final class Batch {

    private Batch() {}

    /** One statistics pass of {@code p} over {@code data}. */
    public static SufficientStatistics statistics(
            MixtureParameters p,
            DataSource data,
            String backend,
            Precision precision,
            String device,
            int threads) {
        return onChunks(data, backend, precision, device, threads, c -> c.accumulate(p));
    }

    /** One scoring pass of {@code p} over {@code data}; see {@link ChunkSet#scored}. */
    public static ScoreTotals scored(
            MixtureParameters p,
            DataSource data,
            String backend,
            Precision precision,
            String device,
            int threads) {
        return onChunks(data, backend, precision, device, threads, c -> c.scored(p));
    }

    /** {@code work} on {@code data} loaded onto a backend opened for the call and closed after. */
    private static <T> T onChunks(
            DataSource data,
            String backend,
            Precision precision,
            String device,
            int threads,
            java.util.function.Function<ChunkSet, T> work) {
        try (OpenBackend b = OpenBackend.open(backend, precision, device, threads);
                ChunkSet chunks = new ChunkSet(b.backend(), data)) {
            return work.apply(chunks);
        }
    }

    /**
     * Scores every chunk of {@code data} in order and hands each chunk's scores to {@code sink}
     * with the index of its first row; responsibilities only when asked for.
     */
    public static void score(
            MixtureParameters p,
            DataSource data,
            String backend,
            Precision precision,
            String device,
            int threads,
            boolean responsibilities,
            ObjLongConsumer<RowScores> sink) {
        try (OpenBackend b = OpenBackend.open(backend, precision, device, threads);
                ChunkSet chunks = new ChunkSet(b.backend(), data)) {
            long[] first = {0};
            chunks.score(
                    p,
                    responsibilities,
                    (scores, index) -> {
                        sink.accept(scores, first[0]);
                        first[0] += scores.rows();
                    });
        }
    }
}
