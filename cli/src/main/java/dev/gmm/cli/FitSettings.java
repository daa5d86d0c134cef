/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.cli;

import dev.gmm.Acceleration;
import dev.gmm.GaussianMixture;
import picocli.CommandLine.Option;

/** The EM settings fit and select share, with scikit-learn's defaults. */
public final class FitSettings {

    @Option(
            names = "--max-iter",
            paramLabel = "N",
            defaultValue = "100",
            description =
                    "EM iterations at most: steps with --accel none, else accelerated iterations of"
                            + " three passes each (default: ${DEFAULT-VALUE}).")
    int maxIter;

    @Option(
            names = "--tol",
            paramLabel = "T",
            defaultValue = "1e-3",
            description =
                    "Stop when the mean log-likelihood per row changes by less than this and the last"
                            + " changes project less than a tenth of it still to gain (0: run --max-iter;"
                            + " default: ${DEFAULT-VALUE}).")
    double tol;

    @Option(
            names = "--accel",
            paramLabel = "METHOD",
            defaultValue = "squarem",
            description =
                    "squarem: accelerated EM (SQUAREM), which needs far fewer passes where EM"
                            + " crawls; none: plain EM, step for step as scikit-learn (default:"
                            + " ${DEFAULT-VALUE}).")
    String accel;

    @Option(
            names = "--reg-covar",
            paramLabel = "R",
            defaultValue = "1e-6",
            description = "Added to covariance diagonals (default: ${DEFAULT-VALUE}).")
    double regCovar;

    @Option(
            names = "--n-init",
            paramLabel = "N",
            defaultValue = "1",
            description = "Initialisations; the best fit is kept (default: ${DEFAULT-VALUE}).")
    int nInit;

    @Option(
            names = "--seed",
            paramLabel = "S",
            defaultValue = "0",
            description = "Seed for every random choice (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--init",
            paramLabel = "METHOD",
            defaultValue = "kmeans",
            description =
                    "kmeans, k-means++, random or random_from_data, as in scikit-learn (default:"
                            + " ${DEFAULT-VALUE}).")
    String init;

    /** The settings on {@code b}; an old spelling of --init gets a note on {@code console}. */
    GaussianMixture.Builder apply(GaussianMixture.Builder b, Console console) {
        return b.maxIter(maxIter)
                .tol(tol)
                .acceleration(Acceleration.parse(accel))
                .regCovar(regCovar)
                .nInit(nInit)
                .seed(seed)
                .init(Inits.parse(init, console));
    }
}
