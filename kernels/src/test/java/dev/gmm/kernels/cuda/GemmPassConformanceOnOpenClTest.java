/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.kernels.cuda;

import dev.gmm.Precision;
import dev.gmm.engine.conformance.BackendConformanceSuite;
import dev.gmm.spi.ComputeBackend;

/**
 * The conformance suite on the CUDA kernels as OpenCL C with the GEMM statistics pass for full and
 * tied covariances ({@link GemmPass}, tiles of 256 rows in sub-tiles of 64, a Java BLAS).
 */
class GemmPassConformanceOnOpenClTest extends BackendConformanceSuite {

    @Override
    protected ComputeBackend open(Precision precision) {
        OpenClKernelHost.assumeDevice();
        return OpenClKernelHost.gemm(precision, 64, 256);
    }

    @Override
    protected double tolerance(Precision precision) {
        return OpenClKernelHost.tolerance(precision);
    }
}
