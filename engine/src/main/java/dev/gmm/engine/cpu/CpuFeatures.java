/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.engine.cpu;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** What the CPU offers that the CPU backend's loops depend on. */
final class CpuFeatures {

    private CpuFeatures() {}

    /**
     * Whether the CPU has fused multiply-add instructions. Without them {@link Math#fma} and the
     * Vector API's {@code fma} fall back to exact software arithmetic, thousands of times slower
     * than one instruction: x86 processors before 2012-2013 and, more often now, x86 VMs and
     * emulators that hide the instructions (QEMU's default CPU model; Rosetta 2 on Apple silicon).
     * Told by the first {@code flags} line of /proc/cpuinfo on x86 Linux, assumed elsewhere (every
     * 64-bit ARM has them); {@code -Dgmm.cpu.fma=false} says there are none.
     */
    static final boolean FMA =
            !"false".equalsIgnoreCase(System.getProperty("gmm.cpu.fma")) && detectFma();

    private static boolean detectFma() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!arch.equals("amd64") && !arch.equals("x86_64")) {
            return true;
        }
        try (BufferedReader in =
                Files.newBufferedReader(Path.of("/proc/cpuinfo"), StandardCharsets.US_ASCII)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("flags")) {
                    return hasFlag(line, "fma");
                }
            }
        } catch (IOException e) {
            // no such file or unreadable: assume a CPU of the last ten years
        }
        return true;
    }

    /** Whether a cpuinfo flags line ("flags : fpu vme ... fma ...") lists {@code flag}. */
    static boolean hasFlag(String flagsLine, String flag) {
        int colon = flagsLine.indexOf(':');
        for (String f : flagsLine.substring(colon + 1).trim().split("\\s+")) {
            if (f.equals(flag)) {
                return true;
            }
        }
        return false;
    }
}
