/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.cli.plot;

import java.util.Arrays;

/**
 * Equal-width bins of one column, with heights normalised as a density (they integrate to 1), so
 * they sit on the same scale as a fitted density curve.
 *
 * @param edges {@code bins + 1} ascending bin edges
 * @param density count / (n * width) per bin
 */
record Histogram(double[] edges, double[] density) {

    /**
     * Fewest and most bins: below the one the shape is lost, above the other bars turn to noise.
     */
    static final int MIN_BINS = 5;

    static final int MAX_BINS = 200;

    int bins() {
        return density.length;
    }

    double width() {
        return edges[1] - edges[0];
    }

    double maxDensity() {
        double m = 0;
        for (double v : density) {
            m = Math.max(m, v);
        }
        return m;
    }

    /**
     * Bins by the Freedman–Diaconis rule, width {@code 2 IQR / n^(1/3)}: robust to outliers, unlike
     * Scott's rule, which takes over when the IQR is 0 (more than half the values equal). The count
     * is held within [{@link #MIN_BINS}, {@link #MAX_BINS}], and to n when n is larger than {@link
     * #MIN_BINS}. {@code values} must be finite and non-empty.
     */
    static Histogram of(double[] values) {
        int n = values.length;
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double lo = sorted[0];
        double hi = sorted[n - 1];
        double range = hi - lo;
        if (!(range > 0)) {
            // every value the same: one bar around it, 1 wide at 0 and 10% of the value elsewhere
            double half = lo == 0 ? 0.5 : Math.abs(lo) * 0.05;
            return new Histogram(
                    new double[] {lo - half, lo + half}, new double[] {1.0 / (2 * half)});
        }
        double width = 2 * (quantile(sorted, 0.75) - quantile(sorted, 0.25)) / Math.cbrt(n);
        if (!(width > 0)) {
            width = 3.49 * standardDeviation(sorted) / Math.cbrt(n);
        }
        int bins = width > 0 ? (int) Math.ceil(range / width) : MIN_BINS;
        bins = Math.max(MIN_BINS, Math.min(Math.min(MAX_BINS, Math.max(n, 1)), bins));
        width = range / bins;
        double[] edges = new double[bins + 1];
        for (int b = 0; b <= bins; b++) {
            edges[b] = lo + b * width;
        }
        edges[bins] = hi;
        double[] density = new double[bins];
        for (double v : sorted) {
            int b = (int) ((v - lo) / width);
            density[Math.min(Math.max(b, 0), bins - 1)]++;
        }
        for (int b = 0; b < bins; b++) {
            density[b] /= n * width;
        }
        return new Histogram(edges, density);
    }

    /** Linear interpolation between order statistics (numpy's default). */
    static double quantile(double[] sorted, double p) {
        double pos = p * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        int j = Math.min(i + 1, sorted.length - 1);
        return sorted[i] + (pos - i) * (sorted[j] - sorted[i]);
    }

    private static double standardDeviation(double[] x) {
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= x.length;
        double ss = 0;
        for (double v : x) {
            ss += (v - mean) * (v - mean);
        }
        return Math.sqrt(ss / x.length);
    }
}
