/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm;

/**
 * Hears about a fit as it runs (progress on a terminal, logs), and may cancel it; every method has
 * a default that does nothing. Called on the fitting thread.
 */
public interface FitListener {

    /** A listener that hears nothing and never cancels. */
    FitListener NONE = new FitListener() {};

    /**
     * After each pass whose model EM keeps: which restart, the pass's number (every step in plain
     * EM; under SQUAREM a dropped extrapolation's pass is skipped), the mean log-likelihood and its
     * change from the model kept before.
     */
    default void onStep(int restart, int step, double meanLogLikelihood, double change) {}

    /** Something a user should know (an emptied component, no convergence by maxIter), one line. */
    default void onNotice(String message) {}

    /**
     * Asked after every EM step: true stops the fit, which then throws a {@link GmmException} of
     * category {@link GmmException.Category#CANCELLED}.
     */
    default boolean cancelled() {
        return false;
    }
}
