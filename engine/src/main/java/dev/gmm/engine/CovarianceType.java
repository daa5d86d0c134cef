package dev.gmm.engine;

import java.util.Locale;

/**
 * The four covariance structures of scikit-learn's {@code GaussianMixture}, each saying once how
 * it is stored, how many free parameters it has, which second moments it needs and how the
 * M-step estimates it from the sufficient statistics.
 *
 * <p>Storage per type (what {@link GaussianMixture} holds and model files carry):
 * full: {@code K} blocks of {@code d x d}; tied: one {@code d x d} block; diag: {@code K} blocks
 * of {@code d} variances; spherical: {@code K} blocks of one variance. Precision factors use the
 * same blocks: upper-triangular {@code d x d} for full and tied, {@code 1/sqrt(variance)} for the
 * others.
 */
public enum CovarianceType {
    FULL {
        @Override
        public int blockSize(int d) {
            return d * d;
        }

        @Override
        public boolean needsCrossMoments() {
            return true;
        }

        @Override
        public long covarianceParameters(int k, int d) {
            return (long) k * d * (d + 1) / 2;
        }

        @Override
        void estimate(double[][] covariances, Moments m, double regCovar) {
            for (int k = 0; k < m.k; k++) {
                if (!m.kept[k]) {
                    covariances[k] = m.centredFull(k, regCovar);
                }
            }
        }
    },
    TIED {
        @Override
        public int blockSize(int d) {
            return d * d;
        }

        @Override
        public int blocks(int k) {
            return 1;
        }

        @Override
        public boolean needsCrossMoments() {
            return true;
        }

        @Override
        public long covarianceParameters(int k, int d) {
            return (long) d * (d + 1) / 2;
        }

        @Override
        void estimate(double[][] covariances, Moments m, double regCovar) {
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
    },
    DIAG {
        @Override
        public int blockSize(int d) {
            return d;
        }

        @Override
        public boolean needsCrossMoments() {
            return false;
        }

        @Override
        public long covarianceParameters(int k, int d) {
            return (long) k * d;
        }

        @Override
        void estimate(double[][] covariances, Moments m, double regCovar) {
            for (int k = 0; k < m.k; k++) {
                if (!m.kept[k]) {
                    covariances[k] = m.centredDiagonal(k, regCovar);
                }
            }
        }
    },
    SPHERICAL {
        @Override
        public int blockSize(int d) {
            return 1;
        }

        @Override
        public boolean needsCrossMoments() {
            return false;
        }

        @Override
        public long covarianceParameters(int k, int d) {
            return k;
        }

        @Override
        void estimate(double[][] covariances, Moments m, double regCovar) {
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
    };

    /** Doubles in one covariance (and precision-factor) block. */
    public abstract int blockSize(int d);

    /** {@link #blockSize} without int overflow, which d^2 reaches from d = 46341: for size checks. */
    public long blockLength(int d) {
        return needsCrossMoments() ? (long) d * d : blockSize(d);
    }

    /** Covariance blocks a model with {@code k} components holds. */
    public int blocks(int k) {
        return k;
    }

    /** The block that serves component {@code component}. */
    public int blockOf(int component) {
        return this == TIED ? 0 : component;
    }

    /** Whether Q_k needs the off-diagonal moments (the packed upper triangle) or only the diagonal. */
    public abstract boolean needsCrossMoments();

    /** Length of one component's Q_k: the packed upper triangle or the diagonal. */
    public int momentLength(int d) {
        return needsCrossMoments() ? d * (d + 1) / 2 : d;
    }

    /** Free covariance parameters, as scikit-learn counts them for BIC and AIC. */
    public abstract long covarianceParameters(int k, int d);

    /**
     * Writes new covariance blocks for every component not marked kept; kept components (those
     * whose N_k fell below the floor) keep the blocks already in {@code covariances}.
     */
    abstract void estimate(double[][] covariances, Moments m, double regCovar);

    /** The name used on the command line and in model files. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CovarianceType parse(String text) {
        for (CovarianceType t : values()) {
            if (t.id().equalsIgnoreCase(text.trim())) {
                return t;
            }
        }
        throw GmmException.input("unknown covariance type '" + text + "'; expected full, diag, spherical or tied");
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
