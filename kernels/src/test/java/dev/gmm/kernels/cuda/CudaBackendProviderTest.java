/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmm.GmmException;
import dev.gmm.spi.Availability;
import dev.gmm.spi.BackendRegistry;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class CudaBackendProviderTest {

    @Test
    void isFoundOnTheClassPathAsCuda() {
        assertTrue(BackendRegistry.load().names().contains("cuda"));
    }

    @Test
    void probeAnswersInOneLineWithoutThrowing() {
        Availability a = new CudaBackendProvider().probe();
        assertFalse(a.summary().isBlank());
        assertFalse(a.summary().contains("\n"), a.summary());
        assertEquals(a.available(), !a.devices().isEmpty());
    }

    @Test
    void askingForCudaWhereItCannotRunIsABackendErrorCarryingTheProbesReason() {
        Availability a = new CudaBackendProvider().probe();
        Assumptions.assumeFalse(a.available(), "CUDA runs here");
        GmmException e =
                assertThrows(GmmException.class, () -> BackendRegistry.load().select("cuda"));
        assertEquals(GmmException.Category.BACKEND, e.category());
        assertTrue(e.getMessage().contains(a.summary()), e.getMessage());
    }

    @Test
    void aMissingDriverLibraryIsToldAsAMissingDriver() {
        UnsatisfiedLinkError e =
                new UnsatisfiedLinkError(
                        "Error while loading native library \"JCudaDriver-12.0.0-linux-x86_64\"\n"
                                + "java.lang.UnsatisfiedLinkError: /tmp/libJCudaDriver-12.0.0-linux-x86_64.so: libcuda.so.1: "
                                + "cannot open shared object file: No such file or directory");
        String why = CudaEnvironment.whyNativeFailed(e);
        assertTrue(why.startsWith("no NVIDIA driver here (libcuda.so.1 was not found)"), why);
    }

    @Test
    void aDriverWithoutACuda12FunctionIsToldAsAnOldDriver() {
        String why =
                CudaEnvironment.whyNativeFailed(
                        new UnsatisfiedLinkError(
                                "/tmp/libJCudaDriver-12.0.0-linux-x86_64.so: undefined symbol: cuLibraryLoadData"));
        assertTrue(why.contains("install driver 525 or later"), why);
    }

    @Test
    void aMissingNvrtcIsNamed() {
        String why =
                CudaEnvironment.whyNativeFailed(
                        new UnsatisfiedLinkError(
                                "/tmp/libJNvrtc-12.0.0-linux-x86_64.so: libnvrtc.so.12: cannot open shared object file: No such file or directory"));
        assertEquals("libnvrtc.so.12 was not found", why);
    }
}
