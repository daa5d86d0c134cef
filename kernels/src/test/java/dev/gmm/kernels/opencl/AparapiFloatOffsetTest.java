/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.kernels.opencl;

import dev.gmm.Precision;
import dev.gmm.data.InMemoryDataSource;
import dev.gmm.engine.fit.FloatOffsetTest;
import org.junit.jupiter.api.Test;

/** The OpenCL backend in float on data at 1e9 + N(0, 1): the offset reaches the device too. */
class AparapiFloatOffsetTest {

    @Test
    void farDataFitsInFloatOnOpenClAsInDouble() {
        AparapiBackendConformanceTest.assumeOpenCl();
        try (AparapiBackend b =
                new AparapiBackend(
                        OpenClDevices.select(OpenClDevices.list(), null), Precision.FLOAT)) {
            FloatOffsetTest.assertFloatFitsLikeDouble(
                    InMemoryDataSource.ofDoubles("far", FloatOffsetTest.farRows(), 2, null), b);
        }
    }
}
