package dev.gmm;

/** Hears about a fit as it runs (progress on a terminal, logs); every method may be ignored. */
public interface FitListener {

    FitListener NONE = new FitListener() {
    };

    /** After each EM step: which restart, which step, the mean log-likelihood and its change. */
    default void onStep(int restart, int step, double meanLogLikelihood, double change) {
    }

    /** Something a user should know (an emptied component, say), one line. */
    default void onNotice(String message) {
    }
}
