/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.engine.fit;

import dev.gmm.Precision;
import dev.gmm.spi.StatisticsDifference;

/**
 * The outcome of re-computing a backend's statistics with the CPU reference (double) for the same
 * parameters and rows.
 *
 * @param rows rows compared
 * @param difference scaled differences of L, N, S and Q (see SufficientStatistics#differenceFrom)
 * @param tolerance the largest difference accepted
 */
public record Verification(long rows, StatisticsDifference difference, double tolerance) {

    /**
     * Default tolerance per precision. Double: a few thousand ulps of accumulated rounding over
     * millions of rows. Float: float32 arithmetic on shifted data, with partial sums in double.
     */
    public static double defaultTolerance(Precision precision) {
        return precision == Precision.DOUBLE ? 1e-9 : 2e-3;
    }

    public boolean passed() {
        return difference.max() <= tolerance;
    }

    @Override
    public String toString() {
        return "verified against the CPU reference on "
                + rows
                + " rows: "
                + difference
                + (passed() ? " <= " : " > ")
                + String.format("%.3g", tolerance);
    }
}
