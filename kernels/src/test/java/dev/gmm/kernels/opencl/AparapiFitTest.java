/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.kernels.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aparapi.device.OpenCLDevice;
import dev.gmm.CovarianceType;
import dev.gmm.GaussianMixtureModel;
import dev.gmm.Precision;
import dev.gmm.data.InMemoryDataSource;
import dev.gmm.engine.cpu.CpuBackend;
import dev.gmm.engine.fit.EmDriver;
import dev.gmm.engine.fit.FitOptions;
import dev.gmm.engine.fit.FitResult;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Whole fits on the OpenCL backend: verified against the CPU reference, resident or streamed. */
class AparapiFitTest {

    private static final GaussianMixtureModel TRUTH =
            GaussianMixtureModel.of(
                    CovarianceType.FULL,
                    new double[] {0.3, 0.45, 0.25},
                    new double[][] {{0, 0, 0}, {4, 1, -2}, {-3, 5, 2}},
                    new double[][] {
                        {1, 0.3, 0, 0.3, 1, 0.2, 0, 0.2, 1},
                        {2, 0, 0, 0, 0.5, 0, 0, 0, 1},
                        {1, -0.4, 0, -0.4, 1, 0, 0, 0, 0.3}
                    });

    private double[] rows;

    @BeforeEach
    void data() {
        AparapiBackendConformanceTest.assumeOpenCl();
        SplittableRandom rng = new SplittableRandom(4);
        rows = new double[5000 * 3];
        double[] row = new double[3];
        for (int i = 0; i < 5000; i++) {
            TRUTH.sample(rng, row);
            System.arraycopy(row, 0, rows, i * 3, 3);
        }
    }

    /** The default device; a budget of 0 keeps the device's own. */
    private static AparapiBackend open(Precision p, long budget) {
        OpenCLDevice device = OpenClDevices.select(OpenClDevices.list(), null);
        return budget > 0 ? new AparapiBackend(device, p, budget) : new AparapiBackend(device, p);
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void aVerifiedFitAgreesWithTheCpuAndNamesTheDevice(Precision precision) {
        FitOptions o = FitOptions.of(3).withSeed(1).withVerify(true, 0, 0);
        FitResult gpu;
        try (AparapiBackend b = open(precision, 0)) {
            gpu = new EmDriver().fit(InMemoryDataSource.ofDoubles("three", rows, 3, null), o, b);
        }
        FitResult cpu;
        try (CpuBackend b = new CpuBackend(Precision.DOUBLE, 0)) {
            cpu =
                    new EmDriver()
                            .fit(
                                    InMemoryDataSource.ofDoubles("three", rows, 3, null),
                                    o.withVerify(false, 0, 0),
                                    b);
        }
        assertTrue(gpu.verification().passed(), gpu.verification().toString());
        assertEquals("opencl", gpu.data().backend().backend());
        assertFalse(gpu.data().backend().device().isBlank());
        assertEquals(
                cpu.convergence().iterations(),
                gpu.convergence().iterations(),
                "same number of EM steps");
        double tol = precision == Precision.DOUBLE ? 1e-10 : 1e-4;
        assertEquals(
                cpu.data().meanLogLikelihood(),
                gpu.data().meanLogLikelihood(),
                tol * Math.abs(cpu.data().meanLogLikelihood()));
        for (int c = 0; c < 3; c++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(
                        cpu.model().mean(c)[j],
                        gpu.model().mean(c)[j],
                        tol * 10,
                        "mean " + c + "," + j);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void dataLargerThanTheDeviceBudgetIsStreamedInChunks(Precision precision) {
        FitOptions o = FitOptions.of(3).withSeed(2).withMaxIter(5).withTol(0);
        InMemoryDataSource chunked = InMemoryDataSource.ofDoubles("three", rows, 3, null, 700);
        FitResult streamed;
        try (AparapiBackend b = open(precision, 20_000)) {
            streamed = new EmDriver().fit(chunked, o, b);
        }
        FitResult resident;
        try (AparapiBackend b = open(precision, 0)) {
            resident = new EmDriver().fit(chunked, o, b);
        }
        assertTrue(streamed.data().streaming(), "rows over the budget are streamed");
        assertFalse(resident.data().streaming());
        assertEquals(
                resident.data().meanLogLikelihood(),
                streamed.data().meanLogLikelihood(),
                0.0,
                "the same chunks in the same order give the same numbers");
    }
}
