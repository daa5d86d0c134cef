package dev.gmm.cli;

import dev.gmm.CovarianceType;
import dev.gmm.GmmException;
import dev.gmm.InitMethod;
import dev.gmm.cli.plot.Plots;
import dev.gmm.data.DataSource;
import dev.gmm.engine.fit.EmDriver;
import dev.gmm.engine.fit.FitOptions;
import dev.gmm.engine.fit.FitResult;
import dev.gmm.engine.io.ModelFile;
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

/** gmm select: fit a range of component counts and covariance types, compare BIC and AIC, keep the best. */
@Command(name = "select", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Fit several K and covariance types, print BIC and AIC, and keep the best model.")
final class SelectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DATA", description = "CSV or NPY file.")
    Path data;

    @Option(names = {"-k", "--components"}, required = true, paramLabel = "RANGE",
            description = "Component counts: 1..10, 2,4,8, or one number.")
    String components;

    @Option(names = "--covariance-type", split = ",", paramLabel = "TYPE", defaultValue = "full",
            description = "One or more of full, diag, spherical, tied (default: ${DEFAULT-VALUE}).")
    List<String> covarianceTypes;

    @Option(names = "--criterion", paramLabel = "C", defaultValue = "bic", description = "bic or aic: lower is better (default: ${DEFAULT-VALUE}).")
    String criterion;

    @Option(names = "--init", paramLabel = "METHOD", defaultValue = "kmeans++",
            description = "kmeans++, random or random-from-data (default: ${DEFAULT-VALUE}).")
    String init;

    @Mixin
    FitSettings settings;

    @Option(names = {"-o", "--output"}, paramLabel = "MODEL.json", description = "Write the best model here.")
    Path output;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Draw BIC and AIC against K.")
    Path plot;

    @Mixin
    DataArgs dataArgs;

    @Mixin
    BackendArgs backendArgs;

    @Mixin
    Verbosity verbosity;

    private record Trial(CovarianceType type, int k, FitResult result, String failure) {
        double score(boolean bic) {
            return result == null ? Double.POSITIVE_INFINITY : bic ? result.bic() : result.aic();
        }
    }

    @Override
    public Integer call() {
        verbosity.check();
        Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr(), verbosity);
        boolean bic = switch (criterion.toLowerCase(Locale.ROOT)) {
            case "bic" -> true;
            case "aic" -> false;
            default -> throw GmmException.input("--criterion must be bic or aic, got '" + criterion + "'");
        };
        List<Integer> ks = parseRange(components);
        List<CovarianceType> types = covarianceTypes.stream().map(CovarianceType::parse).distinct().toList();
        FitOptions base = settings.apply(FitOptions.of(1)).withInit(InitMethod.parse(init));
        Plotting.checkTarget(plot);
        backendArgs.check();

        List<Trial> trials = new ArrayList<>();
        try (RunFiles files = new RunFiles()) {
            files.input("the data", DataArgs.file(data));
            Path modelOut = files.output("-o", output);
            Path plotOut = files.output("--plot", plot);
            Trial best = select(console, bic, ks, types, base, trials, modelOut, plotOut);
            files.commit();
            if (output != null) {
                console.summary("best model (%s %s K=%d) written to %s", criterion.toUpperCase(Locale.ROOT),
                        best.type().id(), best.k(), output);
            }
        }
        if (plot != null) {
            console.summary("plot written to %s", plot);
        }
        return ExitCodes.OK;
    }

    private Trial select(Console console, boolean bic, List<Integer> ks, List<CovarianceType> types, FitOptions base,
                        List<Trial> trials, Path modelOut, Path plotOut) {
        try (DataSource source = dataArgs.open(data, backendArgs.precision()); BackendArgs.Opened opened = backendArgs.open(console)) {
            console.note("backend: %s on %s (%s)", opened.backend().info().backend(), opened.backend().info().device(),
                    opened.selection().reason());
            for (CovarianceType type : types) {
                for (int k : ks) {
                    console.progress("fitting %s K=%d ...", type.id(), k);
                    FitOptions o = base.withComponents(k).withCovarianceType(type);
                    try {
                        trials.add(new Trial(type, k, new EmDriver().fit(source, o, opened.backend()), null));
                    } catch (GmmException e) {
                        if (e.category() == GmmException.Category.VERIFICATION || e.category() == GmmException.Category.INTERNAL) {
                            throw e;
                        }
                        trials.add(new Trial(type, k, null, e.getMessage()));
                    }
                }
            }
            console.clearProgress();
            Trial best = null;
            for (Trial t : trials) {
                if (t.result() != null && (best == null || t.score(bic) < best.score(bic))) {
                    best = t;
                }
            }
            if (best == null) {
                throw GmmException.input("no fit succeeded: " + trials.get(0).failure());
            }
            printTable(console, trials, best);
            if (modelOut != null) {
                FitOptions o = base.withCovarianceType(best.type());
                ModelFile.write(modelOut, best.result().model(), Reports.metadata(best.result(), o, source, DataArgs.label(data)));
            }
            if (plotOut != null) {
                Map<String, double[][]> byType = new LinkedHashMap<>();
                for (CovarianceType type : types) {
                    byType.put(type.id(), trials.stream().filter(t -> t.type() == type && t.result() != null)
                            .map(t -> new double[] {t.k(), t.result().bic(), t.result().aic()}).toArray(double[][]::new));
                }
                Plots.criterionCurve(byType, "Model selection: " + DataArgs.label(data), plotOut);
            }
            return best;
        }
    }

    private static void printTable(Console console, List<Trial> trials, Trial best) {
        List<String> header = List.of("type", "K", "steps", "converged", "log-likelihood", "BIC", "AIC", "");
        List<List<String>> rows = new ArrayList<>();
        for (Trial t : trials) {
            if (t.result() == null) {
                rows.add(List.of(t.type().id(), Integer.toString(t.k()), "-", "-", "-", "-", "-", "failed: " + t.failure()));
                continue;
            }
            FitResult r = t.result();
            rows.add(List.of(t.type().id(), Integer.toString(t.k()), Integer.toString(r.iterations()),
                    r.converged() ? "yes" : "no", String.format(Locale.ROOT, "%.6f", r.meanLogLikelihood()),
                    String.format(Locale.ROOT, "%.2f", r.bic()), String.format(Locale.ROOT, "%.2f", r.aic()),
                    t == best ? "<- best" : ""));
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
