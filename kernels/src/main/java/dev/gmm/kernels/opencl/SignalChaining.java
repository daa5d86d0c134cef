/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.kernels.opencl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether this JVM may load OpenCL drivers. PoCL (through its LLVM) installs its own handlers for
 * SIGSEGV, SIGBUS, SIGILL, SIGFPE and more when the OpenCL loader opens it, which every process
 * listing the platforms does, whatever backend it then runs. HotSpot raises SIGSEGV itself
 * (safepoint polls, implicit null checks), so from then on the JVM can die with a bare
 * "Segmentation fault": seen with 16 CPU threads on a GPU machine with PoCL 5. HotSpot's signal
 * chaining, libjsig.so preloaded, keeps the JVM's handlers first and passes other signals on to the
 * driver's.
 */
public final class SignalChaining {

    private static final Path MAPS = Path.of("/proc/self/maps");

    private SignalChaining() {}

    /** Why OpenCL must not be loaded in this JVM, if it must not; empty where it is safe. */
    public static Optional<String> missing() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return Optional.empty();
        }
        String maps;
        try {
            maps = Files.readString(MAPS);
        } catch (IOException e) {
            return Optional.empty();
        }
        return missing(maps, System.getProperty("java.home"));
    }

    /** As {@link #missing()}, given the process's memory map and the Java home. */
    static Optional<String> missing(String maps, String javaHome) {
        if (maps.contains("/libjsig.so")) {
            return Optional.empty();
        }
        return Optional.of(
                "OpenCL drivers such as PoCL replace the JVM's signal handlers, which can crash it, and this JVM "
                        + "runs without signal chaining: start it with LD_PRELOAD="
                        + javaHome
                        + "/lib/server/libjsig.so "
                        + "(the gmm script does)");
    }
}
