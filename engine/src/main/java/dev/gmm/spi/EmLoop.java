/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.spi;

import dev.gmm.Acceleration;
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
 * module over its partitions. Every pass is one ordinary statistics pass under some model, followed
 * by the M-step; acceleration only chooses the models.
 *
 * <p>Plain EM ({@link Acceleration#NONE}) takes one pass per step, as scikit-learn does, iterate
 * for iterate. SQUAREM (Varadhan and Roland, 2008, scheme S3) takes three per iteration: two EM
 * maps from θ0 give θ1 and θ2; the point θ' = θ0 + 2αr + α²v, with r = θ1 - θ0, v = θ2 - 2θ1 + θ0
 * and α = |r|/|v| (at least 1, at most a cap that starts at 1 and grows fourfold each time it is
 * reached), is evaluated, and an EM map from it stabilises the next iterate. At α = 1, θ' is θ2 and
 * the iteration is three EM steps. A point whose weights leave the simplex or whose covariances,
 * less half of regCovar on the diagonal, are not positive definite moves halfway towards θ2 until
 * it is valid; one whose log-likelihood is below θ1's (by more than rounding, 1e-9 of it) is
 * dropped for θ2 (the pass is lost, the cap shrinks). So the log-likelihoods of the models kept
 * never decrease, as in EM itself, to within that rounding.
 *
 * <p>The stopping rule sees the mean log-likelihood of every kept model. It stops when, over three
 * models each the EM map of the one before, the last change Δ is below {@code tol} and the gain
 * still to come that EM's rate projects (Aitken: Δ·ρ/(1 - ρ), with ρ the ratio of the last two
 * changes) is below a tenth of it. ρ is the largest of the last three such ratios, and while the
 * ratio rises, as it does after EM's first fast steps, the ratio plus twice its rise if that is
 * larger; at ρ of 1 or more the fit goes on. So a fit that still crawls does not stop early;
 * scikit-learn's rule, the change alone, stops the heights example at its fourth step, 0.007 nats
 * per row short. {@code tol = 0} never stops: it runs exactly {@code maxIter} steps (plain EM) or
 * iterations (SQUAREM).
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
     * @param iterations EM steps (plain EM) or accelerated iterations taken
     * @param passes statistics passes over the data
     * @param converged whether it stopped on {@code tol} rather than {@code maxIter}
     * @param history the mean log-likelihood of every model kept, in order (for plain EM, every
     *     E-step)
     * @param notices what the listener was told, one line each (emptied components)
     */
    public record Result(
            GaussianMixtureModel model,
            int iterations,
            int passes,
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

        /** The mean log-likelihood of the last model kept (scikit-learn's lower_bound_). */
        public double lowerBound() {
            return history[history.length - 1];
        }
    }

    /** The first cap on SQUAREM's step length, and the factor it grows or shrinks by. */
    private static final double FIRST_STEP_CAP = 1;

    private static final double STEP_FACTOR = 4;

    /**
     * An extrapolated point within this share of θ1's log-likelihood counts as no worse: near the
     * maximum the two differ by rounding, and a decision on rounding would make fits of the same
     * rows chunked differently (on a cluster, say) take different paths.
     */
    private static final double SLACK = 1e-9;

    /** How often an invalid extrapolated point is moved halfway towards θ2 before θ2 is used. */
    private static final int VALIDITY_TRIES = 20;

    /**
     * The gain still to come must be below this share of {@code tol}: a change of 1e-3 per row left
     * over moves the heights example's means by 0.4, a tenth of it by about 0.1.
     */
    private static final double REMAINING_SHARE = 0.1;

    /** How many recent ratios of successive EM changes the stopping rule takes the largest of. */
    private static final int RATES = 3;

    private EmLoop() {}

    /**
     * EM from {@code start} over {@code pass}. {@code listener} hears every kept model and notice
     * and may cancel; {@code restart} of {@code restarts} labels them when a fit makes several
     * starts.
     */
    public static Result run(
            GaussianMixtureModel start,
            int maxIter,
            double tol,
            double regCovar,
            Acceleration acceleration,
            Pass pass,
            FitListener listener,
            int restart,
            int restarts) {
        Loop loop = new Loop(start, tol, regCovar, pass, listener, restart, restarts);
        return acceleration == Acceleration.NONE ? loop.plain(maxIter) : loop.squarem(maxIter);
    }

    /** One run's state: the kept models' log-likelihoods, the passes, the notices. */
    private static final class Loop {
        private final double tol;
        private final double regCovar;
        private final Pass pass;
        private final FitListener listener;
        private final int restart;
        private final int restarts;
        private final boolean[] emptied;
        private final List<String> notices = new ArrayList<>();
        private double[] history = new double[16];

        /** Whether history[i] is the log-likelihood of the EM map of model i - 1. */
        private boolean[] mapped = new boolean[16];

        private int kept;
        private int passes;

        /** The last ratios of two successive EM changes (0 until measured). */
        private final double[] rates = new double[RATES];

        private int rateCount;

        private GaussianMixtureModel start;

        Loop(
                GaussianMixtureModel start,
                double tol,
                double regCovar,
                Pass pass,
                FitListener listener,
                int restart,
                int restarts) {
            this.start = start;
            this.tol = tol;
            this.regCovar = regCovar;
            this.pass = pass;
            this.listener = listener;
            this.restart = restart;
            this.restarts = restarts;
            this.emptied = new boolean[start.components()];
        }

        /** A pass under {@code model} and its M-step. */
        private record Evaluated(double mean, MaximizationStep.Outcome next) {}

        private Evaluated evaluate(GaussianMixtureModel model, boolean mustBeFinite) {
            SufficientStatistics st = pass.accumulate(model);
            passes++;
            double mean = st.meanLogLikelihood();
            if (!Double.isFinite(mean)) {
                if (!mustBeFinite) {
                    return new Evaluated(mean, null);
                }
                throw new GmmException(
                        GmmException.Category.NUMERIC,
                        "EM pass "
                                + passes
                                + ": the mean log-likelihood is "
                                + mean
                                + "; scale the data or increase regCovar (now "
                                + regCovar
                                + ")");
            }
            MaximizationStep.Outcome out =
                    MaximizationStep.apply(st, model, regCovar, "EM pass " + passes);
            for (int c : out.emptied()) {
                if (!emptied[c]) {
                    // once per component and run: an empty component usually stays empty
                    emptied[c] = true;
                    String msg =
                            (restarts > 1 ? "initialisation " + (restart + 1) + ", " : "")
                                    + "EM pass "
                                    + passes
                                    + ": component "
                                    + c
                                    + " received almost no weight (N = "
                                    + String.format(Locale.ROOT, "%.3g", st.componentWeights()[c])
                                    + "); it keeps its previous mean and covariance";
                    notices.add(msg);
                    listener.onNotice(msg);
                }
            }
            return new Evaluated(mean, out);
        }

        /** Records a kept model's log-likelihood; true when the stopping rule is met. */
        private boolean keep(double mean, boolean isMap) {
            if (kept == history.length) {
                history = Arrays.copyOf(history, 2 * kept);
                mapped = Arrays.copyOf(mapped, 2 * kept);
            }
            double change = kept > 0 ? mean - history[kept - 1] : Double.POSITIVE_INFINITY;
            history[kept] = mean;
            mapped[kept] = isMap && kept > 0;
            kept++;
            listener.onStep(restart, passes, mean, change);
            if (listener.cancelled()) {
                throw new GmmException(
                        GmmException.Category.CANCELLED,
                        "the fit was cancelled after EM pass " + passes);
            }
            return converged();
        }

        private boolean converged() {
            if (kept < 3 || !mapped[kept - 1] || !mapped[kept - 2]) {
                return false;
            }
            double last = history[kept - 1] - history[kept - 2];
            double before = history[kept - 2] - history[kept - 3];
            double prior = rates[(rateCount + RATES - 1) % RATES];
            if (last > 0 && before > 0) {
                rates[rateCount++ % RATES] = last / before;
            }
            if (!(tol > 0) || Math.abs(last) >= tol) {
                return false;
            }
            if (last <= 0 || before <= 0) {
                // no longer rising, to rounding: there is nothing left to gain
                return true;
            }
            // the first EM steps, and the first after an extrapolated point, fall faster than EM's
            // rate near the maximum: take the largest recent ratio, and where the ratio rises, the
            // rate its rise leads to
            double newest = last / before;
            double rate = newest + 2 * Math.max(0, newest - prior);
            for (double r : rates) {
                rate = Math.max(rate, r);
            }
            return rate < 1 && last * rate / (1 - rate) < REMAINING_SHARE * tol;
        }

        private Result result(GaussianMixtureModel model, int iterations, boolean converged) {
            return new Result(
                    model, iterations, passes, converged, Arrays.copyOf(history, kept), notices);
        }

        Result plain(int maxIter) {
            GaussianMixtureModel model = start;
            for (int step = 1; step <= maxIter; step++) {
                Evaluated e = evaluate(model, true);
                model = e.next().model();
                if (keep(e.mean(), true)) {
                    return result(model, step, true);
                }
            }
            return result(model, maxIter, false);
        }

        Result squarem(int maxIter) {
            GaussianMixtureModel theta0 = start;
            double cap = FIRST_STEP_CAP;
            for (int iteration = 1; iteration <= maxIter; iteration++) {
                Evaluated e0 = evaluate(theta0, true);
                GaussianMixtureModel theta1 = e0.next().model();
                // θ0 is an EM map (of θ' or θ1), bar the start, which keep() never counts as one
                if (keep(e0.mean(), true)) {
                    return result(theta1, iteration, true);
                }
                Evaluated e1 = evaluate(theta1, true);
                GaussianMixtureModel theta2 = e1.next().model();
                if (keep(e1.mean(), true)) {
                    return result(theta2, iteration, true);
                }
                double alpha = stepLength(theta0, theta1, theta2, cap);
                GaussianMixtureModel extrapolated = null;
                for (int t = 0; alpha > 1 && extrapolated == null && t < VALIDITY_TRIES; t++) {
                    extrapolated = extrapolate(theta0, theta1, theta2, alpha);
                    if (extrapolated == null) {
                        alpha = (alpha + 1) / 2;
                    }
                }
                if (extrapolated == null) {
                    alpha = 1;
                    extrapolated = theta2;
                }
                Evaluated e = evaluate(extrapolated, alpha == 1);
                if (alpha == 1 || e.mean() >= e1.mean() - SLACK * Math.abs(e1.mean())) {
                    if (alpha == cap) {
                        cap *= STEP_FACTOR;
                    }
                    if (keep(e.mean(), alpha == 1)) {
                        return result(e.next().model(), iteration, true);
                    }
                    theta0 = e.next().model();
                } else {
                    // below θ1: the EM step θ2 is the next iterate, and this pass is lost
                    if (alpha == cap) {
                        cap = Math.max(FIRST_STEP_CAP, cap / STEP_FACTOR);
                    }
                    theta0 = theta2;
                }
            }
            return result(theta0, maxIter, false);
        }

        /**
         * SQUAREM's α = |r| / |v| over all parameters, within [1, cap]. Means and covariances are
         * taken in units of each column's spread under θ0, so α, and with it the fit, does not
         * depend on the data's units.
         */
        private static double stepLength(
                GaussianMixtureModel t0,
                GaussianMixtureModel t1,
                GaussianMixtureModel t2,
                double cap) {
            double[] sd = spread(t0);
            double[] a = flat(t0, sd);
            double[] b = flat(t1, sd);
            double[] c = flat(t2, sd);
            double rr = 0;
            double vv = 0;
            for (int i = 0; i < a.length; i++) {
                double r = b[i] - a[i];
                double v = c[i] - 2 * b[i] + a[i];
                rr += r * r;
                vv += v * v;
            }
            if (!(vv > 0)) {
                return 1;
            }
            return Math.max(1, Math.min(cap, Math.sqrt(rr / vv)));
        }

        /** Each column's standard deviation within the components, weighted by their weights. */
        private static double[] spread(GaussianMixtureModel m) {
            int d = m.dimensions();
            double[] var = new double[d];
            for (int k = 0; k < m.components(); k++) {
                double[][] cov = m.covariance(k);
                for (int j = 0; j < d; j++) {
                    var[j] += m.weight(k) * cov[j][j];
                }
            }
            double[] sd = new double[d];
            for (int j = 0; j < d; j++) {
                sd[j] = var[j] > 0 ? Math.sqrt(var[j]) : 1;
            }
            return sd;
        }

        /**
         * θ0 + 2αr + α²v as a model, or null when its weights leave the simplex or a covariance
         * less regCovar / 2 on its diagonal is not positive definite.
         */
        private GaussianMixtureModel extrapolate(
                GaussianMixtureModel t0,
                GaussianMixtureModel t1,
                GaussianMixtureModel t2,
                double alpha) {
            // θ' = (1 - α)² θ0 + 2α(1 - α) θ1 + α² θ2: the three coefficients sum to 1
            double c0 = (1 - alpha) * (1 - alpha);
            double c1 = 2 * alpha * (1 - alpha);
            double c2 = alpha * alpha;
            int k = t0.components();
            double[] w = combine(t0.weights(), t1.weights(), t2.weights(), c0, c1, c2);
            double sum = 0;
            for (double x : w) {
                if (!(x > 0)) {
                    return null;
                }
                sum += x;
            }
            for (int c = 0; c < k; c++) {
                w[c] /= sum;
            }
            double[][] m0 = t0.means();
            double[][] m1 = t1.means();
            double[][] m2 = t2.means();
            double[][] means = new double[k][];
            for (int c = 0; c < k; c++) {
                means[c] = combine(m0[c], m1[c], m2[c], c0, c1, c2);
            }
            double[][] s0 = t0.covarianceBlocks();
            double[][] s1 = t1.covarianceBlocks();
            double[][] s2 = t2.covarianceBlocks();
            double[][] covs = new double[s0.length][];
            double[][] floor = new double[s0.length][];
            int d = t0.dimensions();
            for (int b = 0; b < covs.length; b++) {
                covs[b] = combine(s0[b], s1[b], s2[b], c0, c1, c2);
                floor[b] = covs[b].clone();
                boolean square = t0.covarianceType().needsCrossMoments();
                for (int i = 0; i < (square ? d : floor[b].length); i++) {
                    floor[b][square ? i * d + i : i] -= regCovar / 2;
                }
            }
            try {
                if (regCovar > 0) {
                    GaussianMixtureModel.of(t0.covarianceType(), w, means, floor);
                }
                return GaussianMixtureModel.of(t0.covarianceType(), w, means, covs);
            } catch (GmmException e) {
                return null;
            }
        }

        private static double[] combine(
                double[] a, double[] b, double[] c, double c0, double c1, double c2) {
            double[] out = new double[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = c0 * a[i] + c1 * b[i] + c2 * c[i];
            }
            return out;
        }

        /**
         * A model's weights, means and covariance blocks as one vector, means in units of {@code
         * sd} and covariances in units of its products.
         */
        private static double[] flat(GaussianMixtureModel m, double[] sd) {
            double[] w = m.weights();
            double[][] mu = m.means();
            double[][] cov = m.covarianceBlocks();
            int d = sd.length;
            double meanVar = 0;
            for (double x : sd) {
                meanVar += x * x / d;
            }
            int n = w.length;
            for (double[] x : mu) {
                n += x.length;
            }
            for (double[] x : cov) {
                n += x.length;
            }
            double[] out = new double[n];
            System.arraycopy(w, 0, out, 0, w.length);
            int at = w.length;
            for (double[] x : mu) {
                for (int j = 0; j < d; j++) {
                    out[at++] = x[j] / sd[j];
                }
            }
            for (double[] x : cov) {
                for (int i = 0; i < x.length; i++) {
                    double unit;
                    if (x.length == d * d) {
                        unit = sd[i / d] * sd[i % d];
                    } else if (x.length == d) {
                        unit = sd[i] * sd[i];
                    } else {
                        unit = meanVar;
                    }
                    out[at++] = x[i] / unit;
                }
            }
            return out;
        }
    }
}
