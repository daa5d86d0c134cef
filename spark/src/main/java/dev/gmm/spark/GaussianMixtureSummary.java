/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.spark;

import java.io.Serializable;

/**
 * How a fit on Spark ran.
 *
 * @param iterations EM steps (acceleration none) or accelerated iterations of the best
 *     initialisation
 * @param passes statistics jobs over the data the best initialisation took
 * @param converged whether it stopped on tol rather than maxIter
 * @param logLikelihoodHistory the mean log-likelihood of every model EM kept
 * @param logLikelihood the fitted model's mean log-likelihood over the rows
 * @param rows rows fitted
 * @param totalWeight their total weight (the count when unweighted)
 * @param bic BIC on the fitted rows, lower is better
 * @param aic AIC on the fitted rows, lower is better
 * @param icl ICL on the fitted rows (BIC plus twice the entropy of the responsibilities), lower is
 *     better
 * @param emSeconds seconds in the EM loop, all initialisations (initialisation included)
 */
public record GaussianMixtureSummary(
        int iterations,
        int passes,
        boolean converged,
        double[] logLikelihoodHistory,
        double logLikelihood,
        long rows,
        double totalWeight,
        double bic,
        double aic,
        double icl,
        double emSeconds)
        implements Serializable {

    /** A summary; the history is copied. */
    public GaussianMixtureSummary {
        logLikelihoodHistory = logLikelihoodHistory.clone();
    }

    /** The mean log-likelihood of every model EM kept, a copy. */
    @Override
    public double[] logLikelihoodHistory() {
        return logLikelihoodHistory.clone();
    }

    /** The mean log-likelihood of the last model EM kept (scikit-learn's lower_bound_). */
    public double lowerBound() {
        return logLikelihoodHistory[logLikelihoodHistory.length - 1];
    }
}
