/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.cli;

import dev.gmm.GaussianMixtureModel;
import dev.gmm.GmmException;
import dev.gmm.Precision;
import dev.gmm.data.NpyWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** gmm sample: rows drawn from a model, as CSV or NPY, streamed. */
@Command(
        name = "sample",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "Draw rows from a model, as CSV (standard output or -o FILE.csv) or NPY (-o FILE.npy).")
final class SampleCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin ModelArgs modelArgs;

    @Option(names = "-n", required = true, paramLabel = "N", description = "Rows to draw.")
    long rows;

    @Option(
            names = "--seed",
            paramLabel = "S",
            defaultValue = "0",
            description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--labels",
            description = "Add the component each row came from as a last column.")
    boolean labels;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "FILE.csv or FILE.npy (float64); default: CSV on standard output.")
    Path output;

    @Mixin Verbosity verbosity;

    @Override
    public Integer call() throws IOException {
        verbosity.check();
        if (rows < 1) {
            throw GmmException.input("-n must be at least 1, got " + rows);
        }
        if (output != null
                && output.getFileName() != null
                && output.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npz")) {
            throw GmmException.input(
                    output
                            + ": gmm writes .npy (one array) or CSV, not .npz archives; name the file *.npy");
        }
        GaussianMixtureModel model = modelArgs.load();
        SplittableRandom rng = new SplittableRandom(seed);
        int d = model.dimensions();
        try (RunFiles files = new RunFiles()) {
            files.input("the model", modelArgs.model);
            Path out = files.output("-o", output);
            if (output != null
                    && output.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy")) {
                double[] row = new double[d + (labels ? 1 : 0)];
                try (NpyWriter w = NpyWriter.create(out, Precision.DOUBLE, rows, row.length)) {
                    for (long i = 0; i < rows; i++) {
                        int c = model.sample(rng, row);
                        if (labels) {
                            row[d] = c;
                        }
                        w.writeRow(row);
                    }
                }
            } else {
                TextOutput.write(
                        out,
                        spec.commandLine().getOut(),
                        w -> writeCsv(w, model, model.columns(), rng));
            }
            files.commit();
        }
        if (output != null) {
            new Console(spec.commandLine().getOut(), spec.commandLine().getErr(), verbosity)
                    .summary("%d rows written to %s", rows, output);
        }
        return ExitCodes.OK;
    }

    private void writeCsv(
            Writer w, GaussianMixtureModel model, List<String> columns, SplittableRandom rng)
            throws IOException {
        int d = model.dimensions();
        w.write(String.join(",", columns) + (labels ? ",component" : "") + "\n");
        double[] row = new double[d];
        StringBuilder b = new StringBuilder();
        for (long i = 0; i < rows; i++) {
            int c = model.sample(rng, row);
            for (int j = 0; j < d; j++) {
                if (j > 0) {
                    b.append(',');
                }
                b.append(row[j]);
            }
            if (labels) {
                b.append(',').append(c);
            }
            b.append('\n');
            if (b.length() > 1 << 16) {
                w.write(b.toString());
                b.setLength(0);
            }
        }
        w.write(b.toString());
    }
}
