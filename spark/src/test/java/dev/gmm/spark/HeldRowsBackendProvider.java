/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.spark;

import dev.gmm.engine.conformance.CountingBackend;
import dev.gmm.engine.cpu.CpuBackend;
import dev.gmm.spi.Availability;
import dev.gmm.spi.BackendOptions;
import dev.gmm.spi.BackendProvider;
import dev.gmm.spi.ComputeBackend;
import dev.gmm.spi.MixtureParameters;
import dev.gmm.spi.ResidentChunk;
import dev.gmm.spi.SufficientStatistics;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test backends that behave as device ones do for the Spark executors (a finite resident budget)
 * and count the chunks loaded into them and released ({@link CountingBackend}); the arithmetic is
 * the CPU backend's. Ranked below every real backend, so {@code auto} never picks them.
 */
public class HeldRowsBackendProvider implements BackendProvider {

    static final String NAME = "held-rows-test";

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

    /** Every backend this provider opened, so a test can add up their counts. */
    static final List<CountingBackend> OPENED = new CopyOnWriteArrayList<>();

    static int loads() {
        return OPENED.stream().mapToInt(b -> b.loads.get()).sum();
    }

    static int releases() {
        return OPENED.stream().mapToInt(b -> b.closes.get()).sum();
    }

    @Override
    public ComputeBackend open(BackendOptions options) {
        CpuBackend cpu = new CpuBackend(options.precision(), Math.max(1, options.threads()));
        CountingBackend b =
                entropy()
                        ? new CountingBackend(cpu, 1L << 30)
                        : new CountingBackend(cpu, 1L << 30) {
                            @Override
                            public SufficientStatistics accumulate(
                                    ResidentChunk chunk, MixtureParameters p) {
                                // the packed totals are L, W, rows, entropy, rows with an entropy
                                double[] packed = super.accumulate(chunk, p).pack();
                                packed[3] = 0;
                                packed[4] = 0;
                                return SufficientStatistics.unpack(p, packed);
                            }
                        };
        OPENED.add(b);
        return b;
    }
}
