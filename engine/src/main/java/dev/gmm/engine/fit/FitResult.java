/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.engine.fit;

import dev.gmm.GaussianMixtureModel;
import dev.gmm.spi.BackendInfo;
import java.util.List;

/**
 * What a fit produced, in four parts and the model.
 *
 * @param model the best model over all initialisations
 * @param convergence how EM ran to it
 * @param data the final pass of the model over the rows, and what ran it
 * @param timings where the time went
 * @param verification the comparison with the CPU reference, when asked for (else null)
 */
public record FitResult(
        GaussianMixtureModel model,
        Convergence convergence,
        Data data,
        Timings timings,
        Verification verification) {

    /**
     * How the best run went.
     *
     * @param iterations EM steps it took (each an E-step then an M-step)
     * @param converged whether it stopped on {@code tol} rather than {@code maxIter}
     * @param history the mean log-likelihood at every E-step
     * @param bestInit which initialisation (0-based) it was
     * @param notices things a user should know, one line each (emptied components, no convergence)
     */
    public record Convergence(
            int iterations,
            int passes,
            boolean converged,
            double[] history,
            int bestInit,
            List<String> notices) {

        public Convergence {
            history = history.clone();
            notices = List.copyOf(notices);
        }

        /** The mean log-likelihood at the last E-step (scikit-learn's lower_bound_). */
        public double lowerBound() {
            return history[history.length - 1];
        }
    }

    /**
     * The final pass of the model over the rows.
     *
     * @param meanLogLikelihood the (weighted) mean log-likelihood of the model itself
     * @param rows rows fitted
     * @param totalWeight their total weight (= rows when unweighted)
     * @param entropy the entropy of the responsibilities, -Σ w_i Σ_k r_ik log r_ik
     * @param labels the most probable component of every row, when asked for (else null)
     * @param backend what ran the statistics passes
     * @param streaming whether rows were streamed each step rather than held resident
     */
    public record Data(
            double meanLogLikelihood,
            long rows,
            double totalWeight,
            double entropy,
            int[] labels,
            BackendInfo backend,
            boolean streaming) {

        /** Total log-likelihood of the model over the (weighted) rows. */
        public double totalLogLikelihood() {
            return meanLogLikelihood * totalWeight;
        }
    }

    /**
     * Where the time went.
     *
     * @param initSeconds making the initial models, all initialisations
     * @param emSeconds in the EM loop alone, all initialisations
     */
    public record Timings(double initSeconds, double emSeconds) {}

    /** BIC of the final model on the fitted rows, scikit-learn's sign: lower is better. */
    public double bic() {
        return model.bic(data.totalLogLikelihood(), data.totalWeight());
    }

    /** AIC of the final model on the fitted rows: lower is better. */
    public double aic() {
        return model.aic(data.totalLogLikelihood());
    }

    /**
     * ICL of the final model on the fitted rows: BIC plus twice the entropy of the responsibilities
     * (mclust's criterion with scikit-learn's sign), lower is better.
     */
    public double icl() {
        return bic() + 2 * data.entropy();
    }
}
