/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.kernels.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SignalChainingTest {

    @Test
    void openClIsRefusedWithTheFixWhenLibjsigIsNotPreloaded() {
        String maps =
                "7f00-7f01 r-xp 00000000 08:01 42 /usr/lib/jvm/java-17/lib/server/libjvm.so\n";
        Optional<String> why = SignalChaining.missing(maps, "/usr/lib/jvm/java-17");
        assertTrue(why.isPresent());
        assertTrue(
                why.get().contains("LD_PRELOAD=/usr/lib/jvm/java-17/lib/server/libjsig.so"),
                why.get());
    }

    @Test
    void openClIsAllowedWithSignalChaining() {
        String maps =
                "7f00-7f01 r-xp 00000000 08:01 41 /usr/lib/jvm/java-17/lib/server/libjsig.so\n"
                        + "7f00-7f01 r-xp 00000000 08:01 42 /usr/lib/jvm/java-17/lib/server/libjvm.so\n";
        assertEquals(Optional.empty(), SignalChaining.missing(maps, "/usr/lib/jvm/java-17"));
    }

    @Test
    void theTestJvmRunsWithSignalChainingAsTheBuildConfiguresIt() {
        // surefire preloads libjsig (pom.xml); without it the OpenCL tests would skip or fail
        assertEquals(Optional.empty(), SignalChaining.missing());
    }
}
