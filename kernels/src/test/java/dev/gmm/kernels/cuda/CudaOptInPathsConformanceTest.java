/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.kernels.cuda;

import dev.gmm.CovarianceType;
import dev.gmm.Precision;
import dev.gmm.engine.conformance.BackendConformanceSuite;
import dev.gmm.engine.conformance.ConformanceCase;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The CUDA backend's opt-in paths on a GPU against the CPU reference: the cuBLAS GEMM pass (the
 * suite's full and tied cases at d = 64) and the tiled kernels with opt-in shared memory (K = 64 at
 * d <= 16). They have passed on PoCL ({@link GemmPassOnOpenClTest}, {@link
 * TiledKernelsOnOpenClTest}); this is their check on a GPU, which the GPU bundle runs. Without one,
 * each case skips with the probe's reason.
 */
class CudaOptInPathsConformanceTest extends CudaBackendConformanceTest {

    /** The cases, hiding the suite's own: JUnit finds this method first. */
    public static Stream<ConformanceCase> cases() {
        List<ConformanceCase> out = new ArrayList<>();
        BackendConformanceSuite.cases()
                .filter(c -> c.d() == 64 && c.type().needsCrossMoments())
                .forEach(out::add);
        long seed = 700;
        for (int d : new int[] {3, 8, 16}) {
            for (CovarianceType type :
                    new CovarianceType[] {CovarianceType.FULL, CovarianceType.TIED}) {
                for (Precision precision : Precision.values()) {
                    out.add(
                            new ConformanceCase(
                                    d, 64, type, precision, d == 8, 0.0, false, 3001, seed++));
                }
            }
        }
        return out.stream();
    }

    @BeforeAll
    static void optIn() {
        System.setProperty(KernelPlan.CUBLAS_PROPERTY, "true");
        System.setProperty(KernelPlan.SHARED_OPT_IN_PROPERTY, "true");
    }

    @AfterAll
    static void optOut() {
        System.clearProperty(KernelPlan.CUBLAS_PROPERTY);
        System.clearProperty(KernelPlan.SHARED_OPT_IN_PROPERTY);
    }
}
