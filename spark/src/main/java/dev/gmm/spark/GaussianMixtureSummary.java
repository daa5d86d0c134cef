/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.spark;

import java.io.Serializable;

/**
 * How a fit on Spark ran.
 *
 * @param iterations EM steps of the best initialisation
 * @param converged whether it stopped on tol rather than maxIter
 * @param logLikelihoodHistory the mean log-likelihood at every E-step
 * @param logLikelihood the fitted model's mean log-likelihood over the rows
 * @param rows rows fitted
 * @param totalWeight their total weight (the count when unweighted)
 * @param bic BIC on the fitted rows, lower is better
 * @param aic AIC on the fitted rows, lower is better
 * @param emSeconds seconds in the EM loop, all initialisations (initialisation included)
 */
public record GaussianMixtureSummary(
        int iterations,
        boolean converged,
        double[] logLikelihoodHistory,
        double logLikelihood,
        long rows,
        double totalWeight,
        double bic,
        double aic,
        double emSeconds)
        implements Serializable {

    /** A summary; the history is copied. */
    public GaussianMixtureSummary {
        logLikelihoodHistory = logLikelihoodHistory.clone();
    }

    /** The mean log-likelihood at every E-step, a copy. */
    @Override
    public double[] logLikelihoodHistory() {
        return logLikelihoodHistory.clone();
    }

    /** The mean log-likelihood at the last E-step (scikit-learn's lower_bound_). */
    public double lowerBound() {
        return logLikelihoodHistory[logLikelihoodHistory.length - 1];
    }
}
