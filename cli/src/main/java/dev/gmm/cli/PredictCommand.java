/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.cli;

import dev.gmm.GaussianMixtureModel;
import dev.gmm.data.DataSource;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * gmm predict: each row's most probable component (and responsibilities), streamed chunk by chunk.
 */
@Command(
        name = "predict",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Label each row of DATA with its most probable component, as CSV.")
final class PredictCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin ModelArgs modelArgs;

    @Parameters(index = "0", paramLabel = "DATA", description = "CSV or NPY file.")
    Path data;

    @Option(names = "--proba", description = "Add each component's responsibility p0, p1, ...")
    boolean proba;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE.csv",
            description = "Write here instead of standard output.")
    Path output;

    @Mixin DataArgs dataArgs;

    @Mixin BackendArgs backendArgs;

    @Mixin Verbosity verbosity;

    @Override
    public Integer call() throws IOException {
        verbosity.check();
        backendArgs.check();
        Console console =
                new Console(spec.commandLine().getOut(), spec.commandLine().getErr(), verbosity);
        GaussianMixtureModel model = backendArgs.apply(modelArgs.load());
        try (RunFiles files = new RunFiles()) {
            files.input("the data", DataArgs.file(data)).input("the model", modelArgs.model);
            Path out = files.output("-o", output);
            try (DataSource source =
                    modelArgs.select(model, dataArgs, data, backendArgs.precision(), console)) {
                TextOutput.write(
                        out, spec.commandLine().getOut(), w -> writeRows(w, source, model));
            }
            files.commit();
        }
        return ExitCodes.OK;
    }

    private void writeRows(Writer w, DataSource source, GaussianMixtureModel model)
            throws IOException {
        int k = model.components();
        StringBuilder header = new StringBuilder("label");
        if (proba) {
            for (int c = 0; c < k; c++) {
                header.append(",p").append(c);
            }
        }
        w.write(header.append('\n').toString());
        TextOutput.scoredRows(
                w,
                model,
                source,
                proba,
                (scores, b) -> {
                    int[] labels = scores.labels();
                    double[] r = scores.responsibilities();
                    for (int i = 0; i < scores.rows(); i++) {
                        b.append(labels[i]);
                        if (proba) {
                            for (int c = 0; c < k; c++) {
                                b.append(',').append(r[i * k + c]);
                            }
                        }
                        b.append('\n');
                    }
                });
    }
}
