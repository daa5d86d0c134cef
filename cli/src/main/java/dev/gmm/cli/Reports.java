package dev.gmm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.gmm.GaussianMixtureModel;
import dev.gmm.GmmException;
import dev.gmm.data.AtomicOutput;
import dev.gmm.data.DataSource;
import dev.gmm.engine.fit.FitOptions;
import dev.gmm.engine.fit.FitResult;
import dev.gmm.spi.BackendInfo;
import dev.gmm.spi.BackendSelection;
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

    private Reports() {
    }

    /** The model file's metadata: fit settings and outcome. */
    static Map<String, Object> metadata(FitResult r, FitOptions o, DataSource source, String data) {
        Map<String, Object> fit = new LinkedHashMap<>();
        fit.put("components", r.model().components());
        fit.put("covarianceType", r.model().covarianceType().id());
        fit.put("init", o.initModel() != null ? "model" : o.init().id());
        fit.put("maxIter", o.maxIter());
        fit.put("tol", o.tol());
        fit.put("regCovar", o.regCovar());
        fit.put("nInit", o.nInit());
        fit.put("seed", o.seed());
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("createdBy", new Version().getVersion()[0]);
        meta.put("data", data);
        meta.put("columns", source.columns());
        meta.put("rows", r.rows());
        meta.put("fit", fit);
        meta.put("iterations", r.iterations());
        meta.put("converged", r.converged());
        meta.put("lowerBound", r.lowerBound());
        meta.put("meanLogLikelihood", r.meanLogLikelihood());
        meta.put("bic", r.bic());
        meta.put("aic", r.aic());
        // the device (thread count, GPU) is a fact of the run, in the report: the model file is
        // the same byte for byte however the fit was run
        meta.put("backend", r.backend().backend());
        meta.put("precision", r.backend().precision().id());
        return meta;
    }

    static void writeReport(Path target, FitResult r, DataSource source, double loadSeconds) {
        BackendInfo b = r.backend();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backend", b.backend());
        m.put("device", b.device());
        m.put("precision", b.precision().id());
        m.put("n", r.rows());
        m.put("d", source.dims());
        m.put("k", r.model().components());
        m.put("covarianceType", r.model().covarianceType().id());
        m.put("iterations", r.iterations());
        m.put("converged", r.converged());
        m.put("lowerBound", r.lowerBound());
        m.put("lowerBoundHistory", r.history());
        m.put("meanLogLikelihood", r.meanLogLikelihood());
        m.put("bic", r.bic());
        m.put("aic", r.aic());
        m.put("loadSeconds", loadSeconds);
        m.put("initSeconds", r.initSeconds());
        m.put("emSeconds", r.emSeconds());
        m.put("streaming", r.streaming());
        m.put("notices", r.notices());
        if (r.verification() != null) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("rows", r.verification().rows());
            v.put("tolerance", r.verification().tolerance());
            v.put("maxDifference", r.verification().difference().max());
            v.put("logLikelihood", r.verification().difference().logLikelihood());
            v.put("weights", r.verification().difference().weights());
            v.put("sums", r.verification().difference().sums());
            v.put("moments", r.verification().difference().moments());
            v.put("passed", r.verification().passed());
            m.put("verification", v);
        }
        writeJson(target, m);
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static void writeJson(Path target, Object value) {
        AtomicOutput.write(target, out -> JSON.writeValue(out, value));
    }

    static void printJson(java.io.PrintWriter out, Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new GmmException(GmmException.Category.INTERNAL, "cannot write JSON: " + e.getMessage(), e);
        }
        out.flush();
    }

    static void printFitSummary(Console c, FitResult r, DataSource source, String data, BackendSelection selection,
                                FitOptions o) {
        GaussianMixtureModel m = r.model();
        c.summary("fit: %s, %d rows x %d column%s, K=%d %s", data, r.rows(), source.dims(),
                source.dims() == 1 ? "" : "s", m.components(), m.covarianceType().id());
        BackendInfo b = r.backend();
        c.summary("backend: %s on %s, %s precision (%s)", b.backend(), b.device(), b.precision().id(), selection.reason());
        for (String note : b.notes()) {
            c.summary("  %s", note);
        }
        String outcome = r.converged()
                ? String.format(Locale.ROOT, "converged after %d steps (tol %s)", r.iterations(), o.tol())
                : String.format(Locale.ROOT, "stopped at max-iter %d without converging (tol %s)", r.iterations(), o.tol());
        c.summary("EM: %s in %.3f s%s", outcome, r.emSeconds(),
                o.nInit() > 1 ? String.format(Locale.ROOT, "; best of %d initialisations: #%d", o.nInit(), r.bestInit() + 1) : "");
        c.summary("mean log-likelihood %.6f   BIC %.2f   AIC %.2f", r.meanLogLikelihood(), r.bic(), r.aic());
        if (r.verification() != null) {
            c.summary("%s", r.verification());
        }
        printComponents(c, m, source.columns());
    }

    /** The component table: weight and mean per column (the first few when there are many). */
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
            List<String> row = new ArrayList<>(List.of(Integer.toString(k), String.format(Locale.ROOT, "%.4f", m.weight(k))));
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
