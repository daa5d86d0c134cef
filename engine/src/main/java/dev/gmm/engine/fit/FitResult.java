/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.engine.fit;

import dev.gmm.GaussianMixtureModel;
import dev.gmm.spi.BackendInfo;
import java.util.List;

/**
 * What a fit produced.
 *
 * @param model the best model over all initialisations
 * @param iterations EM steps the best run took (each an E-step then an M-step)
 * @param converged whether the best run stopped on {@code tol} rather than {@code maxIter}
 * @param lowerBound the mean log-likelihood at the last E-step of the best run (as scikit-learn's
 *     lower_bound_)
 * @param history the mean log-likelihood at every E-step of the best run
 * @param meanLogLikelihood the mean log-likelihood of {@link #model} itself, from the final pass
 * @param rows rows fitted
 * @param totalWeight their total weight (= rows when unweighted)
 * @param bestInit which initialisation (0-based) gave the model
 * @param notices things a user should know, one line each (emptied components)
 * @param verification the comparison with the CPU reference, when asked for
 * @param labels the most probable component of every row, when asked for
 * @param backend what ran the statistics passes
 * @param initSeconds time making the initial models
 * @param emSeconds time in the EM loop alone, all initialisations
 * @param streaming whether rows were streamed each step rather than held resident
 */
public record FitResult(
        GaussianMixtureModel model,
        int iterations,
        boolean converged,
        double lowerBound,
        double[] history,
        double meanLogLikelihood,
        long rows,
        double totalWeight,
        int bestInit,
        List<String> notices,
        Verification verification,
        int[] labels,
        BackendInfo backend,
        double initSeconds,
        double emSeconds,
        boolean streaming) {

    /** Total log-likelihood of the model over the (weighted) rows. */
    public double totalLogLikelihood() {
        return meanLogLikelihood * totalWeight;
    }

    /** BIC of the final model on the fitted rows, scikit-learn's sign: lower is better. */
    public double bic() {
        return model.bic(totalLogLikelihood(), totalWeight);
    }

    /** AIC of the final model on the fitted rows: lower is better. */
    public double aic() {
        return model.aic(totalLogLikelihood());
    }
}
