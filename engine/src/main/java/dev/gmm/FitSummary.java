/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a fit did: how EM ran (iterations, convergence, the lower bound at every step), on what (the
 * backend, its device and precision, and why it was chosen), how long it took, and, when asked for,
 * how the backend's statistics compared with the CPU reference. Immutable.
 */
public final class FitSummary {

    /**
     * The backend's final statistics re-computed by the CPU reference in double.
     *
     * @param rows rows compared (all, or a seeded sample)
     * @param tolerance the largest scaled difference accepted
     * @param maxDifference the largest of the four below
     * @param logLikelihood scaled difference of the log-likelihood L
     * @param weights of the component weights N
     * @param sums of the shifted sums S
     * @param moments of the shifted second moments Q
     */
    public record Verification(
            long rows,
            double tolerance,
            double maxDifference,
            double logLikelihood,
            double weights,
            double sums,
            double moments) {

        /** Whether the largest difference is within the tolerance. */
        public boolean passed() {
            return maxDifference <= tolerance;
        }
    }

    private final int iterations;
    private final int passes;
    private final boolean converged;
    private final double[] history;
    private final double meanLogLikelihood;
    private final long rows;
    private final double totalWeight;
    private final double bic;
    private final double aic;
    private final double icl;
    private final int bestInit;
    private final List<String> notices;
    private final String backend;
    private final String device;
    private final Precision precision;
    private final String backendReason;
    private final List<String> backendNotes;
    private final double initSeconds;
    private final double emSeconds;
    private final boolean streaming;
    private final Verification verification;
    private final Map<String, Object> settings;

    // every field once, from the engine's run; not for callers
    FitSummary(
            int iterations,
            int passes,
            boolean converged,
            double[] history,
            double meanLogLikelihood,
            long rows,
            double totalWeight,
            double bic,
            double aic,
            double icl,
            int bestInit,
            List<String> notices,
            String backend,
            String device,
            Precision precision,
            String backendReason,
            List<String> backendNotes,
            double initSeconds,
            double emSeconds,
            boolean streaming,
            Verification verification,
            Map<String, Object> settings) {
        this.iterations = iterations;
        this.passes = passes;
        this.converged = converged;
        this.history = history.clone();
        this.meanLogLikelihood = meanLogLikelihood;
        this.rows = rows;
        this.totalWeight = totalWeight;
        this.bic = bic;
        this.aic = aic;
        this.icl = icl;
        this.bestInit = bestInit;
        this.notices = List.copyOf(notices);
        this.backend = backend;
        this.device = device;
        this.precision = precision;
        this.backendReason = backendReason;
        this.backendNotes = List.copyOf(backendNotes);
        this.initSeconds = initSeconds;
        this.emSeconds = emSeconds;
        this.streaming = streaming;
        this.verification = verification;
        this.settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /**
     * What the best initialisation took: EM steps (plain EM), or accelerated iterations of three
     * passes each (SQUAREM).
     */
    public int iterations() {
        return iterations;
    }

    /**
     * Statistics passes over the data the best initialisation took, each an E-step and an M-step:
     * the unit of cost.
     */
    public int passes() {
        return passes;
    }

    /**
     * Whether the best run stopped on {@code tol}; false when it stopped at {@code maxIter}, which
     * the listener was told as a notice (as scikit-learn warns).
     */
    public boolean converged() {
        return converged;
    }

    /**
     * The mean log-likelihood of the last model EM kept, at its E-step (scikit-learn's {@code
     * lower_bound_}).
     */
    public double lowerBound() {
        return history[history.length - 1];
    }

    /**
     * The mean log-likelihood of every model EM kept in the best run, in order, a copy: every
     * E-step in plain EM; under SQUAREM, every pass but those whose extrapolated point was dropped.
     */
    public double[] lowerBoundHistory() {
        return history.clone();
    }

    /**
     * The mean log-likelihood of the fitted model itself over the rows (one pass after the last
     * step).
     */
    public double meanLogLikelihood() {
        return meanLogLikelihood;
    }

    /** The rows fitted. */
    public long rows() {
        return rows;
    }

    /** The rows' total weight; their count when unweighted. */
    public double totalWeight() {
        return totalWeight;
    }

    /** BIC of the fitted model on the fitted rows, scikit-learn's sign: lower is better. */
    public double bic() {
        return bic;
    }

    /** AIC of the fitted model on the fitted rows: lower is better. */
    public double aic() {
        return aic;
    }

    /**
     * ICL of the fitted model on the fitted rows: BIC plus twice the entropy of the
     * responsibilities, lower is better.
     */
    public double icl() {
        return icl;
    }

    /** Which initialisation (0-based) gave the model, of {@code nInit}. */
    public int bestInit() {
        return bestInit;
    }

    /**
     * Things a user should know, one line each: emptied components, low-variance columns, no
     * convergence.
     */
    public List<String> notices() {
        return notices;
    }

    /** The backend that ran the statistics passes ("cpu", "opencl", "cuda"). */
    public String backend() {
        return backend;
    }

    /** Its device, in words ("Java 17, 2 threads, Vector API"). */
    public String device() {
        return device;
    }

    /** The precision the statistics passes computed in. */
    public Precision precision() {
        return precision;
    }

    /** Why that backend ran: asked for by name, or what {@code auto} found. */
    public String backendReason() {
        return backendReason;
    }

    /**
     * What the backend said about how it ran (a fallback kernel, a path switched off), one line
     * each.
     */
    public List<String> backendNotes() {
        return backendNotes;
    }

    /** Seconds making the initial models, all initialisations. */
    public double initSeconds() {
        return initSeconds;
    }

    /** Seconds in the EM loop alone, all initialisations. */
    public double emSeconds() {
        return emSeconds;
    }

    /** Whether the rows were streamed every step rather than held by the backend. */
    public boolean streaming() {
        return streaming;
    }

    /** The comparison with the CPU reference, when the fit asked for it. */
    public Optional<Verification> verification() {
        return Optional.ofNullable(verification);
    }

    /**
     * The settings the fit ran with (components, covarianceType, init, maxIter, tol, regCovar,
     * nInit, seed), as a model file's metadata records them.
     */
    public Map<String, Object> settings() {
        return settings;
    }

    @Override
    public String toString() {
        return "FitSummary["
                + (converged ? "converged" : "not converged")
                + " after "
                + iterations
                + " steps, lower bound "
                + lowerBound()
                + ", "
                + backend
                + " "
                + precision.id()
                + ", "
                + String.format(java.util.Locale.ROOT, "%.3f", emSeconds)
                + " s, history "
                + Arrays.toString(history)
                + "]";
    }
}
