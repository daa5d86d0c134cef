/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.engine.fit;

import dev.gmm.CovarianceType;
import dev.gmm.GaussianMixtureModel;

/**
 * EM exactly as the textbook writes it, in double, with no shortcut the engine takes: densities
 * through an explicit inverse and determinant (Gauss-Jordan, not Cholesky), responsibilities as an
 * {@code n x K} matrix, means and covariances in two passes over the rows. The engine's iterates
 * must agree with these.
 */
final class TextbookEm {

    final CovarianceType type;
    final double regCovar;
    final int k;
    final int d;
    double[] weights;
    double[][] means;
    double[][][] covariances;
    double lastMeanLogLikelihood;

    TextbookEm(GaussianMixtureModel start, double regCovar) {
        this.type = start.covarianceType();
        this.regCovar = regCovar;
        this.k = start.components();
        this.d = start.dimensions();
        this.weights = start.weights();
        this.means = start.means();
        this.covariances = new double[k][][];
        for (int c = 0; c < k; c++) {
            covariances[c] = start.covariance(c);
        }
    }

    /** One E-step and one M-step; {@code w} may be null (all ones). */
    void step(double[][] x, double[] w) {
        int n = x.length;
        double[][] logp = new double[n][k];
        for (int c = 0; c < k; c++) {
            double[][] inv = inverse(covariances[c]);
            double logDet = Math.log(determinant(covariances[c]));
            for (int i = 0; i < n; i++) {
                double maha = 0;
                for (int a = 0; a < d; a++) {
                    for (int b = 0; b < d; b++) {
                        maha += (x[i][a] - means[c][a]) * inv[a][b] * (x[i][b] - means[c][b]);
                    }
                }
                logp[i][c] =
                        Math.log(weights[c]) - 0.5 * (d * Math.log(2 * Math.PI) + logDet + maha);
            }
        }
        double[][] resp = new double[n][k];
        double total = 0;
        double sumW = 0;
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                max = Math.max(max, logp[i][c]);
            }
            double s = 0;
            for (int c = 0; c < k; c++) {
                s += Math.exp(logp[i][c] - max);
            }
            double l = max + Math.log(s);
            for (int c = 0; c < k; c++) {
                resp[i][c] = Math.exp(logp[i][c] - l);
            }
            double wi = w == null ? 1 : w[i];
            total += wi * l;
            sumW += wi;
        }
        lastMeanLogLikelihood = total / sumW;

        double[] nk = new double[k];
        double[][] mu = new double[k][d];
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < n; i++) {
                double a = (w == null ? 1 : w[i]) * resp[i][c];
                nk[c] += a;
                for (int j = 0; j < d; j++) {
                    mu[c][j] += a * x[i][j];
                }
            }
            for (int j = 0; j < d; j++) {
                mu[c][j] /= nk[c];
            }
        }
        double[][][] sigma = new double[k][d][d];
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < n; i++) {
                double a = (w == null ? 1 : w[i]) * resp[i][c];
                for (int p = 0; p < d; p++) {
                    for (int q = 0; q < d; q++) {
                        sigma[c][p][q] += a * (x[i][p] - mu[c][p]) * (x[i][q] - mu[c][q]);
                    }
                }
            }
            for (int p = 0; p < d; p++) {
                for (int q = 0; q < d; q++) {
                    sigma[c][p][q] /= nk[c];
                }
            }
        }
        double sumN = 0;
        for (double v : nk) {
            sumN += v;
        }
        double[][][] next = new double[k][d][d];
        switch (type) {
            case FULL:
                for (int c = 0; c < k; c++) {
                    for (int p = 0; p < d; p++) {
                        next[c][p] = sigma[c][p].clone();
                        next[c][p][p] += regCovar;
                    }
                }
                break;
            case DIAG:
                for (int c = 0; c < k; c++) {
                    for (int p = 0; p < d; p++) {
                        next[c][p][p] = sigma[c][p][p] + regCovar;
                    }
                }
                break;
            case SPHERICAL:
                for (int c = 0; c < k; c++) {
                    double v = 0;
                    for (int p = 0; p < d; p++) {
                        v += sigma[c][p][p] + regCovar;
                    }
                    for (int p = 0; p < d; p++) {
                        next[c][p][p] = v / d;
                    }
                }
                break;
            case TIED:
                {
                    double[][] pooled = new double[d][d];
                    for (int c = 0; c < k; c++) {
                        for (int p = 0; p < d; p++) {
                            for (int q = 0; q < d; q++) {
                                pooled[p][q] += nk[c] * sigma[c][p][q] / sumN;
                            }
                        }
                    }
                    for (int p = 0; p < d; p++) {
                        pooled[p][p] += regCovar;
                    }
                    for (int c = 0; c < k; c++) {
                        for (int p = 0; p < d; p++) {
                            next[c][p] = pooled[p].clone();
                        }
                    }
                    break;
                }
            default:
                throw new IllegalStateException();
        }
        for (int c = 0; c < k; c++) {
            weights[c] = nk[c] / sumN;
        }
        means = mu;
        covariances = next;
    }

    static double[][] inverse(double[][] a) {
        int n = a.length;
        double[][] m = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n + i] = 1;
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                    pivot = r;
                }
            }
            double[] t = m[col];
            m[col] = m[pivot];
            m[pivot] = t;
            double p = m[col][col];
            for (int j = 0; j < 2 * n; j++) {
                m[col][j] /= p;
            }
            for (int r = 0; r < n; r++) {
                if (r != col) {
                    double f = m[r][col];
                    for (int j = 0; j < 2 * n; j++) {
                        m[r][j] -= f * m[col][j];
                    }
                }
            }
        }
        double[][] inv = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], n, inv[i], 0, n);
        }
        return inv;
    }

    static double determinant(double[][] a) {
        int n = a.length;
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) {
            m[i] = a[i].clone();
        }
        double det = 1;
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                    pivot = r;
                }
            }
            if (pivot != col) {
                double[] t = m[col];
                m[col] = m[pivot];
                m[pivot] = t;
                det = -det;
            }
            det *= m[col][col];
            for (int r = col + 1; r < n; r++) {
                double f = m[r][col] / m[col][col];
                for (int j = col; j < n; j++) {
                    m[r][j] -= f * m[col][j];
                }
            }
        }
        return det;
    }
}
