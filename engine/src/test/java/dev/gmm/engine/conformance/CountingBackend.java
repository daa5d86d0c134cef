/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.engine.conformance;

import dev.gmm.data.DataChunk;
import dev.gmm.spi.BackendInfo;
import dev.gmm.spi.ComputeBackend;
import dev.gmm.spi.MixtureParameters;
import dev.gmm.spi.ResidentChunk;
import dev.gmm.spi.RowScores;
import dev.gmm.spi.SufficientStatistics;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * For tests: delegates to a backend, with a resident budget of its own, and counts the chunks
 * loaded and released and the streamed passes. A device backend's finite budget makes a driver
 * stream or hold rows as it would on a GPU.
 */
public class CountingBackend implements ComputeBackend {

    private final ComputeBackend delegate;
    private final long budget;

    /** Chunks loaded, released, and passes over rows not held. */
    public final AtomicInteger loads = new AtomicInteger();

    public final AtomicInteger closes = new AtomicInteger();
    public final AtomicInteger streamedPasses = new AtomicInteger();

    public CountingBackend(ComputeBackend delegate, long budget) {
        this.delegate = delegate;
        this.budget = budget;
    }

    @Override
    public BackendInfo info() {
        return delegate.info();
    }

    @Override
    public ResidentChunk load(DataChunk rows) {
        loads.incrementAndGet();
        return new Counted(delegate.load(rows));
    }

    /** The delegate's chunk, counting its release. */
    private final class Counted implements ResidentChunk {
        final ResidentChunk inner;

        Counted(ResidentChunk inner) {
            this.inner = inner;
        }

        @Override
        public int rows() {
            return inner.rows();
        }

        @Override
        public void close() {
            closes.incrementAndGet();
            inner.close();
        }
    }

    @Override
    public SufficientStatistics accumulate(ResidentChunk chunk, MixtureParameters p) {
        return delegate.accumulate(((Counted) chunk).inner, p);
    }

    @Override
    public SufficientStatistics accumulateStreamed(DataChunk rows, MixtureParameters p) {
        streamedPasses.incrementAndGet();
        return ComputeBackend.super.accumulateStreamed(rows, p);
    }

    @Override
    public void score(ResidentChunk chunk, MixtureParameters p, RowScores out) {
        delegate.score(((Counted) chunk).inner, p, out);
    }

    @Override
    public long residentBudgetBytes() {
        return budget;
    }

    @Override
    public void close() {
        delegate.close();
    }
}
