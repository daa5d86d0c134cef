/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.gmm.Acceleration;
import dev.gmm.FitSummary;
import dev.gmm.GaussianMixture;
import dev.gmm.GaussianMixtureModel;
import dev.gmm.GmmException;
import dev.gmm.data.AtomicOutput;
import dev.gmm.data.DataSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What a fit says about itself: the terminal summary, the report file, and a model's metadata. */
final class Reports {

    /** Mean columns shown in the summary table; wider data gets the first few and an ellipsis. */
    private static final int SHOWN_COLUMNS = 6;

    /** Up to this many dimensions the table also shows standard deviations. */
    private static final int SD_COLUMNS = 3;

    private Reports() {}

    static void writeReport(
            Path target, GaussianMixtureModel model, DataSource source, double loadSeconds) {
        FitSummary r = model.summary();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backend", r.backend());
        m.put("device", r.device());
        m.put("precision", r.precision().id());
        m.put("n", r.rows());
        m.put("d", source.dims());
        m.put("k", model.components());
        m.put("covarianceType", model.covarianceType().id());
        m.put("iterations", r.iterations());
        m.put("passes", r.passes());
        m.put("converged", r.converged());
        m.put("lowerBound", r.lowerBound());
        m.put("lowerBoundHistory", r.lowerBoundHistory());
        m.put("meanLogLikelihood", r.meanLogLikelihood());
        m.put("bic", r.bic());
        m.put("aic", r.aic());
        m.put("icl", r.icl());
        m.put("loadSeconds", loadSeconds);
        m.put("initSeconds", r.initSeconds());
        m.put("emSeconds", r.emSeconds());
        m.put("streaming", r.streaming());
        m.put("notices", r.notices().stream().map(Flags::inCliTerms).toList());
        r.verification()
                .ifPresent(
                        v -> {
                            Map<String, Object> ver = new LinkedHashMap<>();
                            ver.put("rows", v.rows());
                            ver.put("tolerance", v.tolerance());
                            ver.put("maxDifference", v.maxDifference());
                            ver.put("logLikelihood", v.logLikelihood());
                            ver.put("weights", v.weights());
                            ver.put("sums", v.sums());
                            ver.put("moments", v.moments());
                            ver.put("passed", v.passed());
                            m.put("verification", ver);
                        });
        writeJson(target, m);
    }

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static void writeJson(Path target, Object value) {
        AtomicOutput.write(target, out -> JSON.writeValue(out, value));
    }

    static void printJson(java.io.PrintWriter out, Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new GmmException(
                    GmmException.Category.INTERNAL, "cannot write JSON: " + e.getMessage(), e);
        }
        out.flush();
    }

    static void printFitSummary(
            Console c, GaussianMixtureModel m, DataSource source, String data, GaussianMixture o) {
        FitSummary r = m.summary();
        c.summary(
                "fit: %s, %d rows x %d column%s, K=%d %s",
                data,
                r.rows(),
                source.dims(),
                source.dims() == 1 ? "" : "s",
                m.components(),
                m.covarianceType().id());
        c.summary(
                "backend: %s on %s, %s precision (%s)",
                r.backend(), r.device(), r.precision().id(), r.backendReason());
        for (String note : r.backendNotes()) {
            c.summary("  %s", note);
        }
        String outcome =
                r.converged()
                        ? String.format(
                                Locale.ROOT, "converged after %s (tol %s)", work(r, o), o.tol())
                        : String.format(
                                Locale.ROOT,
                                "stopped at max-iter after %s without converging (tol %s)",
                                work(r, o),
                                o.tol());
        c.summary(
                "EM: %s in %.3f s%s",
                outcome,
                r.emSeconds(),
                o.nInit() > 1
                        ? String.format(
                                Locale.ROOT,
                                "; best of %d initialisations: #%d",
                                o.nInit(),
                                r.bestInit() + 1)
                        : "");
        c.summary(
                "mean log-likelihood %.6f   BIC %.2f   AIC %.2f   ICL %.2f",
                r.meanLogLikelihood(), r.bic(), r.aic(), r.icl());
        r.verification()
                .ifPresent(
                        v ->
                                c.summary(
                                        "verified against the CPU reference on %d rows: max %.3g (L %.3g, N %.3g,"
                                                + " S %.3g, Q %.3g) %s %.3g",
                                        v.rows(),
                                        v.maxDifference(),
                                        v.logLikelihood(),
                                        v.weights(),
                                        v.sums(),
                                        v.moments(),
                                        v.passed() ? "<=" : ">",
                                        v.tolerance()));
        printComponents(c, m, source.columns());
    }

    /** The component table: weight and mean per column (the first few when there are many). */
    /** "12 steps", or "5 iterations (15 passes)" when accelerated. */
    private static String work(FitSummary r, GaussianMixture o) {
        return o.acceleration() == Acceleration.NONE
                ? r.iterations() + (r.iterations() == 1 ? " step" : " steps")
                : r.iterations()
                        + (r.iterations() == 1 ? " iteration (" : " iterations (")
                        + r.passes()
                        + " passes)";
    }

    static void printComponents(Console c, GaussianMixtureModel m, List<String> columns) {
        int d = m.dimensions();
        int shown = Math.min(d, SHOWN_COLUMNS);
        List<String> header = new ArrayList<>(List.of("component", "weight"));
        boolean sds = d <= SD_COLUMNS;
        for (int j = 0; j < shown; j++) {
            header.add("mean " + columns.get(j));
        }
        if (sds) {
            for (int j = 0; j < d; j++) {
                header.add("sd " + columns.get(j));
            }
        }
        List<List<String>> rows = new ArrayList<>();
        for (int k = 0; k < m.components(); k++) {
            List<String> row =
                    new ArrayList<>(
                            List.of(
                                    Integer.toString(k),
                                    String.format(Locale.ROOT, "%.4f", m.weight(k))));
            double[] mean = m.mean(k);
            for (int j = 0; j < shown; j++) {
                row.add(String.format(Locale.ROOT, "%.5g", mean[j]));
            }
            if (sds) {
                double[][] cov = m.covariance(k);
                for (int j = 0; j < d; j++) {
                    row.add(String.format(Locale.ROOT, "%.4g", Math.sqrt(cov[j][j])));
                }
            }
            rows.add(row);
        }
        for (String line : Tables.format(header, rows)) {
            c.summary("%s", line);
        }
        if (shown < d) {
            c.summary("(%d more columns in the model file)", d - shown);
        }
    }
}
