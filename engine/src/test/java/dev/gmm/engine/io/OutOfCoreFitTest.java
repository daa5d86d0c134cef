/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.engine.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An NPY file several times larger than the heap is fitted chunk by chunk: a JVM with {@code
 * -Xmx32m} fits a 160 MB file and gets the lower bound the test's own JVM gets.
 */
class OutOfCoreFitTest {

    private static final int HEAP_MB = 32;

    @TempDir Path dir;

    @Test
    void fileFourTimesTheHeapIsFittedInAForkedJvm() throws IOException, InterruptedException {
        Path file = dir.resolve("big.npy");
        OutOfCoreFit.writeMixture(file, 2_500_000, 8);
        long size = Files.size(file);
        assertTrue(
                size >= 4L * HEAP_MB << 20,
                "the file (" + size + " bytes) must be at least 4x the heap");
        double forked = OutOfCoreFit.forked(OutOfCoreFit.class, file, HEAP_MB);
        double here = OutOfCoreFit.fit(file);
        assertEquals(here, forked, 1e-9 * Math.abs(here));
    }
}
