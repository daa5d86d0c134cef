/**
 * gmm-engine's public API: fit Gaussian mixture models by EM and use them.
 *
 * <ul>
 *   <li>{@link dev.gmm.GaussianMixture}: the estimator, built with scikit-learn's setting names and
 *       defaults, that {@code fit}s arrays or a {@link dev.gmm.data.DataSource};
 *   <li>{@link dev.gmm.GaussianMixtureModel}: the fitted model (predict, predictProba,
 *       scoreSamples, score, bic, aic, sample, save, load), immutable and thread-safe;
 *   <li>{@link dev.gmm.FitSummary}: how a fit ran; {@link dev.gmm.ModelSelection}: choosing K and
 *       the covariance type by BIC or AIC;
 *   <li>{@link dev.gmm.CovarianceType}, {@link dev.gmm.InitMethod}, {@link dev.gmm.Precision},
 *       {@link dev.gmm.FitListener} and {@link dev.gmm.GmmException}, the one exception type.
 * </ul>
 *
 * <p>Data sources and files are in {@link dev.gmm.data}; what a backend author implements is in
 * {@link dev.gmm.spi}. Every other package ({@code dev.gmm.engine.*}, {@code dev.gmm.kernels.*}) is
 * internal and may change in any release.
 */
package dev.gmm;
