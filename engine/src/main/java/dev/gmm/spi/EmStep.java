/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.spi;

import dev.gmm.GaussianMixtureModel;
import dev.gmm.Precision;
import dev.gmm.data.DataSource;
import dev.gmm.engine.MaximizationStep;
import dev.gmm.engine.cpu.CpuBackend;
import dev.gmm.engine.fit.ChunkSet;

/**
 * One EM step on an open backend, as a fit runs it: a statistics pass over every chunk (rows loaded
 * once, as the driver loads them), then the M-step on the host. For benchmarks and for authors
 * checking a backend against the CPU reference; closing it releases the rows.
 */
public final class EmStep implements AutoCloseable {

    private final ChunkSet chunks;

    /** Loads {@code data} onto {@code backend} (resident when it fits the backend's budget). */
    public EmStep(ComputeBackend backend, DataSource data) {
        this.chunks = new ChunkSet(backend, data);
    }

    /** The statistics of one pass under {@code p}, merged over chunks in order. */
    public SufficientStatistics statistics(MixtureParameters p) {
        return chunks.accumulate(p);
    }

    /**
     * One whole step from {@code start}: the pass and the M-step; returns the pass's statistics.
     */
    public SufficientStatistics run(GaussianMixtureModel start, double regCovar) {
        SufficientStatistics st = chunks.accumulate(start.parameters());
        MaximizationStep.apply(st, start, regCovar, "EM step");
        return st;
    }

    /** The CPU reference's statistics in double for {@code p} over {@code data}. */
    public static SufficientStatistics reference(DataSource data, MixtureParameters p) {
        try (CpuBackend cpu = new CpuBackend(Precision.DOUBLE, 0);
                ChunkSet c = new ChunkSet(cpu, data)) {
            return c.accumulate(p);
        }
    }

    @Override
    public void close() {
        chunks.close();
    }
}
