/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.engine;

import dev.gmm.CovarianceType;

/**
 * How the M-step estimates each covariance type from the sufficient statistics: one place for the
 * per-type arithmetic, so the public {@link CovarianceType} stays a plain description.
 */
final class CovarianceLayout {

    private CovarianceLayout() {}

    /**
     * Writes new covariance blocks for every component not marked kept; kept components (those
     * whose N_k fell below the floor) keep the blocks already in {@code covariances}.
     */
    static void estimate(CovarianceType type, double[][] covariances, Moments m, double regCovar) {
        switch (type) {
            case FULL -> full(covariances, m, regCovar);
            case TIED -> tied(covariances, m, regCovar);
            case DIAG -> diag(covariances, m, regCovar);
            case SPHERICAL -> spherical(covariances, m, regCovar);
            default -> throw new IllegalStateException(type.toString());
        }
    }

    private static void full(double[][] covariances, Moments m, double regCovar) {
        for (int k = 0; k < m.k; k++) {
            if (!m.kept[k]) {
                covariances[k] = m.centredFull(k, regCovar);
            }
        }
    }

    private static void tied(double[][] covariances, Moments m, double regCovar) {
        // sum_k N_k Sigma_k / sum_k N_k: the within-component scatter pooled over components
        int d = m.d;
        double[] pooled = new double[d * d];
        double total = 0;
        for (int k = 0; k < m.k; k++) {
            if (m.kept[k]) {
                continue;
            }
            double[] c = m.centredFull(k, 0.0);
            double nk = m.n[k];
            for (int i = 0; i < d * d; i++) {
                pooled[i] += nk * c[i];
            }
            total += nk;
        }
        if (total == 0) {
            return;
        }
        for (int i = 0; i < d * d; i++) {
            pooled[i] /= total;
        }
        for (int i = 0; i < d; i++) {
            pooled[i * d + i] += regCovar;
        }
        covariances[0] = pooled;
    }

    private static void diag(double[][] covariances, Moments m, double regCovar) {
        for (int k = 0; k < m.k; k++) {
            if (!m.kept[k]) {
                covariances[k] = m.centredDiagonal(k, regCovar);
            }
        }
    }

    private static void spherical(double[][] covariances, Moments m, double regCovar) {
        for (int k = 0; k < m.k; k++) {
            if (m.kept[k]) {
                continue;
            }
            double[] diag = m.centredDiagonal(k, regCovar);
            double mean = 0;
            for (double v : diag) {
                mean += v;
            }
            covariances[k] = new double[] {mean / diag.length};
        }
    }

    /** The per-component moments the M-step needs, with means relative to the shift c_k. */
    static final class Moments {
        final int k;
        final int d;
        final double[] n;
        final double[] s;
        final double[] q;
        final boolean[] kept;

        Moments(int k, int d, double[] n, double[] s, double[] q, boolean[] kept) {
            this.k = k;
            this.d = d;
            this.n = n;
            this.s = s;
            this.q = q;
            this.kept = kept;
        }

        /** Q_k/N_k - m m^T (+ reg on the diagonal) as a full symmetric matrix, m = S_k/N_k. */
        double[] centredFull(int comp, double regCovar) {
            double nk = n[comp];
            double[] m = new double[d];
            for (int i = 0; i < d; i++) {
                m[i] = s[comp * d + i] / nk;
            }
            double[] c = new double[d * d];
            int qBase = comp * (d * (d + 1) / 2);
            int idx = 0;
            for (int i = 0; i < d; i++) {
                for (int j = i; j < d; j++) {
                    double v = q[qBase + idx++] / nk - m[i] * m[j];
                    c[i * d + j] = v;
                    c[j * d + i] = v;
                }
                c[i * d + i] += regCovar;
            }
            return c;
        }

        /** diag(Q_k)/N_k - m^2 + reg, from a diagonal-only Q. */
        double[] centredDiagonal(int comp, double regCovar) {
            double nk = n[comp];
            double[] v = new double[d];
            for (int i = 0; i < d; i++) {
                double mi = s[comp * d + i] / nk;
                v[i] = q[comp * d + i] / nk - mi * mi + regCovar;
            }
            return v;
        }
    }
}
