/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import jdk.incubator.vector.DoubleVector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The responsibilities' own exps, the portable loops' ({@link BlockLoops#exp}, with fused
 * multiply-adds and, as on a CPU without them, with a product and a sum) and the Vector API's
 * ({@link VectorKernels#exp}), against {@link Math#exp}.
 */
class ExpTest {

    private static double[] exp(String kind, double... t) {
        if (!kind.equals("vector")) {
            double[] out = new double[t.length];
            for (int i = 0; i < t.length; i++) {
                out[i] = BlockLoops.exp(t[i], kind.equals("portable"));
            }
            return out;
        }
        assumeTrue(CpuBackend.VECTOR_AVAILABLE, CpuBackend.NO_VECTOR_REASON);
        double[] in = new double[VectorKernels.LANES];
        double[] out = new double[t.length];
        for (int i = 0; i < t.length; i += in.length) {
            int n = Math.min(in.length, t.length - i);
            System.arraycopy(t, i, in, 0, n);
            double[] lanes =
                    VectorKernels.exp(DoubleVector.fromArray(DoubleVector.SPECIES_PREFERRED, in, 0))
                            .toArray();
            System.arraycopy(lanes, 0, out, i, n);
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"portable", "portable without FMA", "vector"})
    void isWithin1e15RelativeOfMathExpDownToMinus708(String kind) {
        SplittableRandom rng = new SplittableRandom(17);
        double[] t = new double[200_000];
        for (int i = 0; i < t.length; i++) {
            double scale = new double[] {708, 40, 5, 1e-3}[i % 4];
            t[i] = -rng.nextDouble() * scale;
        }
        double[] e = exp(kind, t);
        double worst = 0;
        for (int i = 0; i < t.length; i++) {
            double ref = Math.exp(t[i]);
            worst = Math.max(worst, Math.abs(e[i] - ref) / ref);
        }
        assertTrue(worst <= 1e-15, "largest relative difference " + worst);
    }

    @ParameterizedTest
    @ValueSource(strings = {"portable", "portable without FMA", "vector"})
    void givesExactValuesAtTheEdges(String kind) {
        double[] e =
                exp(kind, 0.0, -0.0, Double.NEGATIVE_INFINITY, -708.5, -745.2, -1e-300, Double.NaN);
        assertEquals(1.0, e[0], "exp(0)");
        assertEquals(1.0, e[1], "exp(-0)");
        assertEquals(0.0, e[2], "exp(-inf)");
        assertEquals(0.0, e[3], "below -708 the result is 0");
        assertEquals(0.0, e[4], "below -708 the result is 0");
        assertEquals(1.0, e[5], "exp of a tiny negative");
        assertTrue(Double.isNaN(e[6]), "exp(NaN)");
    }
}
