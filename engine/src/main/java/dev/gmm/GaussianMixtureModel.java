package dev.gmm;

import dev.gmm.engine.Cholesky;
import dev.gmm.spi.MixtureParameters;
import java.util.Arrays;
import java.util.function.IntFunction;
import java.util.random.RandomGenerator;

/**
 * A fitted (or given) Gaussian mixture: weights, means and covariances in the layout of its
 * {@link CovarianceType}, with the precision Cholesky factors derived once at construction.
 * Immutable. Per-row methods here serve small jobs and tests; bulk work goes through a backend.
 */
public final class GaussianMixtureModel {

    private final CovarianceType type;
    private final int d;
    private final double[] weights;
    private final double[] means;
    private final double[][] covariances;
    /** Lower Cholesky factors of full/tied blocks, standard deviations otherwise: for sampling. */
    private final double[][] covarianceFactors;
    private final MixtureParameters parameters;

    private GaussianMixtureModel(CovarianceType type, int d, double[] weights, double[] means, double[][] covariances,
                            GmmException.Category failure, IntFunction<String> notPositiveDefinite) {
        this.type = type;
        this.d = d;
        this.weights = weights;
        this.means = means;
        this.covariances = covariances;
        int blocks = type.blocks(weights.length);
        int size = type.blockSize(d);
        this.covarianceFactors = new double[blocks][];
        double[] precision = new double[blocks * size];
        for (int b = 0; b < blocks; b++) {
            double[] cov = covariances[b];
            if (type.needsCrossMoments()) {
                double[] l = Cholesky.lower(cov, d);
                if (l == null) {
                    throw new GmmException(failure, notPositiveDefinite.apply(b));
                }
                covarianceFactors[b] = l;
                System.arraycopy(Cholesky.precisionFactor(l, d), 0, precision, b * size, size);
            } else {
                double[] sd = new double[size];
                for (int j = 0; j < size; j++) {
                    if (!(cov[j] > 0) || !Double.isFinite(cov[j])) {
                        throw new GmmException(failure, notPositiveDefinite.apply(b));
                    }
                    sd[j] = Math.sqrt(cov[j]);
                    precision[b * size + j] = 1.0 / sd[j];
                }
                covarianceFactors[b] = sd;
            }
        }
        this.parameters = new MixtureParameters(type, d, weights, means, precision);
    }

    /**
     * A model from its parameters, checked: shapes agree, numbers are finite, weights are
     * non-negative and sum to 1 (within 1e-6; they are then normalised, unless they miss 1 by no
     * more than rounding, so that a model built from its own numbers is bit-identical),
     * covariance blocks are symmetric and positive definite. {@code covariances} holds one block per
     * {@link CovarianceType#blocks} in the layout of {@link CovarianceType#blockSize}.
     */
    public static GaussianMixtureModel of(CovarianceType type, double[] weights, double[][] means, double[][] covariances) {
        int k = weights.length;
        if (k == 0) {
            throw GmmException.input("model has no components");
        }
        if (means.length != k) {
            throw GmmException.input("model has " + k + " weights but " + means.length + " means");
        }
        int d = means[0].length;
        if (d == 0) {
            throw GmmException.input("model means have no coordinates");
        }
        double sum = 0;
        for (int c = 0; c < k; c++) {
            if (!(weights[c] >= 0) || !Double.isFinite(weights[c])) {
                throw GmmException.input("model weight " + c + " is " + weights[c] + "; weights must be finite and non-negative");
            }
            sum += weights[c];
        }
        if (Math.abs(sum - 1) > 1e-6) {
            throw GmmException.input("model weights sum to " + sum + "; they must sum to 1");
        }
        double[] w = new double[k];
        // fitted weights N_k / sum N_k rarely add up to exactly 1.0; dividing again would change
        // them by an ulp each time a model file is read
        double scale = Math.abs(sum - 1) <= 2.0 * k * Math.ulp(1.0) ? 1.0 : sum;
        double[] mu = new double[k * d];
        for (int c = 0; c < k; c++) {
            w[c] = weights[c] / scale;
            if (means[c].length != d) {
                throw GmmException.input("model mean " + c + " has " + means[c].length + " coordinates, mean 0 has " + d);
            }
            for (int j = 0; j < d; j++) {
                if (!Double.isFinite(means[c][j])) {
                    throw GmmException.input("model mean " + c + " has a non-finite coordinate " + j);
                }
            }
            System.arraycopy(means[c], 0, mu, c * d, d);
        }
        int blocks = type.blocks(k);
        int size = type.blockSize(d);
        if (covariances.length != blocks) {
            throw GmmException.input("a " + type.id() + " model with " + k + " components needs " + blocks
                    + " covariance blocks, found " + covariances.length);
        }
        double[][] covs = new double[blocks][];
        for (int b = 0; b < blocks; b++) {
            if (covariances[b].length != size) {
                throw GmmException.input("covariance block " + b + " of a " + type.id() + " model in " + d
                        + " dimensions needs " + size + " numbers, found " + covariances[b].length);
            }
            covs[b] = covariances[b].clone();
            for (double v : covs[b]) {
                if (!Double.isFinite(v)) {
                    throw GmmException.input("covariance block " + b + " has a non-finite entry");
                }
            }
            if (type.needsCrossMoments()) {
                symmetrise(covs[b], d, b);
            }
        }
        String what = type == CovarianceType.TIED ? "the tied covariance" : "the covariance of component %d";
        // a model given by the user is bad input; one the M-step made is a numerical failure
        return new GaussianMixtureModel(type, d, w, mu, covs, GmmException.Category.INPUT,
                b -> String.format(what, b) + " is not positive definite");
    }

    /**
     * Built by the engine's M-step: parameters already validated, a covariance that is not
     * positive definite reported as a numerical failure in the caller's words ({@code failure}
     * of the block index).
     */
    public static GaussianMixtureModel fromEstimates(CovarianceType type, int d, double[] weights, double[] means,
                                         double[][] covariances, IntFunction<String> notPositiveDefinite) {
        return new GaussianMixtureModel(type, d, weights, means, covariances, GmmException.Category.NUMERIC, notPositiveDefinite);
    }

    private static void symmetrise(double[] a, int d, int block) {
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                double x = a[i * d + j];
                double y = a[j * d + i];
                double scale = Math.max(Math.abs(x), Math.abs(y));
                if (Math.abs(x - y) > 1e-8 * Math.max(scale, 1e-300) && Math.abs(x - y) > 1e-12) {
                    throw GmmException.input("covariance block " + block + " is not symmetric at [" + i + "][" + j + "]");
                }
                double m = 0.5 * (x + y);
                a[i * d + j] = m;
                a[j * d + i] = m;
            }
        }
    }

    public CovarianceType covarianceType() {
        return type;
    }

    public int components() {
        return weights.length;
    }

    public int dimensions() {
        return d;
    }

    public double weight(int component) {
        return weights[component];
    }

    public double[] weights() {
        return weights.clone();
    }

    public double[] mean(int component) {
        return Arrays.copyOfRange(means, component * d, (component + 1) * d);
    }

    public double[][] means() {
        double[][] m = new double[weights.length][];
        for (int c = 0; c < m.length; c++) {
            m[c] = mean(c);
        }
        return m;
    }

    /** The covariance blocks in this type's own layout (what model files store). */
    public double[][] covarianceBlocks() {
        double[][] copy = new double[covariances.length][];
        for (int b = 0; b < copy.length; b++) {
            copy[b] = covariances[b].clone();
        }
        return copy;
    }

    /** Component {@code component}'s covariance as a full {@code d x d} matrix, whatever the type. */
    public double[][] covariance(int component) {
        return expand(covariances[type.blockOf(component)], 0);
    }

    /** Component {@code component}'s precision Cholesky factor P (upper, {@code Sigma^-1 = P P^T}), full {@code d x d}. */
    public double[][] precisionCholesky(int component) {
        return expand(parameters.precision(), type.blockOf(component) * type.blockSize(d));
    }

    /** One block in this type's layout, starting at {@code off}, as a full {@code d x d} matrix. */
    private double[][] expand(double[] blocks, int off) {
        double[][] m = new double[d][d];
        for (int i = 0; i < d; i++) {
            switch (type) {
                case FULL:
                case TIED:
                    System.arraycopy(blocks, off + i * d, m[i], 0, d);
                    break;
                case DIAG:
                    m[i][i] = blocks[off + i];
                    break;
                case SPHERICAL:
                    m[i][i] = blocks[off];
                    break;
                default:
                    throw new IllegalStateException(type.toString());
            }
        }
        return m;
    }

    /** The flat form backends read. */
    public MixtureParameters parameters() {
        return parameters;
    }

    /** log p(x) of one row. */
    public double logDensity(double[] x) {
        return responsibilities(x, new double[weights.length]);
    }

    /** Writes p(k | x) into {@code out} and returns log p(x). */
    public double responsibilities(double[] x, double[] out) {
        checkRow(x);
        parameters.logJoint(x, 0, out, 0, new double[parameters.scratchLength()]);
        double l = MixtureParameters.logSumExp(out, 0, out.length);
        for (int c = 0; c < out.length; c++) {
            out[c] = Math.exp(out[c] - l);
        }
        return l;
    }

    /** The most probable component of one row. */
    public int predict(double[] x) {
        double[] r = new double[weights.length];
        responsibilities(x, r);
        int best = 0;
        for (int c = 1; c < r.length; c++) {
            if (r[c] > r[best]) {
                best = c;
            }
        }
        return best;
    }

    private void checkRow(double[] x) {
        if (x.length != d) {
            throw GmmException.input("row has " + x.length + " values, the model has " + d + " dimensions");
        }
    }

    /** Free parameters, as scikit-learn counts them: covariances + means + (K - 1) weights. */
    public long parameterCount() {
        int k = weights.length;
        return type.covarianceParameters(k, d) + (long) k * d + k - 1;
    }

    /** Bayesian information criterion for a total log-likelihood over {@code n} rows; lower is better. */
    public double bic(double totalLogLikelihood, double n) {
        return -2 * totalLogLikelihood + parameterCount() * Math.log(n);
    }

    /** Akaike information criterion for a total log-likelihood; lower is better. */
    public double aic(double totalLogLikelihood) {
        return -2 * totalLogLikelihood + 2 * parameterCount();
    }

    /** Draws one row into {@code out} and returns the component it came from. */
    public int sample(RandomGenerator rng, double[] out) {
        double u = rng.nextDouble();
        int c = 0;
        double acc = weights[0];
        while (u >= acc && c < weights.length - 1) {
            acc += weights[++c];
        }
        double[] f = covarianceFactors[type.blockOf(c)];
        double[] z = new double[d];
        for (int j = 0; j < d; j++) {
            z[j] = rng.nextGaussian();
        }
        for (int i = 0; i < d; i++) {
            double v = means[c * d + i];
            switch (type) {
                case FULL:
                case TIED:
                    for (int j = 0; j <= i; j++) {
                        v += f[i * d + j] * z[j];
                    }
                    break;
                case DIAG:
                    v += f[i] * z[i];
                    break;
                case SPHERICAL:
                    v += f[0] * z[i];
                    break;
                default:
                    throw new IllegalStateException(type.toString());
            }
            out[i] = v;
        }
        return c;
    }
}
