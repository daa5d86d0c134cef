/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.cli;

import dev.gmm.CovarianceType;
import dev.gmm.FitSummary;
import dev.gmm.GaussianMixture;
import dev.gmm.GmmException;
import dev.gmm.ModelSelection;
import dev.gmm.cli.plot.Plots;
import dev.gmm.data.DataSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * gmm select: fit a range of component counts and covariance types, compare BIC, AIC and ICL, keep
 * the best.
 */
@Command(
        name = "select",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "Fit several K and covariance types, print BIC, AIC and ICL, and keep the best model.")
final class SelectCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DATA", description = "CSV or NPY file.")
    Path data;

    @Option(
            names = {"-k", "--components"},
            required = true,
            paramLabel = "RANGE",
            description = "Component counts: 1..10, 2,4,8, or one number.")
    String components;

    @Option(
            names = "--covariance-type",
            split = ",",
            paramLabel = "TYPE",
            defaultValue = "full",
            description = "One or more of full, diag, spherical, tied (default: ${DEFAULT-VALUE}).")
    List<String> covarianceTypes;

    @Option(
            names = "--criterion",
            paramLabel = "C",
            defaultValue = "bic",
            description =
                    "bic, aic or icl (BIC plus twice the entropy of the responsibilities, which"
                            + " favours well separated clusters): lower is better (default:"
                            + " ${DEFAULT-VALUE}).")
    String criterion;

    @Mixin FitSettings settings;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "MODEL.json",
            description = "Write the best model here.")
    Path output;

    @Option(
            names = "--plot",
            paramLabel = "FILE.png",
            description = "Draw BIC, AIC and ICL against K.")
    Path plot;

    @Mixin DataArgs dataArgs;

    @Mixin BackendArgs backendArgs;

    @Mixin Verbosity verbosity;

    @Override
    public Integer call() {
        verbosity.check();
        Console console =
                new Console(spec.commandLine().getOut(), spec.commandLine().getErr(), verbosity);
        ModelSelection.Criterion by;
        try {
            by = ModelSelection.Criterion.parse(criterion);
        } catch (GmmException e) {
            throw GmmException.input(
                    "--criterion must be bic, aic or icl, got '" + criterion + "'");
        }
        List<Integer> ks = parseRange(components);
        List<CovarianceType> types =
                covarianceTypes.stream().map(CovarianceType::parse).distinct().toList();
        GaussianMixture base =
                backendArgs
                        .apply(settings.apply(GaussianMixture.builder().components(1), console))
                        .build();
        Plotting.checkTarget(plot);

        try (RunFiles files = new RunFiles()) {
            files.input("the data", DataArgs.file(data));
            Path modelOut = files.output("-o", output);
            Path plotOut = files.output("--plot", plot);
            ModelSelection.Result result;
            try (DataSource source = dataArgs.open(data, backendArgs.precision())) {
                console.progress("fitting %d candidates ...", ks.size() * types.size());
                result = ModelSelection.select(source, ks, types, by, base);
                console.clearProgress();
            }
            ModelSelection.Candidate best = result.best();
            printTable(console, result);
            if (modelOut != null) {
                best.model().save(modelOut);
            }
            if (plotOut != null) {
                Map<String, double[][]> byType = new LinkedHashMap<>();
                for (CovarianceType type : types) {
                    byType.put(
                            type.id(),
                            result.candidates().stream()
                                    .filter(c -> c.covarianceType() == type && !c.failed())
                                    .map(
                                            c ->
                                                    new double[] {
                                                        c.components(),
                                                        c.model().summary().bic(),
                                                        c.model().summary().aic(),
                                                        c.model().summary().icl()
                                                    })
                                    .toArray(double[][]::new));
                }
                Plots.criterionCurve(
                        byType,
                        by.ordinal() + 1,
                        "Model selection: " + DataArgs.label(data),
                        plotOut);
            }
            files.commit();
            FitSummary first =
                    result.candidates().stream()
                            .filter(c -> !c.failed())
                            .findFirst()
                            .orElseThrow()
                            .model()
                            .summary();
            console.note(
                    "backend: %s on %s (%s)",
                    first.backend(), first.device(), first.backendReason());
            if (output != null) {
                console.summary(
                        "best model (%s %s K=%d) written to %s",
                        by.id().toUpperCase(Locale.ROOT),
                        best.covarianceType().id(),
                        best.components(),
                        output);
            }
        }
        if (plot != null) {
            console.summary("plot written to %s", plot);
        }
        return ExitCodes.OK;
    }

    private static void printTable(Console console, ModelSelection.Result result) {
        List<String> header =
                List.of(
                        "type",
                        "K",
                        "passes",
                        "converged",
                        "log-likelihood",
                        "BIC",
                        "AIC",
                        "ICL",
                        "");
        List<List<String>> rows = new ArrayList<>();
        for (ModelSelection.Candidate t : result.candidates()) {
            if (t.failed()) {
                rows.add(
                        List.of(
                                t.covarianceType().id(),
                                Integer.toString(t.components()),
                                "-",
                                "-",
                                "-",
                                "-",
                                "-",
                                "-",
                                "failed: " + Flags.inCliTerms(t.failure())));
                continue;
            }
            FitSummary r = t.model().summary();
            rows.add(
                    List.of(
                            t.covarianceType().id(),
                            Integer.toString(t.components()),
                            Integer.toString(r.passes()),
                            r.converged() ? "yes" : "no",
                            String.format(Locale.ROOT, "%.6f", r.meanLogLikelihood()),
                            String.format(Locale.ROOT, "%.2f", r.bic()),
                            String.format(Locale.ROOT, "%.2f", r.aic()),
                            String.format(Locale.ROOT, "%.2f", r.icl()),
                            t == result.best() ? "<- best" : ""));
        }
        for (String line : Tables.format(header, rows)) {
            console.summary("%s", line);
        }
    }

    /** "1..10", "2,4,8" or "3", as ascending distinct counts, each at least 1. */
    static List<Integer> parseRange(String text) {
        TreeSet<Integer> ks = new TreeSet<>();
        try {
            for (String part : text.split(",")) {
                String p = part.trim();
                int dots = p.indexOf("..");
                if (dots >= 0) {
                    int from = Integer.parseInt(p.substring(0, dots).trim());
                    int to = Integer.parseInt(p.substring(dots + 2).trim());
                    if (to < from) {
                        throw GmmException.input("-k range " + p + " is empty");
                    }
                    for (int k = from; k <= to; k++) {
                        ks.add(k);
                    }
                } else {
                    ks.add(Integer.parseInt(p));
                }
            }
        } catch (NumberFormatException e) {
            throw GmmException.input("-k must look like 1..10, 2,4,8 or 3; got '" + text + "'");
        }
        if (ks.isEmpty() || ks.first() < 1) {
            throw GmmException.input("-k values must be at least 1; got '" + text + "'");
        }
        return new ArrayList<>(ks);
    }
}
