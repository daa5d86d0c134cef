/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.spi;

/**
 * The largest scaled differences between two sets of sufficient statistics, part by part (see
 * {@link SufficientStatistics#differenceFrom}).
 */
public record StatisticsDifference(
        double logLikelihood, double weights, double sums, double moments) {

    /** The largest of the four. */
    public double max() {
        return Math.max(Math.max(logLikelihood, weights), Math.max(sums, moments));
    }

    @Override
    public String toString() {
        return String.format(
                "max %.3g (L %.3g, N %.3g, S %.3g, Q %.3g)",
                max(), logLikelihood, weights, sums, moments);
    }
}
