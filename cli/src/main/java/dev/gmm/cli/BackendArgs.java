/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.cli;

import dev.gmm.GaussianMixture;
import dev.gmm.GaussianMixtureModel;
import dev.gmm.Precision;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Which backend runs the statistics passes, and how. */
public final class BackendArgs {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(
            names = "--backend",
            paramLabel = "NAME",
            defaultValue = "auto",
            description =
                    "auto, cpu, opencl or cuda (default: ${DEFAULT-VALUE}: the best available).")
    String backend;

    @Option(
            names = "--precision",
            paramLabel = "P",
            defaultValue = "double",
            description = "double or float (default: ${DEFAULT-VALUE}).")
    String precision;

    @Option(
            names = "--device",
            paramLabel = "DEVICE",
            description = "Device index or name for opencl and cuda.")
    String device;

    @Option(
            names = "--threads",
            paramLabel = "N",
            defaultValue = "0",
            description = "Threads for the cpu backend (default: one per processor).")
    int threads;

    Precision precision() {
        return Precision.parse(precision);
    }

    /** Fails on settings that contradict each other, before any work. */
    void check() {
        if (threads < 0) {
            throw dev.gmm.GmmException.input("--threads must be >= 0, got " + threads);
        }
        String name = backend.toLowerCase(Locale.ROOT);
        if (device != null && name.equals("cpu")) {
            throw dev.gmm.GmmException.input(
                    "--device chooses an opencl or cuda device; the cpu backend has none"
                            + " (use --threads)");
        }
        if (threadsGiven() && (name.equals("opencl") || name.equals("cuda"))) {
            throw dev.gmm.GmmException.input(
                    "--threads sets the cpu backend's threads; the "
                            + name
                            + " backend runs on its device (drop --threads, or use --backend cpu)");
        }
    }

    private boolean threadsGiven() {
        return mixee != null
                && mixee.commandLine() != null
                && mixee.commandLine().getParseResult() != null
                && mixee.commandLine().getParseResult().hasMatchedOption("--threads");
    }

    /** The estimator's backend settings. */
    GaussianMixture.Builder apply(GaussianMixture.Builder b) {
        check();
        return b.backend(backend).precision(precision()).device(device).threads(threads);
    }

    /** The model with its batch calls on these settings. */
    GaussianMixtureModel apply(GaussianMixtureModel m) {
        check();
        return m.withBackend(backend, precision(), device, threads);
    }

    /** After a fit: a note when --threads was given but a device backend ran. */
    void noteThreads(Console console, String ran) {
        if (threadsGiven() && !ran.equals("cpu")) {
            console.note(
                    "note: --threads applies to the cpu backend only; %s runs on its device", ran);
        }
    }
}
