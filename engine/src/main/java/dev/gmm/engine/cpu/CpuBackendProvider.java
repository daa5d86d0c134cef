/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.engine.cpu;

import dev.gmm.spi.Availability;
import dev.gmm.spi.BackendOptions;
import dev.gmm.spi.BackendProvider;
import dev.gmm.spi.ComputeBackend;
import java.util.List;

/** The pure-Java backend: always available, ranked below a GPU and above OpenCL on a CPU. */
public final class CpuBackendProvider implements BackendProvider {

    public static final String NAME = "cpu";
    public static final int RANK = 100;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int rank() {
        return RANK;
    }

    @Override
    public Availability probe() {
        int cores = Runtime.getRuntime().availableProcessors();
        long heap = Runtime.getRuntime().maxMemory() >> 20;
        return Availability.available(
                "pure Java, float and double",
                List.of(
                        "Java "
                                + Runtime.version()
                                + ", "
                                + cores
                                + " processors, heap up to "
                                + heap
                                + " MiB"));
    }

    @Override
    public ComputeBackend open(BackendOptions options) {
        return new CpuBackend(options.precision(), options.threads());
    }
}
