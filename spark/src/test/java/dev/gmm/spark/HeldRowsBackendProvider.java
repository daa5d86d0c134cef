/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.spark;

import dev.gmm.data.DataChunk;
import dev.gmm.engine.cpu.CpuBackend;
import dev.gmm.spi.Availability;
import dev.gmm.spi.BackendInfo;
import dev.gmm.spi.BackendOptions;
import dev.gmm.spi.BackendProvider;
import dev.gmm.spi.ComputeBackend;
import dev.gmm.spi.MixtureParameters;
import dev.gmm.spi.ResidentChunk;
import dev.gmm.spi.RowScores;
import dev.gmm.spi.SufficientStatistics;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test backend that behaves as a device one does for the Spark executors (a finite resident
 * budget) and counts the chunks loaded into it and released; the arithmetic is the CPU backend's.
 * Ranked below every real backend, so {@code auto} never picks it.
 */
public class HeldRowsBackendProvider implements BackendProvider {

    static final String NAME = "held-rows-test";
    static final AtomicInteger LOADS = new AtomicInteger();
    static final AtomicInteger RELEASES = new AtomicInteger();

    /**
     * The same backend without the entropy in its statistics, as the CUDA and OpenCL backends give
     * them: a fit then ends on a scoring pass.
     */
    public static final class WithoutEntropy extends HeldRowsBackendProvider {
        static final String NAME = "held-rows-no-entropy-test";

        @Override
        public String name() {
            return NAME;
        }

        @Override
        boolean entropy() {
            return false;
        }
    }

    boolean entropy() {
        return true;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int rank() {
        return -1;
    }

    @Override
    public Availability probe() {
        return Availability.available("the cpu backend, counting its loads, for tests", List.of());
    }

    @Override
    public ComputeBackend open(BackendOptions options) {
        return new Counting(
                new CpuBackend(options.precision(), Math.max(1, options.threads())), entropy());
    }

    /** The cpu backend's chunk, counting its release. */
    private static final class Counted implements ResidentChunk {
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
            RELEASES.incrementAndGet();
            inner.close();
        }
    }

    private static final class Counting implements ComputeBackend {
        private final CpuBackend cpu;
        private final boolean entropy;

        Counting(CpuBackend cpu, boolean entropy) {
            this.cpu = cpu;
            this.entropy = entropy;
        }

        @Override
        public BackendInfo info() {
            return cpu.info();
        }

        @Override
        public long residentBudgetBytes() {
            return 1L << 30;
        }

        @Override
        public ResidentChunk load(DataChunk rows) {
            LOADS.incrementAndGet();
            return new Counted(cpu.load(rows));
        }

        @Override
        public SufficientStatistics accumulate(ResidentChunk chunk, MixtureParameters p) {
            SufficientStatistics st = cpu.accumulate(unwrap(chunk), p);
            if (entropy) {
                return st;
            }
            // the packed totals are L, W, rows, entropy, rows with an entropy
            double[] packed = st.pack();
            packed[3] = 0;
            packed[4] = 0;
            return SufficientStatistics.unpack(p, packed);
        }

        @Override
        public void score(ResidentChunk chunk, MixtureParameters p, RowScores out) {
            cpu.score(unwrap(chunk), p, out);
        }

        private static ResidentChunk unwrap(ResidentChunk chunk) {
            return ((Counted) chunk).inner;
        }

        @Override
        public void close() {
            cpu.close();
        }
    }
}
