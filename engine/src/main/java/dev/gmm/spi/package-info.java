/**
 * The backend SPI: what a compute backend implements so that every fit, on any device, runs on it.
 * A {@link dev.gmm.spi.BackendProvider}, found by {@link java.util.ServiceLoader} from a {@code
 * META-INF/services/dev.gmm.spi.BackendProvider} line, opens a {@link dev.gmm.spi.ComputeBackend};
 * the backend loads chunks once ({@link dev.gmm.spi.ResidentChunk}) and, for given {@link
 * dev.gmm.spi.MixtureParameters}, returns additive {@link dev.gmm.spi.SufficientStatistics} that
 * the engine merges in a fixed order. {@link dev.gmm.spi.BackendRegistry} lists the backends and
 * picks one; {@link dev.gmm.spi.EmStep} times and checks one against the CPU reference.
 */
package dev.gmm.spi;
