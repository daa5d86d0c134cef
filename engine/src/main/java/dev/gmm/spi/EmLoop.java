/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.spi;

import dev.gmm.FitListener;
import dev.gmm.GaussianMixtureModel;
import dev.gmm.GmmException;
import dev.gmm.engine.MaximizationStep;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The EM loop over any statistics pass: the engine's driver runs it over its chunks, the Spark
 * module over its partitions. Each step is one pass under the current model, then the M-step; it
 * stops when the mean log-likelihood changes by less than {@code tol} ({@code tol = 0} runs exactly
 * {@code maxIter} steps), as scikit-learn does.
 */
public final class EmLoop {

    /** One statistics pass over all rows under a model's parameters. */
    @FunctionalInterface
    public interface Pass {
        /** The merged statistics of every row under {@code model}. */
        SufficientStatistics accumulate(GaussianMixtureModel model);
    }

    /**
     * How a run went.
     *
     * @param model the model after the last M-step
     * @param iterations EM steps taken
     * @param converged whether it stopped on {@code tol} rather than {@code maxIter}
     * @param history the mean log-likelihood at every E-step
     * @param notices what the listener was told, one line each (emptied components)
     */
    public record Result(
            GaussianMixtureModel model,
            int iterations,
            boolean converged,
            double[] history,
            List<String> notices) {

        /** A result; the history and notices are copied. */
        public Result {
            history = history.clone();
            notices = List.copyOf(notices);
        }

        /** The history, a copy. */
        @Override
        public double[] history() {
            return history.clone();
        }

        /** The mean log-likelihood at the last E-step (scikit-learn's lower_bound_). */
        public double lowerBound() {
            return history[history.length - 1];
        }
    }

    private EmLoop() {}

    /**
     * EM from {@code start} over {@code pass}. {@code listener} hears every step and notice and may
     * cancel; {@code restart} of {@code restarts} labels them when a fit makes several starts.
     */
    public static Result run(
            GaussianMixtureModel start,
            int maxIter,
            double tol,
            double regCovar,
            Pass pass,
            FitListener listener,
            int restart,
            int restarts) {
        GaussianMixtureModel model = start;
        boolean[] emptied = new boolean[start.components()];
        List<String> notices = new ArrayList<>();
        double[] history = new double[maxIter];
        double previous = Double.NEGATIVE_INFINITY;
        for (int step = 1; step <= maxIter; step++) {
            SufficientStatistics st = pass.accumulate(model);
            double mean = st.meanLogLikelihood();
            if (!Double.isFinite(mean)) {
                throw new GmmException(
                        GmmException.Category.NUMERIC,
                        "EM step "
                                + step
                                + ": the mean log-likelihood is "
                                + mean
                                + "; scale the data or increase regCovar (now "
                                + regCovar
                                + ")");
            }
            history[step - 1] = mean;
            MaximizationStep.Outcome out =
                    MaximizationStep.apply(st, model, regCovar, "EM step " + step);
            for (int c : out.emptied()) {
                if (!emptied[c]) {
                    // once per component and run: an empty component usually stays empty
                    emptied[c] = true;
                    String msg =
                            (restarts > 1 ? "initialisation " + (restart + 1) + ", " : "")
                                    + "EM step "
                                    + step
                                    + ": component "
                                    + c
                                    + " received almost no weight (N = "
                                    + String.format(Locale.ROOT, "%.3g", st.componentWeights()[c])
                                    + "); it keeps its previous mean and covariance";
                    notices.add(msg);
                    listener.onNotice(msg);
                }
            }
            model = out.model();
            double change = mean - previous;
            listener.onStep(restart, step, mean, change);
            if (listener.cancelled()) {
                throw new GmmException(
                        GmmException.Category.CANCELLED,
                        "the fit was cancelled after EM step " + step);
            }
            if (Math.abs(change) < tol) {
                return new Result(model, step, true, Arrays.copyOf(history, step), notices);
            }
            previous = mean;
        }
        return new Result(model, maxIter, false, history, notices);
    }
}
