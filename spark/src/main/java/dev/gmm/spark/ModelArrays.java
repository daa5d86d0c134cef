/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.spark;

import dev.gmm.CovarianceType;
import dev.gmm.GaussianMixtureModel;
import java.io.Serializable;

/** A model as the numbers that define it: what each EM step sends to the executors. */
final class ModelArrays implements Serializable {

    private static final long serialVersionUID = 1L;

    private final CovarianceType type;
    private final double[] weights;
    private final double[][] means;
    private final double[][] covariances;

    ModelArrays(GaussianMixtureModel m) {
        this.type = m.covarianceType();
        this.weights = m.weights();
        this.means = m.means();
        this.covariances = m.covarianceBlocks();
    }

    /** How many numbers define the model. */
    int size() {
        int n = weights.length;
        for (double[] m : means) {
            n += m.length;
        }
        for (double[] c : covariances) {
            n += c.length;
        }
        return n;
    }

    /** The model again; bit-identical to the one these arrays were taken from. */
    GaussianMixtureModel model() {
        return GaussianMixtureModel.of(type, weights, means, covariances);
    }
}
