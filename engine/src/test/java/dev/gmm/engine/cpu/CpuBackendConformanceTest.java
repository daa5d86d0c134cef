/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.engine.cpu;

import dev.gmm.Precision;
import dev.gmm.engine.conformance.BackendConformanceSuite;
import dev.gmm.spi.ComputeBackend;

/**
 * The CPU backend on three threads against the reference on one: partitions do not depend on the
 * thread count, so the results must be identical; float storage of float-representable rows changes
 * nothing either, since the arithmetic is in double.
 */
class CpuBackendConformanceTest extends BackendConformanceSuite {

    @Override
    protected ComputeBackend open(Precision precision) {
        return new CpuBackend(precision, 3);
    }

    @Override
    protected double tolerance(Precision precision) {
        return 0.0;
    }
}
