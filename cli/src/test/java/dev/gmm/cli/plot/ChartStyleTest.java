/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.cli.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ChartStyleTest {

    @Test
    void tickPatternsKeepTheLeadingZeroAndEnoughDecimals() {
        assertEquals("0.####", ChartStyle.axisPattern(0.08));
        assertEquals("0", ChartStyle.axisPattern(2000));
        assertEquals("0.##E0", ChartStyle.axisPattern(1e-6));
        assertEquals("164", ChartStyle.number(164.02));
        assertEquals("0.0006325", ChartStyle.number(6.3246e-4));
        assertEquals("0.25", ChartStyle.number(0.25));
    }
}
