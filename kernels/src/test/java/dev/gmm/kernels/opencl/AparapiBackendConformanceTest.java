/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.kernels.opencl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmm.Precision;
import dev.gmm.engine.conformance.BackendConformanceSuite;
import dev.gmm.spi.Availability;
import dev.gmm.spi.BackendOptions;
import dev.gmm.spi.ComputeBackend;
import org.junit.jupiter.api.Assumptions;

/**
 * The OpenCL backend against the CPU reference. Skips, saying why, where there is no OpenCL device;
 * fails instead when the system property gmm.require.opencl is set (CI installs PoCL and sets it,
 * so the kernels are really executed there).
 */
class AparapiBackendConformanceTest extends BackendConformanceSuite {

    private static Availability availability;

    static Availability availability() {
        if (availability == null) {
            availability = new AparapiBackendProvider().probe();
        }
        return availability;
    }

    static boolean required() {
        String v = System.getProperty("gmm.require.opencl", "");
        return v.equals("1") || v.equalsIgnoreCase("true");
    }

    /** Skips (or, where OpenCL is required, fails) when no OpenCL device is available. */
    static void assumeOpenCl() {
        Availability a = availability();
        if (required()) {
            assertTrue(
                    a.available(),
                    "OpenCL is required here (gmm.require.opencl) but: " + a.summary());
        }
        Assumptions.assumeTrue(a.available(), () -> "no OpenCL device: " + a.summary());
    }

    @Override
    protected ComputeBackend open(Precision precision) {
        assumeOpenCl();
        return new AparapiBackendProvider().open(new BackendOptions(precision, 0, null));
    }

    @Override
    protected double tolerance(Precision precision) {
        // measured on PoCL 3.1 over the suite: at most 1.2e-14 in double, 2.7e-5 in float
        // (near-singular tied)
        return precision == Precision.DOUBLE ? 1e-12 : 1e-4;
    }
}
