/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.bench;

import dev.gmm.GaussianMixture;
import dev.gmm.InitMethod;
import dev.gmm.data.DataFiles;
import dev.gmm.data.DataOptions;
import dev.gmm.data.DataSource;
import java.nio.file.Path;
import java.util.Locale;

/**
 * k-means++ seeding with one candidate per centre against scikit-learn's greedy seeding (2 + ln K
 * candidates, the best kept), on one data file: for SEEDS seeds and each of kmeans and k-means++, a
 * default fit from each, and which reached the higher log-likelihood (ties within 1e-6 per row).
 * The candidates come from the system property gmm.init.trials.
 *
 * <p>Usage: InitComparison DATA K SEEDS
 */
public final class InitComparison {

    private InitComparison() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int k = Integer.parseInt(args[1]);
        int seeds = Integer.parseInt(args[2]);
        int greedy = 2 + (int) Math.log(k);
        for (InitMethod init : new InitMethod[] {InitMethod.KMEANS, InitMethod.K_MEANS_PLUS_PLUS}) {
            int wins = 0;
            int ties = 0;
            int losses = 0;
            double gain = 0;
            for (int seed = 0; seed < seeds; seed++) {
                double plain = fit(file, k, init, seed, 1);
                double best = fit(file, k, init, seed, greedy);
                if (best > plain + 1e-6) {
                    wins++;
                } else if (best < plain - 1e-6) {
                    losses++;
                } else {
                    ties++;
                }
                gain += best - plain;
            }
            System.out.printf(
                    Locale.ROOT,
                    "{\"data\": \"%s\", \"k\": %d, \"init\": \"%s\", \"seeds\": %d, \"greedy_higher\":"
                            + " %d, \"ties\": %d, \"greedy_lower\": %d, \"mean_gain\": %.3e}%n",
                    file.getFileName(),
                    k,
                    init.id(),
                    seeds,
                    wins,
                    ties,
                    losses,
                    gain / seeds);
        }
    }

    private static double fit(Path file, int k, InitMethod init, long seed, int trials)
            throws Exception {
        System.setProperty("gmm.init.trials", Integer.toString(trials));
        try (DataSource data = DataFiles.open(file, DataOptions.defaults())) {
            return GaussianMixture.builder()
                    .components(k)
                    .init(init)
                    .seed(seed)
                    .backend("cpu")
                    .build()
                    .fit(data)
                    .summary()
                    .meanLogLikelihood();
        }
    }
}
