/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm;

import dev.gmm.data.DataSource;
import dev.gmm.data.InMemoryDataSource;
import dev.gmm.engine.fit.OpenBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Choosing K and the covariance type: a fit for every pair, on one backend, and the pair with the
 * lowest information criterion (scikit-learn's sign: lower is better).
 *
 * <pre>{@code
 * ModelSelection.Result r = ModelSelection.byBic(x, 1, 8, CovarianceType.values());
 * GaussianMixtureModel best = r.best().model();
 * }</pre>
 */
public final class ModelSelection {

    /** What ranks the candidates; lower is better for each. */
    public enum Criterion {
        /** The Bayesian information criterion: -2 log L + p log n. */
        BIC,
        /** The Akaike information criterion: -2 log L + 2 p. */
        AIC,
        /**
         * The integrated completed likelihood: BIC + 2 x the entropy of the responsibilities
         * (mclust's, with scikit-learn's sign), which favours well separated components.
         */
        ICL;

        /** The lower-case name: bic, aic or icl. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** "bic", "aic" or "icl", any case. */
        public static Criterion parse(String text) {
            for (Criterion c : values()) {
                if (c.id().equalsIgnoreCase(text.trim())) {
                    return c;
                }
            }
            throw GmmException.input("unknown criterion '" + text + "'; expected bic, aic or icl");
        }
    }

    /**
     * One fit of the table: its model and summary, or why it failed (a covariance that is not
     * positive definite, say).
     */
    public record Candidate(
            CovarianceType covarianceType,
            int components,
            GaussianMixtureModel model,
            String failure) {

        /** Whether the fit failed (then {@link #failure} says why). */
        public boolean failed() {
            return model == null;
        }

        /** The criterion's value on the fitted rows; infinite for a failed fit. */
        public double value(Criterion c) {
            if (model == null) {
                return Double.POSITIVE_INFINITY;
            }
            return switch (c) {
                case BIC -> model.summary().bic();
                case AIC -> model.summary().aic();
                case ICL -> model.summary().icl();
            };
        }
    }

    /**
     * Every candidate in the order fitted (types, then K ascending), and the best by the criterion.
     */
    public record Result(List<Candidate> candidates, Candidate best, Criterion criterion) {
        /** A result; the candidate list is copied. */
        public Result {
            candidates = List.copyOf(candidates);
        }
    }

    private ModelSelection() {}

    /** K from {@code minK} to {@code maxK} for each type, by BIC, with default settings. */
    public static Result byBic(double[][] x, int minK, int maxK, CovarianceType... types) {
        return byDefault(x, minK, maxK, Criterion.BIC, types);
    }

    /** K from {@code minK} to {@code maxK} for each type, by AIC, with default settings. */
    public static Result byAic(double[][] x, int minK, int maxK, CovarianceType... types) {
        return byDefault(x, minK, maxK, Criterion.AIC, types);
    }

    /** K from {@code minK} to {@code maxK} for each type, by ICL, with default settings. */
    public static Result byIcl(double[][] x, int minK, int maxK, CovarianceType... types) {
        return byDefault(x, minK, maxK, Criterion.ICL, types);
    }

    private static Result byDefault(
            double[][] x, int minK, int maxK, Criterion criterion, CovarianceType... types) {
        return select(
                InMemoryDataSource.of("the rows", x, null),
                range(minK, maxK),
                List.of(types),
                criterion,
                GaussianMixture.builder().components(1).build());
    }

    /**
     * Fits every K in {@code ks} for every type in {@code types} with {@code settings} (its K and
     * type aside), all on the one backend {@code settings} names. A fit that fails for numerical
     * reasons or bad settings stays in the table as failed; a failure of the backend or the data
     * ends the selection.
     */
    public static Result select(
            DataSource data,
            List<Integer> ks,
            List<CovarianceType> types,
            Criterion criterion,
            GaussianMixture settings) {
        if (ks == null || ks.isEmpty() || types == null || types.isEmpty()) {
            throw GmmException.input(
                    "model selection needs at least one K and one covariance type");
        }
        TreeSet<Integer> sorted = new TreeSet<>(ks);
        if (sorted.first() < 1) {
            throw GmmException.input("every K must be at least 1, got " + sorted.first());
        }
        List<CovarianceType> distinct = types.stream().distinct().toList();
        List<Candidate> table = new ArrayList<>();
        try (OpenBackend b =
                OpenBackend.open(
                        settings.backend(),
                        settings.precision(),
                        settings.device(),
                        settings.threads())) {
            for (CovarianceType type : distinct) {
                for (int k : sorted) {
                    try {
                        table.add(
                                new Candidate(
                                        type,
                                        k,
                                        settings.withComponents(k, type)
                                                .fit(data, b.backend(), b.selection()),
                                        null));
                    } catch (GmmException e) {
                        if (e.category() != GmmException.Category.NUMERIC
                                && e.category() != GmmException.Category.INPUT) {
                            throw e;
                        }
                        table.add(new Candidate(type, k, null, e.getMessage()));
                    }
                }
            }
        }
        Candidate best = null;
        for (Candidate c : table) {
            if (!c.failed() && (best == null || c.value(criterion) < best.value(criterion))) {
                best = c;
            }
        }
        if (best == null) {
            throw GmmException.input("no fit succeeded: " + table.get(0).failure());
        }
        return new Result(table, best, criterion);
    }

    private static List<Integer> range(int minK, int maxK) {
        if (minK < 1 || maxK < minK) {
            throw GmmException.input(
                    "K from " + minK + " to " + maxK + " is not a range of counts >= 1");
        }
        List<Integer> ks = new ArrayList<>();
        for (int k = minK; k <= maxK; k++) {
            ks.add(k);
        }
        return ks;
    }
}
