/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.engine.fit;

import dev.gmm.CovarianceType;
import dev.gmm.GaussianMixtureModel;
import dev.gmm.GmmException;
import dev.gmm.InitMethod;
import dev.gmm.Precision;
import dev.gmm.data.RowSampler;
import dev.gmm.engine.MaximizationStep;
import dev.gmm.spi.MixtureParameters;
import dev.gmm.spi.SufficientStatistics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Starting models, made on the host from a seeded sample of rows (all rows when there are few):
 * k-means++ seeding and Lloyd iterations, random responsibilities, or random rows as means. Each
 * ends in the same M-step EM uses, so an initial model is already a valid model of its type.
 */
public final class Initializer {

    /** Lloyd iterations at most; they stop earlier when no row changes cluster. */
    static final int LLOYD_ITERATIONS = 100;

    private final String dataName;
    private final boolean wholeData;
    private final int m;
    private final int d;
    private final double[] x;
    private final double[] w;

    /** Takes the sample's arrays over (no copy: with a small heap, two copies may not fit). */
    public Initializer(RowSampler.Sample sample, String dataName, boolean wholeData) {
        this.dataName = dataName;
        this.wholeData = wholeData;
        this.m = sample.count();
        this.d = sample.dims();
        this.x = sample.rows();
        if (sample.weights() != null) {
            this.w = sample.weights();
        } else {
            this.w = new double[m];
            Arrays.fill(w, 1.0);
        }
    }

    /** Beyond this magnitude, squares (distances, covariances) overflow double. */
    static final double LARGEST = 1e152;

    /** Below this spread, squared distances underflow double. */
    static final double SMALLEST_SD = 1e-150;

    /** Spreads whose squares float holds (its range ends near 1e38 and 1e-38). */
    static final double FLOAT_SPREAD = 1e18;

    /** A column whose variance is below reg_covar by this factor is mostly regularisation. */
    static final double FAR_BELOW = 100;

    /**
     * Rejects data EM cannot fit at all (every row the same, or a scale whose squares overflow or
     * underflow double, with the factor to rescale by); returns a notice for each column whose
     * variance is far below {@code regCovar}, whose fitted variance will be mostly regularisation.
     */
    public List<String> checkScale(List<String> columns, double regCovar, Precision precision) {
        boolean differ = false;
        for (int i = 1; i < m && !differ; i++) {
            for (int j = 0; j < d; j++) {
                if (x[i * d + j] != x[j]) {
                    differ = true;
                    break;
                }
            }
        }
        if (!differ) {
            throw GmmException.input(
                    dataName
                            + ": every "
                            + (wholeData ? "" : "sampled ")
                            + "row is the same; a mixture needs rows that differ");
        }
        List<String> notices = new ArrayList<>();
        double total = 0;
        for (int i = 0; i < m; i++) {
            total += w[i];
        }
        for (int j = 0; j < d; j++) {
            double largest = 0;
            double mean = 0;
            for (int i = 0; i < m; i++) {
                largest = Math.max(largest, Math.abs(x[i * d + j]));
                mean += w[i] * x[i * d + j];
            }
            String column =
                    "column "
                            + (columns.get(j).equals("x" + j)
                                    ? String.valueOf(j)
                                    : "'" + columns.get(j) + "'");
            if (largest > LARGEST) {
                throw GmmException.input(
                        dataName
                                + ": "
                                + column
                                + " has values as large as "
                                + String.format(Locale.ROOT, "%.3g", largest)
                                + ", whose squares overflow double precision; rescale the data (divide it by 1e"
                                + (int) Math.floor(Math.log10(largest))
                                + ", say) and fit again");
            }
            mean /= total;
            // deviations in units of the largest value, so that tiny data does not underflow here
            double scaled = 0;
            for (int i = 0; i < m && largest > 0; i++) {
                double dev = (x[i * d + j] - mean) / largest;
                scaled += w[i] * dev * dev;
            }
            double sd = largest * Math.sqrt(scaled / total);
            double var = sd * sd;
            if (sd > 0 && sd < SMALLEST_SD) {
                throw GmmException.input(
                        dataName
                                + ": "
                                + column
                                + " varies by only "
                                + String.format(Locale.ROOT, "%.3g", sd)
                                + ", whose square underflows double precision; rescale the data (multiply it by 1e"
                                + (int) -Math.floor(Math.log10(sd))
                                + ", say) and fit again");
            }
            if (precision == Precision.FLOAT
                    && (sd > FLOAT_SPREAD || sd > 0 && sd < 1 / FLOAT_SPREAD)) {
                throw GmmException.input(
                        dataName
                                + ": "
                                + column
                                + " varies by "
                                + String.format(Locale.ROOT, "%.3g", sd)
                                + ", whose square is beyond float precision's range; fit in double precision, or rescale the data");
            }
            if (var * FAR_BELOW < regCovar) {
                notices.add(
                        column
                                + (var == 0
                                        ? " is constant"
                                        : " has variance "
                                                + String.format(Locale.ROOT, "%.3g", var))
                                + ", far below regCovar "
                                + regCovar
                                + ": its fitted variance will be mostly regCovar; rescale the column or lower regCovar");
            }
        }
        return notices;
    }

    public GaussianMixtureModel initialize(
            InitMethod method, int k, CovarianceType type, double regCovar, SplittableRandom rng) {
        switch (method) {
            case KMEANS:
                return fromLabels(kMeans(k, rng), k, type, regCovar);
            case K_MEANS_PLUS_PLUS:
                return fromSeeds(seeds(k, rng), k, type, regCovar);
            case RANDOM:
                return fromRandomResponsibilities(k, type, regCovar, rng);
            case RANDOM_FROM_DATA:
                return fromSeeds(randomRows(k, rng), k, type, regCovar);
            default:
                throw new IllegalStateException(method.toString());
        }
    }

    /**
     * Weighted k-means++ seeding followed by Lloyd iterations; returns each sample row's cluster.
     */
    int[] kMeans(int k, SplittableRandom rng) {
        int[] seeds = seeds(k, rng);
        double[] centers = new double[k * d];
        for (int c = 0; c < k; c++) {
            System.arraycopy(x, seeds[c] * d, centers, c * d, d);
        }
        double[] dist = new double[m];
        int[] labels = new int[m];
        Arrays.fill(labels, -1);
        for (int it = 0; it < LLOYD_ITERATIONS; it++) {
            boolean changed = false;
            for (int i = 0; i < m; i++) {
                int best = 0;
                double bestDist = squaredDistance(i, centers, 0);
                for (int c = 1; c < k; c++) {
                    double dc = squaredDistance(i, centers, c);
                    if (dc < bestDist) {
                        bestDist = dc;
                        best = c;
                    }
                }
                dist[i] = bestDist;
                if (labels[i] != best) {
                    labels[i] = best;
                    changed = true;
                }
            }
            if (!changed) {
                break;
            }
            updateCenters(labels, centers, dist, k);
        }
        return labels;
    }

    /**
     * Candidates greedy k-means++ tries for each centre, as scikit-learn: 2 + ln K. The system
     * property {@code gmm.init.trials} sets it (1 is plain k-means++), for the benchmark that
     * compares the two.
     */
    static int localTrials(int k) {
        return Integer.getInteger("gmm.init.trials", 2 + (int) Math.log(k));
    }

    /**
     * Greedy weighted k-means++ seeding, as scikit-learn's: each centre after the first is the best
     * of {@link #localTrials} candidates drawn with probability proportional to weight times
     * squared distance, the one that lowers the potential (the weighted sum of squared distances to
     * the nearest centre) most. Returns the sample rows chosen as the K centres.
     */
    int[] seeds(int k, SplittableRandom rng) {
        int trials = localTrials(k);
        int[] seeds = new int[k];
        double[] centers = new double[k * d];
        double[] dist = new double[m];
        int first = pickWeighted(w, rng);
        if (first < 0) {
            throw GmmException.input(
                    dataName + ": every " + (wholeData ? "" : "sampled ") + "row has weight zero");
        }
        seeds[0] = first;
        System.arraycopy(x, first * d, centers, 0, d);
        for (int i = 0; i < m; i++) {
            dist[i] = squaredDistance(i, centers, 0);
        }
        double[] mass = new double[m];
        double[] trial = new double[m];
        double[] best = new double[m];
        for (int c = 1; c < k; c++) {
            for (int i = 0; i < m; i++) {
                mass[i] = w[i] * dist[i];
            }
            int chosen = -1;
            double bestPotential = Double.POSITIVE_INFINITY;
            for (int t = 0; t < trials; t++) {
                int candidate = pickWeighted(mass, rng);
                if (candidate < 0) {
                    throw GmmException.input(
                            dataName
                                    + " has only "
                                    + c
                                    + " distinct "
                                    + (wholeData ? "" : "sampled ")
                                    + "rows with positive weight, fewer than the "
                                    + k
                                    + " components asked for");
                }
                double potential = 0;
                for (int i = 0; i < m; i++) {
                    trial[i] = Math.min(dist[i], squaredDistance(i, x, candidate));
                    potential += w[i] * trial[i];
                }
                if (potential < bestPotential) {
                    bestPotential = potential;
                    chosen = candidate;
                    double[] swap = best;
                    best = trial;
                    trial = swap;
                }
            }
            seeds[c] = chosen;
            System.arraycopy(x, chosen * d, centers, c * d, d);
            double[] swap = dist;
            dist = best;
            best = swap;
        }
        return seeds;
    }

    /** K distinct sample rows with positive weight, drawn uniformly. */
    private int[] randomRows(int k, SplittableRandom rng) {
        int[] candidates = java.util.stream.IntStream.range(0, m).filter(i -> w[i] > 0).toArray();
        if (k > candidates.length) {
            throw GmmException.input(
                    dataName
                            + ": "
                            + k
                            + " components need at least "
                            + k
                            + " rows with positive weight, found "
                            + candidates.length);
        }
        for (int c = 0; c < k; c++) {
            int j = c + rng.nextInt(candidates.length - c);
            int t = candidates[c];
            candidates[c] = candidates[j];
            candidates[j] = t;
        }
        return Arrays.copyOf(candidates, k);
    }

    /**
     * scikit-learn's start for k-means++ and random_from_data: responsibility 1 of component c for
     * seed row c and 0 for every other row, then an M-step, so each component starts at its seed
     * with covariance regCovar I and equal weight.
     */
    private GaussianMixtureModel fromSeeds(
            int[] seeds, int k, CovarianceType type, double regCovar) {
        double[][] anchors = new double[k][];
        double[] resp = new double[m * k];
        for (int c = 0; c < k; c++) {
            anchors[c] = Arrays.copyOfRange(x, seeds[c] * d, seeds[c] * d + d);
            resp[seeds[c] * k + c] = 1;
        }
        return mStep(provisional(k, type, anchors), resp, regCovar);
    }

    /**
     * Weighted means of each cluster; an empty cluster moves to the row farthest from its center.
     */
    private void updateCenters(int[] labels, double[] centers, double[] dist, int k) {
        double[] sums = new double[k * d];
        double[] mass = new double[k];
        for (int i = 0; i < m; i++) {
            int c = labels[i];
            mass[c] += w[i];
            for (int j = 0; j < d; j++) {
                sums[c * d + j] += w[i] * x[i * d + j];
            }
        }
        for (int c = 0; c < k; c++) {
            if (mass[c] > 0) {
                for (int j = 0; j < d; j++) {
                    centers[c * d + j] = sums[c * d + j] / mass[c];
                }
            } else {
                int far = 0;
                for (int i = 1; i < m; i++) {
                    if (w[i] * dist[i] > w[far] * dist[far]) {
                        far = i;
                    }
                }
                System.arraycopy(x, far * d, centers, c * d, d);
                dist[far] = 0;
                labels[far] = c;
            }
        }
    }

    private GaussianMixtureModel fromLabels(
            int[] labels, int k, CovarianceType type, double regCovar) {
        GaussianMixtureModel provisional = provisional(k, type, clusterAnchors(labels, k));
        double[] resp = new double[m * k];
        for (int i = 0; i < m; i++) {
            resp[i * k + labels[i]] = 1;
        }
        return mStep(provisional, resp, regCovar);
    }

    private GaussianMixtureModel fromRandomResponsibilities(
            int k, CovarianceType type, double regCovar, SplittableRandom rng) {
        double[] resp = new double[m * k];
        for (int i = 0; i < m; i++) {
            double s = 0;
            for (int c = 0; c < k; c++) {
                resp[i * k + c] = rng.nextDouble();
                s += resp[i * k + c];
            }
            for (int c = 0; c < k; c++) {
                resp[i * k + c] /= s;
            }
        }
        double[][] anchors = new double[k][];
        Arrays.fill(anchors, Arrays.copyOf(x, d));
        return mStep(provisional(k, type, anchors), resp, regCovar);
    }

    /** A valid model of the right shape whose means serve as the shifts of the first statistics. */
    private GaussianMixtureModel provisional(int k, CovarianceType type, double[][] means) {
        double[] weights = new double[k];
        Arrays.fill(weights, 1.0 / k);
        double[][] covs = new double[type.blocks(k)][];
        int size = type.blockSize(d);
        for (int b = 0; b < covs.length; b++) {
            covs[b] = new double[size];
            if (type.needsCrossMoments()) {
                for (int j = 0; j < d; j++) {
                    covs[b][j * d + j] = 1;
                }
            } else {
                Arrays.fill(covs[b], 1);
            }
        }
        return GaussianMixtureModel.of(type, weights, means, covs);
    }

    /** One row of each cluster, used as the shift of that cluster's statistics. */
    private double[][] clusterAnchors(int[] labels, int k) {
        double[][] anchors = new double[k][];
        for (int i = 0; i < m; i++) {
            if (anchors[labels[i]] == null) {
                anchors[labels[i]] = Arrays.copyOfRange(x, i * d, i * d + d);
            }
        }
        for (int c = 0; c < k; c++) {
            if (anchors[c] == null) {
                anchors[c] = Arrays.copyOf(x, d);
            }
        }
        return anchors;
    }

    /** The M-step for given responsibilities ({@code m x K}) of the sample rows. */
    private GaussianMixtureModel mStep(
            GaussianMixtureModel provisional, double[] resp, double regCovar) {
        MixtureParameters p = provisional.parameters();
        int k = p.components();
        SufficientStatistics st = SufficientStatistics.zero(p);
        double[] diff = new double[d];
        for (int i = 0; i < m; i++) {
            st.add(x, i * d, w[i], 0.0, resp, i * k, diff);
        }
        return MaximizationStep.apply(st, null, regCovar, "initialisation").model();
    }

    private double squaredDistance(int row, double[] centers, int c) {
        double s = 0;
        for (int j = 0; j < d; j++) {
            double t = x[row * d + j] - centers[c * d + j];
            s += t * t;
        }
        return s;
    }

    /**
     * An index drawn with probability proportional to {@code mass}, or -1 when all mass is zero.
     */
    private static int pickWeighted(double[] mass, SplittableRandom rng) {
        double total = 0;
        for (double v : mass) {
            total += v;
        }
        if (!(total > 0)) {
            return -1;
        }
        double u = rng.nextDouble() * total;
        double acc = 0;
        int last = -1;
        for (int i = 0; i < mass.length; i++) {
            if (mass[i] > 0) {
                acc += mass[i];
                last = i;
                if (u < acc) {
                    return i;
                }
            }
        }
        return last;
    }
}
