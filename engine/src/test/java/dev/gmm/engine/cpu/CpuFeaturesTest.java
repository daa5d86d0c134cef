/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Reading /proc/cpuinfo's flags line, whole words only. */
class CpuFeaturesTest {

    @Test
    void findsFmaAmongAModernCpusFlags() {
        assertTrue(
                CpuFeatures.hasFlag(
                        "flags\t\t: fpu vme de pse sse4_2 movbe popcnt avx f16c fma cx16 avx2 avx512f",
                        "fma"));
    }

    @Test
    void findsNoFmaWhereOnlyLongerFlagsContainIt() {
        // QEMU's default model, and AMD's older FMA4, which the JIT does not use for fma
        String qemu64 =
                "flags\t\t: fpu de pse tsc msr pae mce cx8 apic sep mtrr sse sse2 ht syscall nx lm fma4";
        assertFalse(CpuFeatures.hasFlag(qemu64, "fma"));
        assertFalse(CpuFeatures.hasFlag("flags\t\t:", "fma"));
    }
}
