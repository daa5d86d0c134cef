/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.engine.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmm.GmmException;
import dev.gmm.Precision;
import dev.gmm.data.DataChunk;
import dev.gmm.data.DataSource;
import dev.gmm.data.InMemoryDataSource;
import dev.gmm.engine.cpu.CpuBackend;
import dev.gmm.spi.BackendInfo;
import dev.gmm.spi.ComputeBackend;
import dev.gmm.spi.MixtureParameters;
import dev.gmm.spi.ResidentChunk;
import dev.gmm.spi.RowScores;
import dev.gmm.spi.SufficientStatistics;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * --verify: the final statistics re-computed on the CPU reference, and a disagreement is an error.
 */
class VerificationTest {

    private static DataSource blobs(int perBlob) {
        SplittableRandom rng = new SplittableRandom(51);
        double[][] x =
                Fits.shuffle(
                        Fits.concat(
                                Fits.gaussian(
                                        rng,
                                        perBlob,
                                        new double[] {0, 0, 1},
                                        new double[] {1, 0.5, 1}),
                                Fits.gaussian(
                                        rng,
                                        perBlob,
                                        new double[] {3, 2, -1},
                                        new double[] {0.8, 1, 0.7})),
                        rng);
        return InMemoryDataSource.ofDoubles("blobs", Fits.flat(x), 3, null, 0);
    }

    /**
     * The CPU backend against itself: partitions do not depend on threads, so the numbers are
     * equal.
     */
    @Test
    void theCpuBackendVerifiesWithNoDifferenceOnAllRows() {
        DataSource data = blobs(1500);
        FitResult r = Fits.fit(data, FitOptions.of(2).withSeed(1).withVerify(true, 0, 0));
        Verification v = r.verification();
        assertNotNull(v, "verification reported");
        assertTrue(v.passed(), v.toString());
        assertEquals(3000, v.rows(), "rows compared");
        assertEquals(0.0, v.difference().max(), 0.0, v.toString());
        assertEquals(
                Verification.defaultTolerance(Precision.DOUBLE),
                v.tolerance(),
                0.0,
                "tolerance for double");
    }

    @Test
    void verificationWithoutVerifyIsAbsent() {
        assertNull(
                Fits.fit(blobs(200), FitOptions.of(2).withSeed(1)).verification(),
                "no verification unless asked");
    }

    @Test
    void aVerificationSampleComparesThatManyRows() {
        DataSource data = blobs(2500);
        FitResult r = Fits.fit(data, FitOptions.of(2).withSeed(1).withVerify(true, 500, 0));
        Verification v = r.verification();
        assertEquals(5000, r.data().rows(), "rows fitted");
        assertEquals(500, v.rows(), "rows compared");
        assertTrue(v.passed(), v.toString());
        assertEquals(0.0, v.difference().max(), 0.0, v.toString());
    }

    @Test
    void aBackendThatDisagreesWithTheReferenceFailsTheFit() {
        DataSource data = blobs(500);
        GmmException e;
        try (ComputeBackend skewed = new SkewedBackend(new CpuBackend(Precision.DOUBLE, 1))) {
            e =
                    assertThrows(
                            GmmException.class,
                            () ->
                                    new EmDriver()
                                            .fit(
                                                    data,
                                                    FitOptions.of(2)
                                                            .withSeed(1)
                                                            .withVerify(true, 0, 0),
                                                    skewed));
        }
        assertEquals(GmmException.Category.VERIFICATION, e.category(), e.getMessage());
        assertTrue(e.getMessage().contains("verified"), e.getMessage());
        assertTrue(e.getMessage().startsWith("skewed"), "names the backend: " + e.getMessage());
    }

    @Test
    void aDisagreementWithinAnExplicitToleranceIsAccepted() {
        DataSource data = blobs(500);
        try (ComputeBackend skewed = new SkewedBackend(new CpuBackend(Precision.DOUBLE, 1))) {
            FitResult r =
                    new EmDriver()
                            .fit(
                                    data,
                                    FitOptions.of(2).withSeed(1).withVerify(true, 0, 1e-2),
                                    skewed);
            Verification v = r.verification();
            assertTrue(v.passed(), v.toString());
            // N_k off by a thousandth of N_k: the N part sees it, scaled by the total weight
            assertTrue(
                    v.difference().weights() > 1e-4 && v.difference().weights() <= 1e-3,
                    v.toString());
        }
    }

    /**
     * The CPU backend with every N_k inflated by one part in a thousand: a device with a bug in one
     * sum.
     */
    private static final class SkewedBackend implements ComputeBackend {
        private final ComputeBackend delegate;

        SkewedBackend(ComputeBackend delegate) {
            this.delegate = delegate;
        }

        @Override
        public BackendInfo info() {
            BackendInfo i = delegate.info();
            return new BackendInfo("skewed", i.device(), i.precision(), i.memory(), List.of());
        }

        @Override
        public ResidentChunk load(DataChunk rows) {
            return delegate.load(rows);
        }

        @Override
        public SufficientStatistics accumulate(ResidentChunk chunk, MixtureParameters p) {
            SufficientStatistics st = delegate.accumulate(chunk, p);
            double[] n = st.componentWeights();
            for (int c = 0; c < n.length; c++) {
                n[c] *= 1 + 1e-3;
            }
            return st;
        }

        @Override
        public void score(ResidentChunk chunk, MixtureParameters p, RowScores out) {
            delegate.score(chunk, p, out);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
