/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.spi;

import dev.gmm.CovarianceType;
import dev.gmm.GaussianMixtureModel;
import dev.gmm.InitMethod;
import dev.gmm.Precision;
import dev.gmm.data.DataSource;
import dev.gmm.data.RowSampler;
import dev.gmm.engine.MaximizationStep;
import dev.gmm.engine.cpu.CpuBackend;
import dev.gmm.engine.fit.ChunkSet;
import dev.gmm.engine.fit.Initializer;
import java.util.SplittableRandom;

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

    /** One scoring pass under {@code p}: the log-likelihood and the responsibilities' entropy. */
    public ScoreTotals scored(MixtureParameters p) {
        return chunks.scored(p);
    }

    /**
     * One whole step from {@code start}: the pass and the M-step; returns the pass's statistics.
     */
    public SufficientStatistics run(GaussianMixtureModel start, double regCovar) {
        SufficientStatistics st = chunks.accumulate(start.parameters());
        MaximizationStep.apply(st, start, regCovar, "EM step");
        return st;
    }

    /**
     * The M-step: the model the statistics (computed under {@code previous}) lead to, with {@code
     * regCovar} on the diagonals. A component that received almost no weight keeps its previous
     * mean and covariance and is listed in {@link Maximized#emptied}.
     */
    public static Maximized maximize(
            SufficientStatistics st, GaussianMixtureModel previous, double regCovar) {
        MaximizationStep.Outcome o = MaximizationStep.apply(st, previous, regCovar, "EM step");
        return new Maximized(o.model(), o.emptied());
    }

    /**
     * What an M-step made.
     *
     * @param model the new model
     * @param emptied the components (ascending) that received almost no weight and kept their
     *     parameters
     */
    public record Maximized(GaussianMixtureModel model, int[] emptied) {
        /** A result; the list is copied. */
        public Maximized {
            emptied = emptied.clone();
        }

        /** The emptied components, a copy. */
        @Override
        public int[] emptied() {
            return emptied.clone();
        }
    }

    /**
     * A starting model from a sample of rows, as a fit makes one: {@code method} with its random
     * choices seeded by {@code seed}; the sample is checked for scale first.
     */
    public static GaussianMixtureModel initialize(
            DataSource sample,
            int k,
            CovarianceType type,
            InitMethod method,
            double regCovar,
            long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Initializer init =
                new Initializer(
                        RowSampler.sample(sample, Integer.MAX_VALUE - 8, rng.split()),
                        sample.name(),
                        true);
        init.checkScale(sample.columns(), regCovar, Precision.DOUBLE);
        return init.initialize(method, k, type, regCovar, rng);
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
