/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.spi;

/**
 * What one scoring pass tells of a model over some rows, additive like the statistics: the rows,
 * their total weight, the total (weighted) log-likelihood, and the entropy of the responsibilities,
 * -Σ w_i Σ_k r_ik log r_ik, which ICL adds twice to BIC.
 */
public record ScoreTotals(long rows, double totalWeight, double logLikelihood, double entropy) {

    /** The (weighted) mean log-likelihood. */
    public double meanLogLikelihood() {
        return logLikelihood / totalWeight;
    }

    /** These totals and {@code o}'s together (merge in a fixed order for the same bits). */
    public ScoreTotals plus(ScoreTotals o) {
        return new ScoreTotals(
                rows + o.rows,
                totalWeight + o.totalWeight,
                logLikelihood + o.logLikelihood,
                entropy + o.entropy);
    }
}
