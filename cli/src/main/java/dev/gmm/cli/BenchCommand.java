/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.cli;

import dev.gmm.CovarianceType;
import dev.gmm.GaussianMixtureModel;
import dev.gmm.GmmException;
import dev.gmm.Precision;
import dev.gmm.data.InMemoryDataSource;
import dev.gmm.data.SyntheticData;
import dev.gmm.spi.BackendOptions;
import dev.gmm.spi.BackendRegistry;
import dev.gmm.spi.ComputeBackend;
import dev.gmm.spi.EmStep;
import dev.gmm.spi.MixtureParameters;
import dev.gmm.spi.SufficientStatistics;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * gmm bench: every available backend on the same synthetic case, one EM step (statistics pass plus
 * M-step) at a time with the rows resident, beside the CPU backend and checked against the CPU
 * reference in double.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "Time one EM step on every available backend, side by side, on a synthetic case.")
final class BenchCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
            names = "-n",
            paramLabel = "N",
            defaultValue = "200000",
            description = "Rows (default: ${DEFAULT-VALUE}).")
    int rows;

    @Option(
            names = "-d",
            paramLabel = "D",
            defaultValue = "16",
            description = "Columns (default: ${DEFAULT-VALUE}).")
    int dims;

    @Option(
            names = "-k",
            paramLabel = "K",
            defaultValue = "8",
            description = "Components (default: ${DEFAULT-VALUE}).")
    int components;

    @Option(
            names = "--covariance-type",
            paramLabel = "TYPE",
            defaultValue = "full",
            description = "full, diag, spherical or tied (default: ${DEFAULT-VALUE}).")
    String covarianceType;

    @Option(
            names = "--precision",
            paramLabel = "P",
            defaultValue = "double",
            description = "double or float (default: ${DEFAULT-VALUE}).")
    String precision;

    @Option(
            names = "--repeats",
            paramLabel = "R",
            defaultValue = "5",
            description = "Timed EM steps per backend (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(
            names = "--warmup",
            paramLabel = "W",
            defaultValue = "3",
            description =
                    "Untimed EM steps first, so the JIT and the device are warm (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(
            names = "--seed",
            paramLabel = "S",
            defaultValue = "0",
            description = "Seed of the synthetic case (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--backends",
            paramLabel = "LIST",
            split = ",",
            description = "Backends to time, comma-separated (default: every available one).")
    List<String> only;

    @Option(names = "--json", description = "Print one JSON object instead of the table.")
    boolean json;

    @Mixin Verbosity verbosity;

    /** One backend's figures, or why it could not run. */
    private record Row(
            String backend, String device, double[] seconds, double agreement, String failure) {
        double median() {
            double[] s = seconds.clone();
            Arrays.sort(s);
            int m = s.length / 2;
            return s.length % 2 == 1 ? s[m] : 0.5 * (s[m - 1] + s[m]);
        }
    }

    @Override
    public Integer call() {
        if (rows < 1 || dims < 1 || components < 1 || repeats < 1 || warmup < 0) {
            throw GmmException.input(
                    "-n, -d, -k and --repeats must be at least 1, --warmup at least 0");
        }
        if (components > rows) {
            throw GmmException.input(
                    "-k " + components + " needs at least as many rows (-n " + rows + ")");
        }
        CovarianceType type = CovarianceType.parse(covarianceType);
        Precision p = Precision.parse(precision);
        GaussianMixtureModel truth = SyntheticData.mixture(type, components, dims, seed, 0.0);
        GaussianMixtureModel start = SyntheticData.mixture(type, components, dims, seed, 0.5);
        InMemoryDataSource data =
                InMemoryDataSource.ofDoubles(
                        "synthetic", SyntheticData.rows(truth, rows, seed), dims, null);
        MixtureParameters params = start.parameters();
        SufficientStatistics reference;
        reference = EmStep.reference(data, params);

        List<BackendRegistry.Entry> entries = BackendRegistry.load().entries();
        if (only != null) {
            List<String> known = entries.stream().map(BackendRegistry.Entry::name).toList();
            for (String name : only) {
                if (!known.contains(name)) {
                    throw GmmException.input(
                            "--backends: unknown backend '"
                                    + name
                                    + "'; known: "
                                    + String.join(", ", known));
                }
            }
        }
        List<Row> results = new ArrayList<>();
        for (BackendRegistry.Entry e : entries) {
            if (only != null && !only.contains(e.name())) {
                continue;
            }
            if (!e.availability().available()) {
                if (only != null) {
                    results.add(
                            new Row(
                                    e.name(),
                                    "",
                                    new double[0],
                                    Double.NaN,
                                    "not available: " + e.availability().summary()));
                }
                continue;
            }
            try (ComputeBackend backend = e.provider().open(new BackendOptions(p, 0, null));
                    EmStep step = new EmStep(backend, data)) {
                SufficientStatistics st = step.run(start, 1e-6);
                for (int w = 1; w < warmup; w++) {
                    step.run(start, 1e-6);
                }
                double[] seconds = new double[repeats];
                for (int r = 0; r < repeats; r++) {
                    long t0 = System.nanoTime();
                    st = step.run(start, 1e-6);
                    seconds[r] = (System.nanoTime() - t0) * 1e-9;
                }
                results.add(
                        new Row(
                                e.name(),
                                backend.info().device(),
                                seconds,
                                st.differenceFrom(reference).max(),
                                null));
            } catch (GmmException ex) {
                results.add(new Row(e.name(), "", new double[0], Double.NaN, ex.getMessage()));
            }
        }
        double cpuMedian =
                results.stream()
                        .filter(r -> r.backend().equals("cpu") && r.failure() == null)
                        .mapToDouble(Row::median)
                        .findFirst()
                        .orElse(Double.NaN);
        if (json) {
            printJson(results, cpuMedian, type, p);
        } else {
            printTable(results, cpuMedian, type, p);
        }
        return ExitCodes.OK;
    }

    private void printTable(List<Row> results, double cpuMedian, CovarianceType type, Precision p) {
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                Locale.ROOT,
                "one EM step, N=%d d=%d K=%d %s, %s: median of %d after %d warm-up steps%n",
                rows,
                dims,
                components,
                type.id(),
                p.id(),
                repeats,
                warmup);
        List<List<String>> table = new ArrayList<>();
        for (Row r : results) {
            if (r.failure() != null) {
                table.add(List.of(r.backend(), "-", "-", "-", "-", "failed: " + r.failure()));
                continue;
            }
            double[] s = r.seconds();
            table.add(
                    List.of(
                            r.backend(),
                            String.format(Locale.ROOT, "%.4f", r.median()),
                            String.format(
                                    Locale.ROOT,
                                    "%.4f-%.4f",
                                    Arrays.stream(s).min().orElseThrow(),
                                    Arrays.stream(s).max().orElseThrow()),
                            String.format(Locale.ROOT, "%.2f", r.median() / cpuMedian),
                            String.format(Locale.ROOT, "%.2e", r.agreement()),
                            r.device()));
        }
        for (String line :
                Tables.format(
                        List.of("backend", "s/step", "range", "vs cpu", "agreement", "device"),
                        table)) {
            out.println(line);
        }
        out.println(
                "agreement: largest scaled difference of L, N, S, Q from the CPU reference in double");
        out.flush();
    }

    private void printJson(List<Row> results, double cpuMedian, CovarianceType type, Precision p) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("n", rows);
        doc.put("d", dims);
        doc.put("k", components);
        doc.put("covarianceType", type.id());
        doc.put("precision", p.id());
        doc.put("repeats", repeats);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Row r : results) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("backend", r.backend());
            if (r.failure() != null) {
                m.put("failure", r.failure());
            } else {
                m.put("device", r.device());
                m.put("secondsPerStep", r.seconds());
                m.put("median", r.median());
                m.put("ratioToCpu", r.median() / cpuMedian);
                m.put("agreement", r.agreement());
            }
            list.add(m);
        }
        doc.put("backends", list);
        Reports.printJson(spec.commandLine().getOut(), doc);
    }
}
