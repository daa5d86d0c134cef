/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.spi;

import dev.gmm.data.DataChunk;

/**
 * An open backend. Data goes to it once ({@link #load}); per EM step only the parameters go in and
 * the statistics come back. Implementations must be safe to call from one thread at a time.
 */
public interface ComputeBackend extends AutoCloseable {

    /** What the backend runs on, for summaries and reports. */
    BackendInfo info();

    /** Makes a chunk resident (on a device: copies it there). */
    ResidentChunk load(DataChunk rows);

    /**
     * One statistics pass over a resident chunk under {@code p} (docs/design.md, "The one
     * contract").
     */
    SufficientStatistics accumulate(ResidentChunk chunk, MixtureParameters p);

    /**
     * One statistics pass over rows that are not resident, as a driver streams them when the data
     * is larger than {@link #residentBudgetBytes}. The default loads, accumulates and closes; a
     * device backend may instead copy the rows in slices, overlapping each copy with the statistics
     * of the slice before.
     */
    default SufficientStatistics accumulateStreamed(DataChunk rows, MixtureParameters p) {
        try (ResidentChunk chunk = load(rows)) {
            return accumulate(chunk, p);
        }
    }

    /** Per-row log density, label and, if {@code out} asks for them, responsibilities. */
    void score(ResidentChunk chunk, MixtureParameters p, RowScores out);

    /**
     * Bytes of rows this backend can keep resident at once; a driver streams chunks (load,
     * accumulate, close each step) when the data is larger.
     */
    default long residentBudgetBytes() {
        return Long.MAX_VALUE;
    }

    @Override
    void close();
}
