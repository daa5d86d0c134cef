/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.kernels.cuda;

import dev.gmm.Precision;
import dev.gmm.engine.conformance.BackendConformanceSuite;
import dev.gmm.spi.Availability;
import dev.gmm.spi.BackendOptions;
import dev.gmm.spi.ComputeBackend;
import org.junit.jupiter.api.Assumptions;

/**
 * The CUDA backend on the first usable GPU against the CPU reference; where there is none, each
 * case skips with the probe's reason. Tolerances as for the same kernels on OpenCL ({@link
 * CudaKernelsOnOpenClTest} says why).
 */
class CudaBackendConformanceTest extends BackendConformanceSuite {

    @Override
    protected ComputeBackend open(Precision precision) {
        CudaBackendProvider provider = new CudaBackendProvider();
        Availability a = provider.probe();
        Assumptions.assumeTrue(a.available(), () -> "no CUDA here: " + a.summary());
        return provider.open(BackendOptions.defaults(precision));
    }

    @Override
    protected double tolerance(Precision precision) {
        return precision == Precision.DOUBLE ? 1e-12 : 2e-4;
    }
}
