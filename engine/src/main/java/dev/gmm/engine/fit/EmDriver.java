/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.engine.fit;

import dev.gmm.Acceleration;
import dev.gmm.GaussianMixtureModel;
import dev.gmm.GmmException;
import dev.gmm.Precision;
import dev.gmm.data.DataSource;
import dev.gmm.data.InMemoryDataSource;
import dev.gmm.data.RowSampler;
import dev.gmm.engine.cpu.CpuBackend;
import dev.gmm.spi.ComputeBackend;
import dev.gmm.spi.EmLoop;
import dev.gmm.spi.MixtureParameters;
import dev.gmm.spi.ScoreTotals;
import dev.gmm.spi.SufficientStatistics;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Expectation-maximisation over a data source on any backend: init, then repeat { statistics over
 * all chunks, M-step on the host, mean log-likelihood, converged? }, best of {@code nInit}
 * restarts, then a final pass under the chosen model.
 *
 * <p>{@code maxIter} counts EM steps as scikit-learn does; a step's mean log-likelihood is the one
 * of the parameters it starts from, and the fit converges when it changes by less than {@code tol}
 * between steps ({@code tol = 0} runs exactly {@code maxIter} steps).
 */
public final class EmDriver {

    /** Seeds the verification sample apart from the initialisation streams. */
    private static final long VERIFY_SEED_MIX = 0x9E3779B97F4A7C15L;

    public FitResult fit(DataSource data, FitOptions o, ComputeBackend backend) {
        GaussianMixtureModel given = o.initModel();
        int k = given != null ? given.components() : o.components();
        checkShapes(data, o, k);
        MemoryCheck.check(
                data.name(),
                o.covarianceType(),
                k,
                data.dims(),
                Runtime.getRuntime().availableProcessors(),
                given != null ? 0 : Math.min(data.rows(), o.initSampleRows()));
        List<String> notices = new ArrayList<>();
        SplittableRandom root = new SplittableRandom(o.seed());
        double initSeconds = 0;
        double emSeconds = 0;
        EmLoop.Result best = null;
        int bestInit = 0;
        try (ChunkSet chunks = new ChunkSet(backend, data)) {
            Initializer initializer = null;
            int restarts = given != null ? 1 : o.nInit();
            for (int r = 0; r < restarts; r++) {
                SplittableRandom rng = root.split();
                long t0 = System.nanoTime();
                GaussianMixtureModel start = given;
                if (start == null) {
                    List<String> scale = List.of();
                    if (initializer == null) {
                        initializer =
                                new Initializer(
                                        RowSampler.sample(data, o.initSampleRows(), rng.split()),
                                        data.name(),
                                        data.rows() <= o.initSampleRows());
                        scale =
                                initializer.checkScale(
                                        data.columns(), o.regCovar(), backend.info().precision());
                    }
                    start =
                            initializer.initialize(
                                    o.init(), k, o.covarianceType(), o.regCovar(), rng);
                    // only once the start stands: data refused outright needs no notes before its
                    // error
                    for (String notice : scale) {
                        notices.add(notice);
                        o.listener().onNotice(notice);
                    }
                }
                long t1 = System.nanoTime();
                EmLoop.Result run = run(chunks, start, o, r, restarts, notices);
                long t2 = System.nanoTime();
                initSeconds += (t1 - t0) * 1e-9;
                emSeconds += (t2 - t1) * 1e-9;
                if (best == null || run.lowerBound() > best.lowerBound()) {
                    best = run;
                    bestInit = r;
                }
            }
            if (!best.converged() && o.tol() > 0) {
                double[] h = best.history();
                String msg =
                        String.format(
                                java.util.Locale.ROOT,
                                "EM did not converge in %d %s (maxIter): the mean log-likelihood"
                                        + " was still rising (by %.3g in the last pass kept; tol %s);"
                                        + " raise maxIter, or tol",
                                best.iterations(),
                                o.acceleration() == Acceleration.NONE ? "steps" : "iterations",
                                h.length > 1 ? h[h.length - 1] - h[h.length - 2] : Double.NaN,
                                o.tol());
                notices.add(msg);
                o.listener().onNotice(msg);
            }
            MixtureParameters p = best.model().parameters();
            // one pass gives the fitted model's log-likelihood and its responsibilities' entropy
            // (for ICL): a statistics pass, whose code is compiled by now, where the backend gives
            // the entropy with it, else a scoring pass; verification compares the statistics
            SufficientStatistics stats = chunks.accumulate(p);
            ScoreTotals last = Double.isNaN(stats.entropy()) ? chunks.scored(p) : stats.totals();
            Verification verification = o.verify() ? verify(data, backend, p, stats, o) : null;
            if (verification != null && !verification.passed()) {
                throw new GmmException(
                        GmmException.Category.VERIFICATION,
                        backend.info().backend() + " " + verification);
            }
            int[] labels = o.keepLabels() ? labels(chunks, p, data.rows()) : null;
            return new FitResult(
                    best.model(),
                    new FitResult.Convergence(
                            best.iterations(),
                            best.passes(),
                            best.converged(),
                            best.history(),
                            bestInit,
                            notices),
                    new FitResult.Data(
                            last.meanLogLikelihood(),
                            last.rows(),
                            last.totalWeight(),
                            last.entropy(),
                            labels,
                            backend.info(),
                            chunks.streaming()),
                    new FitResult.Timings(initSeconds, emSeconds),
                    verification);
        }
    }

    private static void checkShapes(DataSource data, FitOptions o, int k) {
        if (k < 1) {
            throw GmmException.input("the number of components must be at least 1");
        }
        GaussianMixtureModel given = o.initModel();
        if (given != null) {
            if (o.components() != 0 && o.components() != given.components()) {
                throw GmmException.input(
                        "the initial model has "
                                + given.components()
                                + " components but "
                                + o.components()
                                + " were asked for");
            }
            if (given.covarianceType() != o.covarianceType()) {
                throw GmmException.input(
                        "the initial model is "
                                + given.covarianceType().id()
                                + " but covariance type "
                                + o.covarianceType().id()
                                + " was asked for");
            }
            if (given.dimensions() != data.dims()) {
                throw GmmException.input(
                        "the initial model has "
                                + given.dimensions()
                                + " dimensions but "
                                + data.name()
                                + " has "
                                + data.dims()
                                + " columns");
            }
        }
        if (data.rows() < k) {
            throw GmmException.input(
                    data.name()
                            + " has "
                            + data.rows()
                            + " rows, fewer than the "
                            + k
                            + " components asked for");
        }
    }

    private static EmLoop.Result run(
            ChunkSet chunks,
            GaussianMixtureModel start,
            FitOptions o,
            int restart,
            int restarts,
            List<String> notices) {
        EmLoop.Result r =
                EmLoop.run(
                        start,
                        o.maxIter(),
                        o.tol(),
                        o.regCovar(),
                        o.acceleration(),
                        m -> chunks.accumulate(m.parameters()),
                        o.listener(),
                        restart,
                        restarts);
        notices.addAll(r.notices());
        return r;
    }

    /**
     * Re-computes the statistics for {@code p} with the CPU reference in double, on all rows or a
     * seeded sample, and compares them with the backend's.
     */
    private static Verification verify(
            DataSource data,
            ComputeBackend backend,
            MixtureParameters p,
            SufficientStatistics all,
            FitOptions o) {
        double tolerance =
                o.verifyTolerance() > 0
                        ? o.verifyTolerance()
                        : Verification.defaultTolerance(backend.info().precision());
        try (CpuBackend reference = new CpuBackend(Precision.DOUBLE, 0)) {
            SufficientStatistics device;
            SufficientStatistics cpu;
            if (o.verifyRows() == 0 || o.verifyRows() >= data.rows()) {
                device = all;
                try (ChunkSet cpuChunks = new ChunkSet(reference, data)) {
                    cpu = cpuChunks.accumulate(p);
                }
            } else {
                RowSampler.Sample sample =
                        RowSampler.sample(
                                data,
                                o.verifyRows(),
                                new SplittableRandom(o.seed() ^ VERIFY_SEED_MIX));
                DataSource rows =
                        InMemoryDataSource.ofDoubles(
                                data.name() + " (verification sample)",
                                sample.rows(),
                                sample.dims(),
                                sample.weights());
                try (ChunkSet onDevice = new ChunkSet(backend, rows);
                        ChunkSet onCpu = new ChunkSet(reference, rows)) {
                    device = onDevice.accumulate(p);
                    cpu = onCpu.accumulate(p);
                }
            }
            return new Verification(cpu.rows(), device.differenceFrom(cpu), tolerance);
        }
    }

    private static int[] labels(ChunkSet chunks, MixtureParameters p, long rows) {
        if (rows > Integer.MAX_VALUE - 8) {
            throw GmmException.input(
                    "too many rows to keep labels in memory; use GaussianMixtureModel.scoreChunks, which streams them");
        }
        int[] labels = new int[(int) rows];
        int[] at = {0};
        chunks.score(
                p,
                false,
                (scores, chunk) -> {
                    System.arraycopy(scores.labels(), 0, labels, at[0], scores.rows());
                    at[0] += scores.rows();
                });
        return labels;
    }
}
