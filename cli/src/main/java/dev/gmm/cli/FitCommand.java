/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.cli;

import dev.gmm.CovarianceType;
import dev.gmm.FitListener;
import dev.gmm.FitSummary;
import dev.gmm.GaussianMixture;
import dev.gmm.GaussianMixtureModel;
import dev.gmm.GmmException;
import dev.gmm.data.DataSource;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** gmm fit: EM on a data file, a model file out, a summary on the terminal. */
@Command(
        name = "fit",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Fit a Gaussian mixture to DATA (CSV or NPY) by EM.")
final class FitCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "DATA",
            description = "CSV or NPY file, one row per sample.")
    Path data;

    @Option(
            names = {"-k", "--components"},
            paramLabel = "K",
            description = "Number of components (taken from --init-model when given).")
    Integer k;

    @Option(
            names = "--covariance-type",
            paramLabel = "TYPE",
            description = "full, diag, spherical or tied (default: full, or the --init-model's).")
    String covarianceType;

    @Option(
            names = "--init-model",
            paramLabel = "MODEL.json",
            description = "Start from this model (warm start).")
    Path initModel;

    @Mixin FitSettings settings;

    @Option(
            names = "--verify",
            description =
                    "Re-compute the final statistics with the CPU reference and fail if they differ.")
    boolean verify;

    @Option(
            names = "--verify-rows",
            paramLabel = "N",
            defaultValue = "100000",
            description =
                    "Rows --verify re-computes, a seeded sample (0: all; default: ${DEFAULT-VALUE}).")
    int verifyRows;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "MODEL.json",
            description = "Write the fitted model here.")
    Path output;

    @Option(
            names = "--report",
            paramLabel = "REPORT.json",
            description = "Write a machine-readable report of the run here.")
    Path report;

    @Option(
            names = "--plot",
            paramLabel = "FILE.png",
            description = "Draw the data and the fitted model.")
    Path plot;

    @Option(
            names = "--dims",
            split = ",",
            paramLabel = "I,J",
            description = "Columns (0-based) the plot shows (default: 0,1).")
    int[] dims;

    @Mixin DataArgs dataArgs;

    @Mixin BackendArgs backendArgs;

    @Mixin Verbosity verbosity;

    @Override
    public Integer call() {
        verbosity.check();
        Console console =
                new Console(spec.commandLine().getOut(), spec.commandLine().getErr(), verbosity);
        if (initModel != null && (matched("--init") || matched("--n-init"))) {
            throw GmmException.input(
                    "--init-model is the start; --init and --n-init do not apply with it");
        }
        GaussianMixtureModel start =
                initModel != null ? GaussianMixtureModel.load(initModel) : null;
        if (start == null && k == null) {
            throw GmmException.input(
                    "give the number of components with -k K (or a starting model with --init-model)");
        }
        if (k != null && k < 1) {
            throw GmmException.input("-k must be at least 1, got " + k);
        }
        if (start != null && k != null && k != start.components()) {
            throw GmmException.input(
                    "the initial model has "
                            + start.components()
                            + " components but -k "
                            + k
                            + " was asked for");
        }
        GaussianMixture.Builder b = settings.apply(GaussianMixture.builder(), console);
        if (start != null) {
            b.initModel(start);
        } else {
            b.components(k);
        }
        if (covarianceType != null) {
            b.covarianceType(CovarianceType.parse(covarianceType));
        }
        if (verify) {
            b.verify(verifyRows);
        } else if (verifyRows < 0) {
            throw GmmException.input("--verify-rows must be >= 0 (0: all rows), got " + verifyRows);
        }
        GaussianMixture estimator = backendArgs.apply(b).listener(listener(console)).build();
        Plotting.checkTarget(plot);

        try (RunFiles files = new RunFiles()) {
            files.input("the data", DataArgs.file(data))
                    .inputReadFirst("the initial model", initModel);
            Path modelOut = files.output("-o", output);
            Path reportOut = files.output("--report", report);
            Path plotOut = files.output("--plot", plot);
            console.progress("reading %s ...", data);
            long t0 = System.nanoTime();
            try (DataSource source = dataArgs.open(data, backendArgs.precision())) {
                double loadSeconds = (System.nanoTime() - t0) * 1e-9;
                console.clearProgress();
                console.detail(
                        "read %d rows x %d columns from %s in %.2f s",
                        source.rows(), source.dims(), data, loadSeconds);
                if (plot != null) {
                    Plotting.checkDims(dims, source.dims());
                }
                GaussianMixtureModel m = estimator.fit(source);
                console.clearProgress();
                FitSummary s = m.summary();
                if (modelOut != null) {
                    m.save(modelOut);
                }
                if (reportOut != null) {
                    Reports.writeReport(reportOut, m, source, loadSeconds);
                }
                if (plotOut != null) {
                    Plotting.modelPlot(m, source, dims, DataArgs.label(data), plotOut);
                }
                files.commit();
                backendArgs.noteThreads(console, s.backend());
                Reports.printFitSummary(console, m, source, DataArgs.label(data), estimator);
                if (output != null) {
                    console.summary("model written to %s", output);
                }
                if (plot != null) {
                    console.summary("plot written to %s", plot);
                }
            }
        }
        return ExitCodes.OK;
    }

    private boolean matched(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    private static FitListener listener(Console console) {
        return new FitListener() {
            @Override
            public void onStep(int restart, int step, double mean, double change) {
                console.progress(
                        "EM %spass %d: mean log-likelihood %.6f%s",
                        restart > 0 ? "initialisation " + (restart + 1) + ", " : "",
                        step,
                        mean,
                        Double.isInfinite(change)
                                ? ""
                                : String.format(java.util.Locale.ROOT, " (change %.2e)", change));
            }

            @Override
            public void onNotice(String message) {
                console.note("note: %s", Flags.inCliTerms(message));
            }
        };
    }
}
