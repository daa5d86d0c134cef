/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.kernels.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmm.engine.io.OutOfCoreFit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenCL backend judges residency against the Java heap as well as the device: a file four
 * times the heap, in chunks of 8 MiB, is streamed rather than held (each resident chunk has a heap
 * copy), and the fit in a {@code -Xmx32m} JVM gets the lower bound of this JVM's.
 */
class OpenClOutOfCoreFitTest {

    private static final int HEAP_MB = 32;

    @TempDir Path dir;

    @Test
    void fileFourTimesTheHeapIsFittedOnOpenClInAForkedJvm()
            throws IOException, InterruptedException {
        AparapiBackendConformanceTest.assumeOpenCl();
        Path file = dir.resolve("big.npy");
        OutOfCoreFit.writeMixture(file, 4_500_000, 4);
        assertTrue(Files.size(file) >= 4L * HEAP_MB << 20, "the file must be 4x the heap");
        double forked = OutOfCoreFit.forked(OpenClOutOfCoreFit.class, file, HEAP_MB);
        double here = OpenClOutOfCoreFit.fit(file);
        assertEquals(here, forked, 1e-9 * Math.abs(here));
    }
}
