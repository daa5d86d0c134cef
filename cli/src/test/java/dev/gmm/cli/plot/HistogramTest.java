/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.cli.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HistogramTest {

    private static double area(Histogram h) {
        double a = 0;
        for (double v : h.density()) {
            a += v * h.width();
        }
        return a;
    }

    @Test
    void freedmanDiaconisBinsIntegrateToOne() {
        double[] x = Samples.heights(new SplittableRandom(8));
        Histogram h = Histogram.of(x);
        assertEquals(1.0, area(h), 1e-12);
        // IQR of the heights is about 9.5 cm over a range of about 40: 2 * 9.5 / 2000^(1/3) = 1.5
        // cm
        assertTrue(h.bins() > 15 && h.bins() < 40, "bins " + h.bins());
    }

    @Test
    void binCountIsCappedForHeavyTails() {
        double[] x =
                Samples.gaussian(
                        new double[] {0}, new double[] {1}, 100_000, new SplittableRandom(9));
        x[0] = 1e6;
        Histogram h = Histogram.of(x);
        assertEquals(Histogram.MAX_BINS, h.bins());
        assertEquals(1.0, area(h), 1e-12);
    }

    @Test
    void constantValuesGiveOneBar() {
        Histogram h = Histogram.of(new double[] {3, 3, 3});
        assertEquals(1, h.bins());
        assertEquals(1.0, area(h), 1e-12);
    }
}
