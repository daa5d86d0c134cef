/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.cli;

import dev.gmm.GaussianMixtureModel;
import dev.gmm.data.DataSource;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** gmm plot: a picture of data and a model. */
@Command(
        name = "plot",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "Draw DATA with a model: 1-D histogram and densities, or a scatter with 1-2-3 sigma ellipses.")
final class PlotCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin ModelArgs modelArgs;

    @Parameters(index = "0", paramLabel = "DATA", description = "CSV or NPY file.")
    Path data;

    @Option(
            names = {"-o", "--output"},
            required = true,
            paramLabel = "FILE.png",
            description = "The picture to write.")
    Path output;

    @Option(
            names = "--dims",
            split = ",",
            paramLabel = "I,J",
            description = "Columns (0-based) to show (default: 0,1).")
    int[] dims;

    @Mixin DataArgs dataArgs;

    @Mixin Verbosity verbosity;

    @Override
    public Integer call() {
        verbosity.check();
        Console console =
                new Console(spec.commandLine().getOut(), spec.commandLine().getErr(), verbosity);
        Plotting.checkTarget(output);
        GaussianMixtureModel loaded = modelArgs.load();
        try (RunFiles files = new RunFiles()) {
            files.input("the data", DataArgs.file(data)).input("the model", modelArgs.model);
            Path out = files.output("-o", output);
            try (DataSource source =
                    modelArgs.select(loaded, dataArgs, data, dev.gmm.Precision.DOUBLE, console)) {
                Plotting.checkDims(dims, source.dims());
                Plotting.modelPlot(loaded, source, dims, DataArgs.label(data), out);
            }
            files.commit();
        }
        console.summary("plot written to %s", output);
        return ExitCodes.OK;
    }
}
