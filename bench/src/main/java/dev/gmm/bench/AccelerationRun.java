/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.bench;

import dev.gmm.Acceleration;
import dev.gmm.FitListener;
import dev.gmm.GaussianMixture;
import dev.gmm.GaussianMixtureModel;
import dev.gmm.data.DataFiles;
import dev.gmm.data.DataOptions;
import dev.gmm.data.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * SQUAREM against plain EM on one data file, on the CPU backend. Both run with tol 1e-10 from the
 * same start (the case's init.json when the data's folder has one, else the default k-means start
 * with seed 0), ROUNDS times alternating after an untimed warm-up fit; for each, the statistics
 * passes and seconds (from the fit call) until the mean log-likelihood first comes within 1e-8 of
 * the converged value (the higher of the two runs' last). Then a fit with default settings: its
 * passes, seconds and how far short of the converged value it stopped. Prints one JSON line.
 *
 * <p>Usage: AccelerationRun DATA K [ROUNDS] [kmeans] (kmeans: ignore an init.json)
 */
public final class AccelerationRun {

    private AccelerationRun() {}

    /** The pass number, mean log-likelihood and seconds since the fit call of every kept model. */
    private record Trace(List<double[]> points, double seconds) {
        double last() {
            return points.get(points.size() - 1)[1];
        }

        /** The first point within {@code gap} of {@code target}: {pass, seconds}. */
        double[] reach(double target, double gap) {
            for (double[] p : points) {
                if (target - p[1] <= gap) {
                    return new double[] {p[0], p[2]};
                }
            }
            return new double[] {Double.NaN, Double.NaN};
        }
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int k = Integer.parseInt(args[1]);
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        Path initFile = file.toAbsolutePath().getParent().resolve("init.json");
        boolean kmeans = args.length > 3 && args[3].equals("kmeans");
        GaussianMixtureModel init =
                !kmeans && Files.exists(initFile) ? GaussianMixtureModel.load(initFile) : null;
        // untimed: the JIT compiles the kernels on this one, not on the first timed fit
        fit(file, k, init, Acceleration.NONE, -1);
        List<Trace> plain = new ArrayList<>();
        List<Trace> fast = new ArrayList<>();
        Trace defaults = null;
        for (int r = 0; r < rounds; r++) {
            boolean plainFirst = r % 2 == 0;
            for (int turn = 0; turn < 2; turn++) {
                boolean isPlain = (turn == 0) == plainFirst;
                Trace t =
                        fit(
                                file,
                                k,
                                init,
                                isPlain ? Acceleration.NONE : Acceleration.SQUAREM,
                                1e-10);
                (isPlain ? plain : fast).add(t);
            }
            if (r == 0) {
                defaults = fit(file, k, init, Acceleration.SQUAREM, -1);
            }
        }
        double target = Math.max(plain.get(0).last(), fast.get(0).last());
        double[] p = median(plain, target);
        double[] f = median(fast, target);
        System.out.printf(
                Locale.ROOT,
                "{\"data\": \"%s\", \"k\": %d, \"start\": \"%s\", \"rounds\": %d, \"converged\": %.12f,"
                        + " \"plain_passes\": %.0f, \"plain_seconds\": %.3f, \"squarem_passes\": %.0f,"
                        + " \"squarem_seconds\": %.3f, \"pass_ratio\": %.3f,"
                        + " \"default_passes\": %d, \"default_seconds\": %.3f,"
                        + " \"default_short_by\": %.2e, \"default_lower_bound\": %.12f}%n",
                file,
                k,
                init != null ? "init.json" : "kmeans, seed 0",
                rounds,
                target,
                p[0],
                p[1],
                f[0],
                f[1],
                f[0] / p[0],
                (int) defaults.points.get(defaults.points.size() - 1)[0],
                defaults.seconds,
                target - defaults.last(),
                defaults.last());
    }

    /** The runs' passes to within 1e-8 (the same in each) and their median seconds. */
    private static double[] median(List<Trace> runs, double target) {
        double passes = runs.get(0).reach(target, 1e-8)[0];
        double[] seconds =
                runs.stream().mapToDouble(t -> t.reach(target, 1e-8)[1]).sorted().toArray();
        int n = seconds.length;
        return new double[] {
            passes, n % 2 == 1 ? seconds[n / 2] : (seconds[n / 2 - 1] + seconds[n / 2]) / 2
        };
    }

    /** A fit with tol {@code tol} (negative: the default) and its trace. */
    private static Trace fit(
            Path file, int k, GaussianMixtureModel init, Acceleration acceleration, double tol)
            throws Exception {
        List<double[]> points = new ArrayList<>();
        long[] t0 = {0};
        FitListener listener =
                new FitListener() {
                    @Override
                    public void onStep(int restart, int step, double mean, double change) {
                        points.add(new double[] {step, mean, (System.nanoTime() - t0[0]) * 1e-9});
                    }
                };
        GaussianMixture.Builder b =
                GaussianMixture.builder()
                        .components(k)
                        .seed(0)
                        .acceleration(acceleration)
                        .backend("cpu")
                        .listener(listener);
        if (init != null) {
            b.initModel(init);
        }
        if (tol >= 0) {
            b.tol(tol).maxIter(100_000);
        }
        try (DataSource data = DataFiles.open(file, DataOptions.defaults())) {
            t0[0] = System.nanoTime();
            b.build().fit(data);
            return new Trace(points, (System.nanoTime() - t0[0]) * 1e-9);
        }
    }
}
