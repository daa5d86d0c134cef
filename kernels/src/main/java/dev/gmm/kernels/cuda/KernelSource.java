/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.kernels.cuda;

import dev.gmm.GmmException;
import dev.gmm.Precision;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kernels as the jar carries them: the source of {@code kernels/src/main/cuda} and, when the
 * build had nvcc, PTX made from it for float and for double.
 */
final class KernelSource {

    private static final String DIR = "/dev/gmm/kernels/cuda/";
    private static final String INCLUDE = "#include \"portable.h\"";
    private static final Pattern RELEASE =
            Pattern.compile("Cuda compilation tools, release (\\d+)\\.(\\d+)");
    private static final Pattern TARGET = Pattern.compile("(?m)^\\.target sm_(\\d+)(\\d)");

    private KernelSource() {}

    /**
     * gmm.cu with its one include, portable.h, written in place as the preprocessor would: the text
     * NVRTC and OpenCL compile from a string.
     */
    static String text() {
        String kernels = resource("gmm.cu").orElseThrow(() -> missing("gmm.cu"));
        String header = resource("portable.h").orElseThrow(() -> missing("portable.h"));
        if (!kernels.contains(INCLUDE)) {
            throw new GmmException(
                    GmmException.Category.INTERNAL, "gmm.cu no longer includes portable.h");
        }
        return kernels.replace(INCLUDE, header);
    }

    /** The PTX the build made for {@code precision}, if it had nvcc. */
    static Optional<Ptx> ptx(Precision precision) {
        return resource("gmm-" + precision.id() + ".ptx").map(Ptx::parse);
    }

    /**
     * Shipped PTX and what it needs: a driver for the CUDA release that made it (the PTX ISA
     * version rises with every release) and a GPU of at least its target's compute capability.
     *
     * @param cudaVersion the release as the driver API numbers it (13000 for 13.0); 0 if unknown
     */
    record Ptx(String text, int cudaVersion, int major, int minor) {

        static Ptx parse(String text) {
            Matcher r = RELEASE.matcher(text);
            int version =
                    r.find()
                            ? Integer.parseInt(r.group(1)) * 1000
                                    + Integer.parseInt(r.group(2)) * 10
                            : 0;
            Matcher t = TARGET.matcher(text);
            int major = 0;
            int minor = 0;
            if (t.find()) {
                major = Integer.parseInt(t.group(1));
                minor = Integer.parseInt(t.group(2));
            }
            return new Ptx(text, version, major, minor);
        }

        String architecture() {
            return "compute_" + major + minor;
        }
    }

    private static Optional<String> resource(String name) {
        try (InputStream in = KernelSource.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new GmmException(
                    GmmException.Category.INTERNAL,
                    "cannot read the kernel resource " + name + ": " + e.getMessage(),
                    e);
        }
    }

    private static GmmException missing(String name) {
        return new GmmException(
                GmmException.Category.INTERNAL, "the jar lacks the kernel source " + name);
    }
}
