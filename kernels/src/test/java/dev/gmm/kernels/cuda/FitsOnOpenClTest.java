/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmm.CovarianceType;
import dev.gmm.Precision;
import dev.gmm.data.DataSource;
import dev.gmm.data.InMemoryDataSource;
import dev.gmm.engine.cpu.CpuBackend;
import dev.gmm.engine.fit.EmDriver;
import dev.gmm.engine.fit.FitOptions;
import dev.gmm.engine.fit.FitResult;
import dev.gmm.spi.ComputeBackend;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Whole EM fits through the engine's driver on the PoCL host's opt-in paths: the GEMM statistics
 * pass, and streaming in overlapped slices. Each must give the fit the CPU backend or the resident
 * pass gives, step by step.
 */
class FitsOnOpenClTest {

    /** Three blobs in d dimensions, in chunks of {@code chunkRows}. */
    private static DataSource blobs(int d, int n, long seed, int chunkRows) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] x = new double[n * d];
        for (int i = 0; i < n; i++) {
            int blob = i % 3;
            for (int j = 0; j < d; j++) {
                x[i * d + j] = 3.0 * blob * ((j % 3) - 1) + rnd.nextGaussian() * (1 + 0.3 * blob);
            }
        }
        return InMemoryDataSource.ofDoubles("blobs", x, d, null, chunkRows);
    }

    private static FitResult fit(DataSource data, FitOptions o, ComputeBackend backend) {
        try (backend) {
            return new EmDriver().fit(data, o, backend);
        }
    }

    /** The two fits' lower bounds after every step, to {@code relative}. */
    private static void sameHistory(FitResult expected, FitResult actual, double relative) {
        double[] a = expected.convergence().history();
        double[] b = actual.convergence().history();
        assertEquals(a.length, b.length, "steps");
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], relative * Math.max(1, Math.abs(a[i])), "step " + (i + 1));
        }
    }

    @Test
    void aFitThroughTheGemmPassIsTheCpuBackendsFit() {
        OpenClKernelHost.assumeDevice();
        DataSource data = blobs(40, 1500, 21, 500);
        for (CovarianceType type :
                new CovarianceType[] {CovarianceType.FULL, CovarianceType.TIED}) {
            FitOptions o =
                    FitOptions.of(3)
                            .withCovarianceType(type)
                            .withSeed(5)
                            .withMaxIter(12)
                            .withTol(0);
            FitResult cpu = fit(data, o, new CpuBackend(Precision.DOUBLE, 1));
            FitResult gemm = fit(data, o, OpenClKernelHost.gemm(Precision.DOUBLE, 64, 256));
            sameHistory(cpu, gemm, 1e-10);
        }
    }

    @Test
    void aFitStreamedInSlicesIsTheResidentFit() {
        OpenClKernelHost.assumeDevice();
        DataSource data = blobs(5, 3000, 22, 1000);
        FitOptions o = FitOptions.of(3).withSeed(6).withMaxIter(12).withTol(0);
        FitResult resident = fit(data, o, OpenClKernelHost.open(Precision.DOUBLE));
        FitResult streamed = fit(data, o, OpenClKernelHost.sliced(Precision.DOUBLE, 97));
        assertFalse(resident.data().streaming(), "the plain host keeps the rows");
        assertTrue(streamed.data().streaming(), "the sliced host streams every chunk");
        sameHistory(resident, streamed, 1e-12);
    }
}
