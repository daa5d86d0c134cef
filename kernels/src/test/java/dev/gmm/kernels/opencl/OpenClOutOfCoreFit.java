/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.kernels.opencl;

import dev.gmm.Precision;
import dev.gmm.data.DataOptions;
import dev.gmm.engine.io.OutOfCoreFit;
import java.nio.file.Path;

/**
 * {@link OutOfCoreFit}'s fit on the default OpenCL device in double; {@link OpenClOutOfCoreFitTest}
 * runs it in a JVM whose heap is much smaller than the file.
 */
public final class OpenClOutOfCoreFit {

    static final int CHUNK_ROWS = 1 << 18;

    private OpenClOutOfCoreFit() {}

    public static void main(String[] args) {
        System.out.println(fit(Path.of(args[0])));
    }

    static double fit(Path file) {
        try (AparapiBackend backend =
                new AparapiBackend(
                        OpenClDevices.select(OpenClDevices.list(), null), Precision.DOUBLE)) {
            // chunks of 8 MiB, so that one streamed chunk's heap copy fits a small heap
            return OutOfCoreFit.fit(
                    file, backend, DataOptions.defaults().withChunkRows(CHUNK_ROWS));
        }
    }
}
