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

/** gmm score: the mean log-likelihood of data under a model, or each row's log density. */
@Command(
        name = "score",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "Print the mean log-likelihood of DATA under a model (weighted when rows have weights).")
final class ScoreCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin ModelArgs modelArgs;

    @Parameters(index = "0", paramLabel = "DATA", description = "CSV or NPY file.")
    Path data;

    @Option(names = "--per-sample", description = "Write each row's log density instead, as CSV.")
    boolean perSample;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE.csv",
            description = "With --per-sample: write here instead of standard output.")
    Path output;

    @Mixin DataArgs dataArgs;

    @Mixin BackendArgs backendArgs;

    @Mixin Verbosity verbosity;

    @Override
    public Integer call() throws IOException {
        if (output != null && !perSample) {
            throw dev.gmm.GmmException.input(
                    "--output goes with --per-sample; the mean is printed");
        }
        verbosity.check();
        backendArgs.check();
        Console c =
                new Console(spec.commandLine().getOut(), spec.commandLine().getErr(), verbosity);
        GaussianMixtureModel model = backendArgs.apply(modelArgs.load());
        try (RunFiles files = new RunFiles()) {
            files.input("the data", DataArgs.file(data)).input("the model", modelArgs.model);
            Path out = files.output("-o", output);
            try (DataSource source =
                    modelArgs.select(model, dataArgs, data, backendArgs.precision(), c)) {
                if (!perSample) {
                    printMean(c, model.likelihood(source));
                    return ExitCodes.OK;
                }
                TextOutput.write(
                        out, spec.commandLine().getOut(), w -> writeRows(w, source, model));
            }
            files.commit();
        }
        return ExitCodes.OK;
    }

    private void printMean(Console c, GaussianMixtureModel.Likelihood st) {
        if (!Double.isFinite(st.mean())) {
            throw dev.gmm.GmmException.input(
                    data
                            + ": the mean log-likelihood is "
                            + st.mean()
                            + " (total "
                            + st.total()
                            + ", weight "
                            + st.totalWeight()
                            + "); the total weight or log density overflows: rescale the weights");
        }
        if (verbosity.quiet) {
            spec.commandLine().getOut().println(st.mean());
        } else {
            c.summary(
                    "mean log-likelihood %.10g over %d rows (total %.10g, weight %.10g)",
                    st.mean(), st.rows(), st.total(), st.totalWeight());
        }
    }

    private static void writeRows(Writer w, DataSource source, GaussianMixtureModel model)
            throws IOException {
        w.write("log_density\n");
        TextOutput.scoredRows(
                w,
                model,
                source,
                false,
                (scores, b) -> {
                    for (double l : scores.logDensity()) {
                        b.append(l).append('\n');
                    }
                });
    }
}
