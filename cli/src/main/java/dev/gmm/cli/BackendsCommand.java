/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.cli;

import dev.gmm.spi.Availability;
import dev.gmm.spi.BackendRegistry;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** gmm backends: every backend, whether it can run here and why not, and its devices. */
@Command(
        name = "backends",
        mixinStandardHelpOptions = true,
        description =
                "List the backends, their availability (and why not), devices and precisions.")
final class BackendsCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin Verbosity verbosity;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        BackendRegistry registry = BackendRegistry.load();
        String best = null;
        try {
            best = registry.select(BackendRegistry.AUTO).provider().name();
        } catch (RuntimeException e) {
            // no backend at all: each entry below says why
        }
        for (BackendRegistry.Entry e : registry.entries()) {
            Availability a = e.availability();
            out.printf(
                    "%-7s %s%s%n",
                    e.name(),
                    a.available() ? "available (rank " + e.rank() + ")" : "unavailable",
                    e.name().equals(best) ? ", chosen by --backend auto" : "");
            out.printf("        %s%n", a.summary());
            for (String device : a.devices()) {
                out.printf("        device: %s%n", device);
            }
        }
        for (String failure : registry.loadFailures()) {
            out.printf("a backend failed to load: %s%n", failure);
        }
        return ExitCodes.OK;
    }
}
