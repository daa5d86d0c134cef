/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.engine;

/**
 * Dense Cholesky factorisation of small symmetric matrices, row-major {@code d x d} arrays. The
 * engine stores the precision factor {@code P = L^-T} (upper triangular, {@code Sigma^-1 = P P^T})
 * as scikit-learn does, so the log-determinant is a sum over its diagonal and the Mahalanobis term
 * is one triangular product.
 */
public final class Cholesky {

    private Cholesky() {}

    /**
     * The lower factor {@code L} with {@code a = L L^T}, or {@code null} when {@code a} is not
     * positive definite in double precision.
     */
    public static double[] lower(double[] a, int d) {
        double[] l = new double[d * d];
        for (int j = 0; j < d; j++) {
            double diag = a[j * d + j];
            for (int p = 0; p < j; p++) {
                diag -= l[j * d + p] * l[j * d + p];
            }
            if (!(diag > 0) || !Double.isFinite(diag)) {
                return null;
            }
            double ljj = Math.sqrt(diag);
            l[j * d + j] = ljj;
            for (int i = j + 1; i < d; i++) {
                double s = a[i * d + j];
                for (int p = 0; p < j; p++) {
                    s -= l[i * d + p] * l[j * d + p];
                }
                l[i * d + j] = s / ljj;
            }
        }
        return l;
    }

    /** {@code P = L^-T}: upper triangular, row-major, from a lower factor. */
    public static double[] precisionFactor(double[] l, int d) {
        // Invert L column by column (forward substitution on unit vectors), writing the transpose.
        double[] p = new double[d * d];
        double[] col = new double[d];
        for (int c = 0; c < d; c++) {
            for (int i = 0; i < d; i++) {
                double s = i == c ? 1.0 : 0.0;
                for (int q = c; q < i; q++) {
                    s -= l[i * d + q] * col[q];
                }
                col[i] = i < c ? 0.0 : s / l[i * d + i];
            }
            // column c of L^-1 becomes row c of P
            for (int i = c; i < d; i++) {
                p[c * d + i] = col[i];
            }
        }
        return p;
    }
}
