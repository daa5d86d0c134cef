/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.bench;

import dev.gmm.CovarianceType;
import dev.gmm.GaussianMixtureModel;
import dev.gmm.Precision;
import dev.gmm.data.NpyWriter;
import dev.gmm.engine.io.ModelFile;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes a benchmark case in the layout of {@code shared/peers/make_case.py} (data.npy, data.bin,
 * init.json, init.txt), drawn the same way: means N(0, 5^2), covariances A A^T / d + I/2, weights
 * around 1/K; the initial model moves the means by N(0, 0.5^2) and starts from identity covariances
 * and equal weights. For machines that have Java but not numpy (a GPU bundle), and streamed, so ten
 * million rows need no heap. The numbers differ from make_case.py's; the shape of the problem does
 * not.
 *
 * <p>Usage: {@code SyntheticCase OUT_DIR N D K [SEED]}
 */
public final class SyntheticCase {

    private SyntheticCase() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 4) {
            System.err.println("usage: SyntheticCase OUT_DIR N D K [SEED]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        long n = Long.parseLong(args[1]);
        int d = Integer.parseInt(args[2]);
        int k = Integer.parseInt(args[3]);
        SplittableRandom rng = new SplittableRandom(args.length > 4 ? Long.parseLong(args[4]) : 0);
        Files.createDirectories(out);

        double[] weights = new double[k];
        double total = 0;
        for (int c = 0; c < k; c++) {
            weights[c] = 0.5 + rng.nextDouble();
            total += weights[c];
        }
        double[][] means = new double[k][d];
        double[][] covs = new double[k][];
        for (int c = 0; c < k; c++) {
            weights[c] /= total;
            for (int j = 0; j < d; j++) {
                means[c][j] = 5 * rng.nextGaussian();
            }
            covs[c] = randomCovariance(rng, d);
        }
        GaussianMixtureModel truth =
                GaussianMixtureModel.of(CovarianceType.FULL, weights, means, covs);

        double[] row = new double[d];
        ByteBuffer bytes = ByteBuffer.allocate(d * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        try (NpyWriter npy = NpyWriter.create(out.resolve("data.npy"), Precision.DOUBLE, n, d);
                OutputStream bin =
                        new BufferedOutputStream(
                                Files.newOutputStream(out.resolve("data.bin")), 1 << 20)) {
            for (long i = 0; i < n; i++) {
                truth.sample(rng, row);
                npy.writeRow(row);
                bytes.clear();
                for (double v : row) {
                    bytes.putDouble(v);
                }
                bin.write(bytes.array());
            }
        }

        double[] initWeights = new double[k];
        double[][] initMeans = new double[k][d];
        double[][] initCovs = new double[k][d * d];
        for (int c = 0; c < k; c++) {
            initWeights[c] = 1.0 / k;
            for (int j = 0; j < d; j++) {
                initMeans[c][j] = means[c][j] + 0.5 * rng.nextGaussian();
                initCovs[c][j * d + j] = 1;
            }
        }
        ModelFile.write(
                out.resolve("init.json"),
                GaussianMixtureModel.of(CovarianceType.FULL, initWeights, initMeans, initCovs),
                Map.of());
        try (PrintWriter txt = new PrintWriter(Files.newBufferedWriter(out.resolve("init.txt")))) {
            txt.printf(Locale.ROOT, "%d %d %d%n", n, d, k);
            txt.println(join(initWeights));
            for (double[] m : initMeans) {
                txt.println(join(m));
            }
            for (double[] c : initCovs) {
                txt.println(join(c));
            }
        }
        System.out.println(out);
    }

    private static double[] randomCovariance(SplittableRandom rng, int d) {
        double[] a = new double[d * d];
        for (int i = 0; i < a.length; i++) {
            a[i] = rng.nextGaussian() / Math.sqrt(d);
        }
        double[] c = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double s = 0;
                for (int p = 0; p < d; p++) {
                    s += a[i * d + p] * a[j * d + p];
                }
                c[i * d + j] = s;
            }
            c[i * d + i] += 0.5;
        }
        return c;
    }

    private static String join(double[] v) {
        StringBuilder b = new StringBuilder();
        for (double x : v) {
            b.append(b.length() == 0 ? "" : " ").append(Double.toString(x));
        }
        return b.toString();
    }
}
