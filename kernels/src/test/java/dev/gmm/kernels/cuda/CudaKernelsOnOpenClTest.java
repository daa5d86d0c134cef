/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.kernels.cuda;

import static org.junit.jupiter.api.Assertions.fail;

import dev.gmm.Precision;
import dev.gmm.engine.conformance.BackendConformanceSuite;
import dev.gmm.spi.ComputeBackend;
import org.junit.jupiter.api.Assumptions;

/**
 * The CUDA kernel source, compiled as OpenCL C and launched as the CUDA backend launches it,
 * against the CPU reference on every conformance case. This is how CI checks the CUDA kernels'
 * arithmetic (and portable.h) without an NVIDIA GPU: on PoCL.
 *
 * <p>Without an OpenCL device the cases skip, saying why; with the system property {@code
 * gmm.require.opencl} set to 1 or true (CI sets GMM_REQUIRE_OPENCL), they fail instead.
 *
 * <p>Tolerances, in the suite's scaled differences. Double 1e-12: the kernels only regroup the sums
 * (per tile, per block, then across blocks), and on PoCL the worst case differs by 1.2e-14. Float
 * 2e-4: on PoCL the worst statistics differ by 2.7e-5, responsibilities by 4.5e-5 and log densities
 * by 7e-6 relative, all in near-singular cases. Rounding the rows' offsets from the means and the
 * precision factors to float (eps 6e-8) is amplified in y = P^T (x - mu) by the factor's condition
 * number, a few hundred there. The margin leaves room for a GPU's own exp and log and its fused
 * multiply-adds.
 */
class CudaKernelsOnOpenClTest extends BackendConformanceSuite {

    @Override
    protected ComputeBackend open(Precision precision) {
        OpenClKernelHost.Device device = OpenClKernelHost.device();
        if (device.missing() != null) {
            String property = System.getProperty("gmm.require.opencl", "");
            if (property.equals("1") || property.equalsIgnoreCase("true")) {
                fail("gmm.require.opencl is set, but " + device.missing());
            }
            Assumptions.abort("the CUDA kernels run here as OpenCL C, and " + device.missing());
        }
        return OpenClKernelHost.open(precision);
    }

    @Override
    protected double tolerance(Precision precision) {
        return precision == Precision.DOUBLE ? 1e-12 : 2e-4;
    }
}
