/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.bench;

import dev.gmm.Acceleration;
import dev.gmm.CovarianceType;
import dev.gmm.FitListener;
import dev.gmm.GaussianMixtureModel;
import dev.gmm.Precision;
import dev.gmm.data.InMemoryDataSource;
import dev.gmm.engine.fit.EmDriver;
import dev.gmm.engine.fit.FitOptions;
import dev.gmm.engine.fit.FitResult;
import dev.gmm.spi.BackendOptions;
import dev.gmm.spi.BackendRegistry;
import dev.gmm.spi.BackendSelection;
import dev.gmm.spi.ComputeBackend;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Scanner;

/**
 * Times gmm-engine on a case made by {@code shared/peers/make_case.py}, the way the peers' scripts
 * time scikit-learn and Armadillo: from the case's initial model, exactly ITERS EM steps (tol 0),
 * data already loaded, the whole fit call divided by ITERS; prints one JSON line like theirs. It
 * also gives the steady time per step, from the end of step 1 to the end of the last, as {@code
 * torch_em.py} times the GPU peer: without the copy of the rows to the device and the first step,
 * which the whole-fit figure includes.
 *
 * <p>Usage: {@code PeerCaseRun CASE_DIR [ITERS] [BACKEND] [PRECISION]}
 */
public final class PeerCaseRun {

    private PeerCaseRun() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: PeerCaseRun CASE_DIR [ITERS] [BACKEND] [PRECISION]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int iters = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        String backendName = args.length > 2 ? args[2] : "cpu";
        Precision precision = args.length > 3 ? Precision.parse(args[3]) : Precision.DOUBLE;

        int n;
        int d;
        GaussianMixtureModel init;
        try (Scanner in = new Scanner(dir.resolve("init.txt")).useLocale(Locale.ROOT)) {
            n = in.nextInt();
            d = in.nextInt();
            int k = in.nextInt();
            double[] weights = new double[k];
            for (int c = 0; c < k; c++) {
                weights[c] = in.nextDouble();
            }
            double[][] means = new double[k][d];
            for (int c = 0; c < k; c++) {
                for (int j = 0; j < d; j++) {
                    means[c][j] = in.nextDouble();
                }
            }
            double[][] covs = new double[k][d * d];
            for (int c = 0; c < k; c++) {
                for (int j = 0; j < d * d; j++) {
                    covs[c][j] = in.nextDouble();
                }
            }
            init = GaussianMixtureModel.of(CovarianceType.FULL, weights, means, covs);
        }
        double[] x = new double[n * d];
        try (FileChannel ch = FileChannel.open(dir.resolve("data.bin"), StandardOpenOption.READ)) {
            ByteBuffer buf =
                    ch.map(FileChannel.MapMode.READ_ONLY, 0, Files.size(dir.resolve("data.bin")))
                            .order(ByteOrder.LITTLE_ENDIAN);
            buf.asDoubleBuffer().get(x);
        }
        InMemoryDataSource data =
                InMemoryDataSource.ofDoubles(dir.getFileName().toString(), x, d, null);
        BackendSelection selection = BackendRegistry.load().select(backendName);
        try (ComputeBackend backend =
                selection.provider().open(BackendOptions.defaults(precision))) {
            long[] stepEnds = new long[iters];
            FitListener timer =
                    new FitListener() {
                        @Override
                        public void onStep(
                                int restart, int step, double meanLogLikelihood, double change) {
                            stepEnds[step - 1] = System.nanoTime();
                        }
                    };
            // the whole fit call, as the peers time theirs: with the statistics pass fit makes
            // after
            // the last step for its report, not only the steps
            long t0 = System.nanoTime();
            FitResult r =
                    new EmDriver()
                            .fit(
                                    data,
                                    FitOptions.warmStart(init)
                                            .withMaxIter(iters)
                                            .withTol(0)
                                            .withAcceleration(Acceleration.NONE)
                                            .withListener(timer),
                                    backend);
            double seconds = (System.nanoTime() - t0) * 1e-9;
            String steady =
                    r.convergence().iterations() > 1
                            ? String.format(
                                    Locale.ROOT,
                                    "%.6f",
                                    (stepEnds[r.convergence().iterations() - 1] - stepEnds[0])
                                            * 1e-9
                                            / (r.convergence().iterations() - 1))
                            : "null";
            System.out.printf(
                    Locale.ROOT,
                    "{\"peer\": \"gmm-engine\", \"backend\": \"%s\", \"device\": \"%s\", \"precision\": \"%s\", "
                            + "\"iterations\": %d, \"seconds_per_iteration\": %.6f, \"steady_seconds_per_iteration\": %s, "
                            + "\"lower_bound\": %.9f}%n",
                    r.data().backend().backend(),
                    r.data().backend().device(),
                    precision.id(),
                    r.convergence().iterations(),
                    seconds / r.convergence().iterations(),
                    steady,
                    r.convergence().lowerBound());
        }
    }
}
