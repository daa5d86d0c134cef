/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.cli;

import picocli.CommandLine.Command;

/** The root: lists the subcommands. */
@Command(
        name = "gmm",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description =
                "Fit Gaussian mixture models by EM on the CPU, OpenCL devices or NVIDIA GPUs.",
        subcommands = {
            FitCommand.class,
            PredictCommand.class,
            ScoreCommand.class,
            SampleCommand.class,
            SelectCommand.class,
            PlotCommand.class,
            BackendsCommand.class,
            BenchCommand.class,
        },
        footer = {
            "",
            "Exit codes: 0 ok, 2 bad input, arguments or backend, 1 internal error, failed --verify or closed standard output."
        })
public final class GmmCommand implements Runnable {

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
