/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.spi;

import dev.gmm.CovarianceType;

/**
 * The additive result of one statistics pass (docs/design.md, "The one contract"): for rows x_i
 * with weights w_i under fixed parameters,
 *
 * <pre>
 *   L = sum w_i l_i,  W = sum w_i,  N_k = sum w_i r_ik,
 *   S_k = sum w_i r_ik (x_i - c_k),  Q_k = sum w_i r_ik (x_i - c_k)(x_i - c_k)^T
 * </pre>
 *
 * with c_k the current means. Q_k is the packed upper triangle (row-major) when the covariance type
 * needs cross moments, else its diagonal. Statistics of disjoint rows merge by addition, so
 * threads, work-groups, chunks and devices all combine the same way; callers merge in a fixed order
 * to keep a fit reproducible.
 */
public final class SufficientStatistics {

    /** Components with less than this share of the total weight are compared on N only. */
    static final double NEGLIGIBLE_SHARE = 1e-6;

    private final CovarianceType type;
    private final int k;
    private final int d;
    private final int qLength;
    private final double[] shifts;
    private double logLikelihood;
    private double totalWeight;
    private long rows;

    /** The weighted sum of the rows' responsibility entropies, over {@link #entropyRows} rows. */
    private double entropy;

    private long entropyRows;
    private final double[] n;
    private final double[] s;
    private final double[] q;

    private SufficientStatistics(MixtureParameters p) {
        this.type = p.covarianceType();
        this.k = p.components();
        this.d = p.dimensions();
        this.qLength = type.momentLength(d);
        this.shifts = p.means();
        this.n = new double[k];
        this.s = new double[k * d];
        this.q = new double[k * qLength];
    }

    /** Values {@link #pack} puts before N, S and Q. */
    private static final int PACKED_TOTALS = 5;

    /**
     * These statistics as one array, to send between machines: L, W, the row count, the entropy and
     * its row count, then N, S and Q. {@link #unpack} with the same parameters gives them back
     * exactly.
     */
    public double[] pack() {
        int t = PACKED_TOTALS;
        double[] out = new double[t + n.length + s.length + q.length];
        out[0] = logLikelihood;
        out[1] = totalWeight;
        out[2] = rows;
        out[3] = entropy;
        out[4] = entropyRows;
        System.arraycopy(n, 0, out, t, n.length);
        System.arraycopy(s, 0, out, t + n.length, s.length);
        System.arraycopy(q, 0, out, t + n.length + s.length, q.length);
        return out;
    }

    /** Statistics packed by {@link #pack} under the same parameters {@code p}. */
    public static SufficientStatistics unpack(MixtureParameters p, double[] packed) {
        SufficientStatistics st = new SufficientStatistics(p);
        int t = PACKED_TOTALS;
        if (packed.length != t + st.n.length + st.s.length + st.q.length) {
            throw new IllegalArgumentException(
                    packed.length + " packed values for statistics of another shape");
        }
        st.logLikelihood = packed[0];
        st.totalWeight = packed[1];
        st.rows = (long) packed[2];
        st.entropy = packed[3];
        st.entropyRows = (long) packed[4];
        System.arraycopy(packed, t, st.n, 0, st.n.length);
        System.arraycopy(packed, t + st.n.length, st.s, 0, st.s.length);
        System.arraycopy(packed, t + st.n.length + st.s.length, st.q, 0, st.q.length);
        return st;
    }

    /** Empty statistics for a pass under {@code p}; the shifts are p's means. */
    public static SufficientStatistics zero(MixtureParameters p) {
        return new SufficientStatistics(p);
    }

    /**
     * Statistics a device computed about its own shifts c' (the means rounded to its width),
     * re-expressed about p's means in double: S = S' + N delta and Q = Q' + S' delta^T + delta S'^T
     * + N delta delta^T, with delta = c' - c. They then merge with any backend's, and the M-step
     * adds back exactly what the device subtracted.
     *
     * @param sums from {@code offset}, for each component: N_k, then S'_k (d values), then Q'_k
     *     ({@code momentLength} values, this type's layout)
     */
    public static SufficientStatistics reshifted(
            MixtureParameters p,
            double[] deviceShifts,
            double[] sums,
            int offset,
            double logLikelihood,
            double totalWeight,
            long rows) {
        SufficientStatistics st = new SufficientStatistics(p);
        int d = st.d;
        int m = st.qLength;
        boolean cross = st.type.needsCrossMoments();
        double[] delta = new double[d];
        for (int c = 0; c < st.k; c++) {
            int base = offset + c * (1 + d + m);
            double nk = sums[base];
            st.n[c] = nk;
            for (int i = 0; i < d; i++) {
                delta[i] = deviceShifts[c * d + i] - st.shifts[c * d + i];
            }
            int idx = 0;
            for (int i = 0; i < d; i++) {
                double si = sums[base + 1 + i];
                for (int j = i; j < (cross ? d : i + 1); j++) {
                    double sj = sums[base + 1 + j];
                    st.q[c * m + idx] =
                            sums[base + 1 + d + idx]
                                    + si * delta[j]
                                    + delta[i] * sj
                                    + nk * delta[i] * delta[j];
                    idx++;
                }
                st.s[c * d + i] = si + nk * delta[i];
            }
        }
        st.addTotals(logLikelihood, totalWeight, rows);
        return st;
    }

    /**
     * Folds in one row: {@code x[off..off+d)} with weight {@code w}, log density {@code l} and
     * responsibilities {@code resp[respOff..respOff+K)}; {@code diff} is scratch of length d.
     */
    public void add(
            double[] x, int off, double w, double l, double[] resp, int respOff, double[] diff) {
        logLikelihood += w * l;
        totalWeight += w;
        rows++;
        boolean cross = type.needsCrossMoments();
        for (int c = 0; c < k; c++) {
            double a = w * resp[respOff + c];
            if (a == 0) {
                continue;
            }
            n[c] += a;
            int mo = c * d;
            for (int i = 0; i < d; i++) {
                double t = x[off + i] - shifts[mo + i];
                diff[i] = t;
                s[mo + i] += a * t;
            }
            int qo = c * qLength;
            if (cross) {
                for (int i = 0; i < d; i++) {
                    double ai = a * diff[i];
                    int base = qo - i;
                    for (int j = i; j < d; j++) {
                        q[base + j] += ai * diff[j];
                    }
                    qo += d - i;
                }
            } else {
                for (int i = 0; i < d; i++) {
                    q[qo + i] += a * diff[i] * diff[i];
                }
            }
        }
    }

    /**
     * Adds L, W and the row count of a pass whose N, S and Q a device wrote into the live arrays.
     */
    public void addTotals(double logLikelihood, double totalWeight, long rows) {
        this.logLikelihood += logLikelihood;
        this.totalWeight += totalWeight;
        this.rows += rows;
    }

    /**
     * As {@link #addTotals(double, double, long)}, with the rows' entropy: the sum over them of
     * weight x H, H = -sum over k of r_k ln r_k. A backend that gives it for every row lets the
     * driver take a fit's last figures from a statistics pass instead of a scoring pass.
     */
    public void addTotals(double logLikelihood, double totalWeight, long rows, double entropy) {
        addTotals(logLikelihood, totalWeight, rows);
        this.entropy += entropy;
        this.entropyRows += rows;
    }

    private SufficientStatistics(SufficientStatistics st, double[] shifts) {
        this.type = st.type;
        this.k = st.k;
        this.d = st.d;
        this.qLength = st.qLength;
        this.shifts = shifts;
        this.logLikelihood = st.logLikelihood;
        this.totalWeight = st.totalWeight;
        this.rows = st.rows;
        this.entropy = st.entropy;
        this.entropyRows = st.entropyRows;
        this.n = st.n.clone();
        this.s = st.s.clone();
        this.q = st.q.clone();
    }

    /**
     * These statistics, computed on rows moved by {@code -offset} under {@code
     * p.translated(offset)}, expressed for the unmoved rows under {@code p}: moments about the
     * means do not move, so only the shifts change, to p's means.
     */
    public SufficientStatistics untranslated(MixtureParameters p) {
        if (p.components() != k || p.dimensions() != d || p.covarianceType() != type) {
            throw new IllegalArgumentException("statistics and parameters of different shapes");
        }
        return new SufficientStatistics(this, p.means());
    }

    /** Adds {@code other} (statistics of other rows under the same parameters) into this. */
    public void merge(SufficientStatistics other) {
        if (other.k != k || other.d != d || other.type != type) {
            throw new IllegalArgumentException("statistics of different shapes cannot merge");
        }
        logLikelihood += other.logLikelihood;
        totalWeight += other.totalWeight;
        rows += other.rows;
        entropy += other.entropy;
        entropyRows += other.entropyRows;
        for (int i = 0; i < n.length; i++) {
            n[i] += other.n[i];
        }
        for (int i = 0; i < s.length; i++) {
            s[i] += other.s[i];
        }
        for (int i = 0; i < q.length; i++) {
            q[i] += other.q[i];
        }
    }

    /** The covariance type the moments are for. */
    public CovarianceType covarianceType() {
        return type;
    }

    /** K, the number of components. */
    public int components() {
        return k;
    }

    /** d, the number of columns. */
    public int dimensions() {
        return d;
    }

    /** L: the weighted total log-likelihood. */
    public double logLikelihood() {
        return logLikelihood;
    }

    /** W: the total row weight (the row count when unweighted). */
    public double totalWeight() {
        return totalWeight;
    }

    /** Rows the statistics cover. */
    public long rows() {
        return rows;
    }

    /**
     * The weighted sum of the rows' responsibility entropies, when the backend gave it for every
     * row; NaN otherwise (a device backend, or rows added one by one).
     */
    public double entropy() {
        return entropyRows == rows ? entropy : Double.NaN;
    }

    /** The rows, W, L and {@link #entropy} as a scoring pass gives them (entropy maybe NaN). */
    public ScoreTotals totals() {
        return new ScoreTotals(rows, totalWeight, logLikelihood, entropy());
    }

    /** L / W, the quantity EM watches for convergence. */
    public double meanLogLikelihood() {
        return logLikelihood / totalWeight;
    }

    /** The shifts c_k, {@code K x d}. Shared, read-only. */
    public double[] shifts() {
        return shifts;
    }

    /** N_k, live: a device backend adds its partial sums here. */
    public double[] componentWeights() {
        return n;
    }

    /** S_k, {@code K x d}, live. */
    public double[] shiftedSums() {
        return s;
    }

    /** Q_k, {@code K x momentLength(d)}, live. */
    public double[] shiftedMoments() {
        return q;
    }

    /**
     * How far these statistics are from {@code reference}, each part scaled by its natural size: L
     * by {@code |L| + W}; N_k by W; S_kj by {@code sqrt(N_k Q_kjj)} (its Cauchy-Schwarz bound);
     * Q_kij by {@code sqrt(Q_kii Q_kjj)}. S and Q are compared only for components holding at least
     * a millionth of the weight: below that, responsibilities are rounding noise in float.
     */
    public StatisticsDifference differenceFrom(SufficientStatistics reference) {
        SufficientStatistics r = reference;
        if (r.k != k || r.d != d || r.type != type) {
            throw new IllegalArgumentException("statistics of different shapes cannot be compared");
        }
        double w = Math.abs(r.totalWeight);
        double dl = Math.abs(logLikelihood - r.logLikelihood) / (Math.abs(r.logLikelihood) + w);
        double dn = 0;
        double ds = 0;
        double dq = 0;
        boolean cross = type.needsCrossMoments();
        for (int c = 0; c < k; c++) {
            dn = Math.max(dn, Math.abs(n[c] - r.n[c]) / w);
            if (!(r.n[c] >= NEGLIGIBLE_SHARE * w)) {
                continue;
            }
            int qo = c * qLength;
            for (int i = 0; i < d; i++) {
                double qii = r.q[qo + diagonalIndex(i)];
                double scale = Math.sqrt(r.n[c] * qii);
                ds = Math.max(ds, relative(s[c * d + i] - r.s[c * d + i], scale));
                for (int j = i; j < (cross ? d : i + 1); j++) {
                    int idx = cross ? diagonalIndex(i) + (j - i) : i;
                    double qjj = r.q[qo + diagonalIndex(j)];
                    dq = Math.max(dq, relative(q[qo + idx] - r.q[qo + idx], Math.sqrt(qii * qjj)));
                }
            }
        }
        if (!Double.isFinite(logLikelihood) || !Double.isFinite(totalWeight)) {
            dl = Double.POSITIVE_INFINITY;
        }
        return new StatisticsDifference(dl, dn, ds, dq);
    }

    /** Where Q_k's (i, i) sits within one component's block. */
    private int diagonalIndex(int i) {
        return type.needsCrossMoments() ? i * d - i * (i - 1) / 2 : i;
    }

    private static double relative(double delta, double scale) {
        if (Double.isNaN(delta)) {
            return Double.POSITIVE_INFINITY;
        }
        if (delta == 0) {
            return 0;
        }
        return Math.abs(delta) / (scale > 0 ? scale : Double.MIN_NORMAL);
    }
}
