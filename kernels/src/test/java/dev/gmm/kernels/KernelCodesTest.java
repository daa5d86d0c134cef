/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gmm.CovarianceType;
import dev.gmm.engine.CovarianceLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The numbers the kernels give the covariance types are the ones the host sends: read from the
 * kernel sources themselves, not from an enum's order.
 */
class KernelCodesTest {

    private static int constant(String source, String pattern) {
        Matcher m = Pattern.compile(pattern).matcher(source);
        if (!m.find()) {
            throw new AssertionError("no " + pattern + " in the kernel source");
        }
        return Integer.parseInt(m.group(1));
    }

    @Test
    void theCudaKernelsTypeCodesAreTheHosts() throws IOException {
        String cu = Files.readString(Path.of("src/main/cuda/gmm.cu"));
        for (CovarianceType t : CovarianceType.values()) {
            assertEquals(
                    constant(cu, "#define GMM_" + t.name() + " (\\d+)"),
                    CovarianceLayout.kernelCode(t),
                    t.id());
        }
    }

    @Test
    void theOpenClKernelsPrecisionFormsAreTheHosts() throws IOException {
        String kernel =
                Files.readString(
                        Path.of(
                                "src/main/kernel-templates/dev/gmm/kernels/opencl/RealStatisticsKernel.java.in"));
        int cross = constant(kernel, "static final int CROSS = (\\d+);");
        int diagonal = constant(kernel, "static final int DIAGONAL = (\\d+);");
        assertEquals(cross, CovarianceLayout.precisionForm(CovarianceType.FULL));
        assertEquals(cross, CovarianceLayout.precisionForm(CovarianceType.TIED));
        assertEquals(diagonal, CovarianceLayout.precisionForm(CovarianceType.DIAG));
        int spherical = CovarianceLayout.precisionForm(CovarianceType.SPHERICAL);
        assertEquals(
                false,
                spherical == cross || spherical == diagonal,
                "spherical has a form of its own");
    }
}
