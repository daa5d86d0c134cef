/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KernelSourceTest {

    @Test
    void sourceCarriesItsHeaderInPlaceOfTheInclude() {
        String text = KernelSource.text();
        assertFalse(text.contains("#include \"portable.h\""));
        assertTrue(
                text.indexOf("#define GMM_PORTABLE_H")
                        < text.indexOf("KERNEL void gmm_statistics"));
    }

    @Test
    void ptxHeaderGivesTheCudaReleaseAndTheOldestGpuItRunsOn() {
        KernelSource.Ptx ptx =
                KernelSource.Ptx.parse(
                        "//\n// Cuda compilation tools, release 13.0, V13.0.88\n"
                                + "// Based on NVVM 7.0.1\n//\n\n.version 9.0\n.target sm_75\n.address_size 64\n");
        assertEquals(13000, ptx.cudaVersion());
        assertEquals(7, ptx.major());
        assertEquals(5, ptx.minor());
        assertEquals("compute_75", ptx.architecture());
        KernelSource.Ptx blackwell =
                KernelSource.Ptx.parse(
                        "// Cuda compilation tools, release 12.8, V12.8.61\n.target sm_100\n");
        assertEquals(12080, blackwell.cudaVersion());
        assertEquals(10, blackwell.major());
        assertEquals(0, blackwell.minor());
    }

    /**
     * The committed PTX is the jar's for every build; it must come from the kernel source as it is
     * now.
     */
    @Test
    void theShippedPtxWasMadeFromTheCurrentKernelSource() throws Exception {
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        sha.update(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("src/main/cuda/gmm.cu")));
        sha.update(
                java.nio.file.Files.readAllBytes(
                        java.nio.file.Path.of("src/main/cuda/portable.h")));
        String now = java.util.HexFormat.of().formatHex(sha.digest());
        String made =
                java.nio.file.Files.readString(java.nio.file.Path.of("src/main/ptx/gmm-ptx.sha256"))
                        .strip();
        assertEquals(
                now,
                made,
                "gmm.cu or portable.h changed since the PTX was made: run mvn -Pnvcc -pl kernels"
                        + " generate-resources where nvcc is installed, and commit src/main/ptx");
        for (dev.gmm.Precision p : dev.gmm.Precision.values()) {
            assertTrue(KernelSource.ptx(p).isPresent(), "the jar carries the " + p.id() + " PTX");
        }
    }
}
