/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.engine;

import dev.gmm.CovarianceType;
import dev.gmm.GaussianMixtureModel;
import dev.gmm.GmmException;
import dev.gmm.spi.SufficientStatistics;

/**
 * The M-step: new parameters from sufficient statistics, in double, on the host.
 *
 * <pre>
 *   mu_k' = c_k + S_k / N_k
 *   Sigma_k' = Q_k / N_k - (S_k/N_k)(S_k/N_k)^T + reg I   (then per covariance type)
 *   pi_k' = N_k / sum N
 * </pre>
 *
 * A component whose N_k falls below {@link #EMPTY_SHARE} of the total weight keeps its previous
 * mean and covariance (its weight becomes its tiny share) and is reported, so no 0/0 reaches a
 * model.
 */
public final class MaximizationStep {

    /** N_k below this share of the total weight counts as empty: less than a row in ten billion. */
    public static final double EMPTY_SHARE = 1e-10;

    /** The new model and the components that were empty (ascending). */
    public record Outcome(GaussianMixtureModel model, int[] emptied) {}

    private MaximizationStep() {}

    /**
     * @param previous the model the statistics were computed under; its parameters are kept for
     *     empty components. May be null only when no component can be empty (initialisation from a
     *     partition), else empty components are an error.
     * @param context where this happens, for error messages ("EM step 7", "initialisation")
     */
    public static Outcome apply(
            SufficientStatistics st,
            GaussianMixtureModel previous,
            double regCovar,
            String context) {
        CovarianceType type = st.covarianceType();
        int k = st.components();
        int d = st.dimensions();
        double[] n = st.componentWeights();
        double[] s = st.shiftedSums();
        double[] c = st.shifts();
        double total = 0;
        for (double v : n) {
            total += v;
        }
        if (!(total > 0) || !Double.isFinite(total)) {
            throw new GmmException(
                    GmmException.Category.NUMERIC,
                    context
                            + ": the components received no weight (total "
                            + total
                            + "); check the data and weights");
        }
        boolean[] kept = new boolean[k];
        int emptied = 0;
        for (int j = 0; j < k; j++) {
            kept[j] = !(n[j] >= EMPTY_SHARE * total);
            if (kept[j]) {
                emptied++;
                if (previous == null) {
                    throw new GmmException(
                            GmmException.Category.NUMERIC,
                            context
                                    + ": component "
                                    + j
                                    + " received no rows; use fewer components");
                }
            }
        }
        double[] weights = new double[k];
        double[] means = new double[k * d];
        for (int j = 0; j < k; j++) {
            weights[j] = n[j] / total;
            for (int i = 0; i < d; i++) {
                means[j * d + i] =
                        kept[j]
                                ? previous.parameters().means()[j * d + i]
                                : c[j * d + i] + s[j * d + i] / n[j];
            }
        }
        double[][] covs =
                previous != null ? previous.covarianceBlocks() : new double[type.blocks(k)][];
        CovarianceLayout.estimate(
                type,
                covs,
                new CovarianceLayout.Moments(k, d, n, s, st.shiftedMoments(), kept),
                regCovar);
        for (int b = 0; b < covs.length; b++) {
            if (covs[b] == null) {
                throw new GmmException(
                        GmmException.Category.NUMERIC, context + ": no component received weight");
            }
        }
        String what =
                type == CovarianceType.TIED
                        ? "the tied covariance"
                        : "the covariance of component %d";
        String advice =
                " is not positive definite; increase the covariance regularisation (regCovar, now "
                        + regCovar
                        + "), use fewer components, or scale the data";
        GaussianMixtureModel model =
                GaussianMixtureModel.fromEstimates(
                        type,
                        d,
                        weights,
                        means,
                        covs,
                        b -> context + ": " + String.format(what, b) + advice);
        int[] list = new int[emptied];
        for (int j = 0, e = 0; j < k; j++) {
            if (kept[j]) {
                list[e++] = j;
            }
        }
        return new Outcome(model, list);
    }
}
