/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.cli.plot;

import dev.gmm.GaussianMixtureModel;
import dev.gmm.GmmException;
import java.awt.BasicStroke;
import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG pictures of a mixture and its data, drawn headless with XChart at 900 x 600:
 *
 * <ul>
 *   <li>{@link #density1d}: histogram of one column as a density, the mixture density, and each
 *       weighted component {@code w_k N(x | mu_k, sigma_k)};
 *   <li>{@link #scatter2d}: the rows on two chosen dimensions, coloured by predicted component,
 *       with each component's 1-, 2- and 3-sigma ellipses of its marginal on those dimensions;
 *   <li>{@link #criterionCurve}: BIC (and AIC, ICL) against the number of components, one line per
 *       covariance type, the lowest value of the chosen criterion circled.
 * </ul>
 *
 * Invalid input raises {@link GmmException#input}; files are written through {@link
 * dev.gmm.data.AtomicOutput}, so a failed plot leaves no file behind.
 */
public final class Plots {

    /** A scatter plot draws at most this many rows, a seeded sample when there are more. */
    public static final int MAX_SCATTER_POINTS = 20_000;

    /** Fixed so the same data gives the same picture. */
    static final long SUBSAMPLE_SEED = 0x5EED_F00DL;

    private static final int CURVE_POINTS = 600;
    private static final int ELLIPSE_SEGMENTS = 180;
    private static final double[] SIGMAS = {1, 2, 3};
    private static final float[] ELLIPSE_WIDTHS = {2.8f, 2.2f, 1.6f};

    private Plots() {}

    /**
     * One picture for a model and its data: the density plot when {@code d == 1}, otherwise the
     * scatter plot on {@code dims} (two dimension indices, 0-based; {@code null} means 0 and 1).
     *
     * @param rows {@code n x d} values, row-major
     * @param columns the {@code d} column names, or {@code null} for x0, x1, ...
     */
    public static void modelPlot(
            GaussianMixtureModel m,
            double[] rows,
            int d,
            int[] dims,
            List<String> columns,
            String title,
            Path out) {
        if (d == 1) {
            density1d(m, rows, names(columns, 1).get(0), title, out);
            return;
        }
        int[] pair = dims == null ? new int[] {0, 1} : dims;
        if (pair.length != 2) {
            throw GmmException.input(
                    "a scatter plot shows two dimensions; " + pair.length + " were given");
        }
        scatter2d(m, rows, d, pair[0], pair[1], columns, title, out);
    }

    /**
     * Histogram of {@code values} as a density (Freedman–Diaconis bins, at most {@value
     * Histogram#MAX_BINS}), the mixture density as a thick line and each weighted component as a
     * dashed line in its own colour; the legend gives each component's weight, mean and sd.
     *
     * @param m a one-dimensional model
     */
    public static void density1d(
            GaussianMixtureModel m, double[] values, String column, String title, Path out) {
        headless();
        requireModel(m);
        if (m.dimensions() != 1) {
            throw GmmException.input(
                    "a density plot needs a 1-dimensional model; this one has "
                            + m.dimensions()
                            + " dimensions (plot two of them as a scatter plot)");
        }
        String name = column == null || column.isBlank() ? "x0" : column;
        requireFinite(values, 1, List.of(name));

        Histogram h = Histogram.of(values);
        double lo = h.edges()[0];
        double hi = h.edges()[h.bins()];
        double pad = 0.03 * (hi - lo);
        double xMin = lo - pad;
        double xMax = hi + pad;

        int k = m.components();
        double[] x = new double[CURVE_POINTS];
        double[] mixture = new double[CURVE_POINTS];
        double[][] parts = new double[k][CURVE_POINTS];
        for (int i = 0; i < CURVE_POINTS; i++) {
            x[i] = xMin + (xMax - xMin) * i / (CURVE_POINTS - 1);
        }
        double[] mu = new double[k];
        double[] sd = new double[k];
        for (int c = 0; c < k; c++) {
            mu[c] = m.mean(c)[0];
            sd[c] = Math.sqrt(m.covariance(c)[0][0]);
            double w = m.weight(c);
            for (int i = 0; i < CURVE_POINTS; i++) {
                double z = (x[i] - mu[c]) / sd[c];
                parts[c][i] = w * Math.exp(-0.5 * z * z) / (sd[c] * Math.sqrt(2 * Math.PI));
                mixture[i] += parts[c][i];
            }
        }

        XYChart chart = ChartStyle.chart(title, name, "density");
        XYSeries bars =
                chart.addSeries(
                        String.format("data: n = %d, %d bins", values.length, h.bins()),
                        histogramOutlineX(h),
                        histogramOutlineY(h));
        bars.setXYSeriesRenderStyle(XYSeriesRenderStyle.PolygonArea);
        bars.setFillColor(ChartStyle.HISTOGRAM_FILL);
        bars.setLineColor(ChartStyle.HISTOGRAM_EDGE);
        bars.setLineStyle(ChartStyle.solid(0.8f));
        bars.setMarker(SeriesMarkers.NONE);

        for (int c = 0; c < k; c++) {
            String label =
                    String.format(
                            "component %d: w = %s, \u03bc = %s, \u03c3 = %s",
                            c,
                            ChartStyle.number(m.weight(c)),
                            ChartStyle.number(mu[c]),
                            ChartStyle.number(sd[c]));
            XYSeries s = chart.addSeries(label, x, parts[c]);
            line(s, ChartStyle.colour(c), ChartStyle.dashed(2.2f));
            // XChart draws a polyline segment by segment, restarting the dash pattern at every
            // point;
            // a smooth series is one path, so the dashes run on
            s.setSmooth(true);
        }
        // last, so it lies on top where one component makes up the whole mixture
        XYSeries fit = chart.addSeries("mixture density", x, mixture);
        line(fit, ChartStyle.INK, ChartStyle.solid(3.2f));

        // XChart sizes a legend that holds a box (the histogram) as if every entry's graphic were
        // a 20 px box; longer line samples would push the longest label past the legend's edge
        chart.getStyler().setLegendSeriesLineLength(20);
        placeDensityLegend(chart, x, mixture, h, xMin, xMax);
        ChartStyle.write(chart, out);
    }

    /**
     * The rows on dimensions {@code dimX} and {@code dimY}: at most {@value #MAX_SCATTER_POINTS} (a
     * seeded sample beyond that) as small translucent dots coloured by the model's predicted
     * component (predicted on all {@code d} dimensions); each component's marginal on the two
     * dimensions (mean sub-vector, 2 x 2 covariance sub-matrix) drawn as ellipses of Mahalanobis
     * radius 1, 2 and 3, with its mean marked.
     *
     * @param rows {@code n x d} values, row-major
     * @param columnNames the {@code d} column names, or {@code null} for x0, x1, ...
     */
    public static void scatter2d(
            GaussianMixtureModel m,
            double[] rows,
            int d,
            int dimX,
            int dimY,
            List<String> columnNames,
            String title,
            Path out) {
        headless();
        requireModel(m);
        if (d < 2) {
            throw GmmException.input(
                    "a scatter plot needs two dimensions; the data has "
                            + d
                            + " (plot one column as a density)");
        }
        if (m.dimensions() != d) {
            throw GmmException.input(
                    "the data has " + d + " dimensions, the model " + m.dimensions());
        }
        for (int dim : new int[] {dimX, dimY}) {
            if (dim < 0 || dim >= d) {
                throw GmmException.input(
                        "dimension "
                                + dim
                                + " is out of range; the data has dimensions 0 to "
                                + (d - 1));
            }
        }
        if (dimX == dimY) {
            throw GmmException.input("plot dimensions must differ; both are " + dimX);
        }
        List<String> names = names(columnNames, d);
        requireFinite(rows, d, names);

        int n = rows.length / d;
        int[] shown = subsample(n, MAX_SCATTER_POINTS, SUBSAMPLE_SEED);
        int k = m.components();
        double[][] px = new double[k][shown.length];
        double[][] py = new double[k][shown.length];
        int[] count = new int[k];
        double[] row = new double[d];
        double xLo = Double.POSITIVE_INFINITY;
        double xHi = Double.NEGATIVE_INFINITY;
        double yLo = Double.POSITIVE_INFINITY;
        double yHi = Double.NEGATIVE_INFINITY;
        for (int i : shown) {
            System.arraycopy(rows, i * d, row, 0, d);
            int c = m.predict(row);
            double a = row[dimX];
            double b = row[dimY];
            px[c][count[c]] = a;
            py[c][count[c]] = b;
            count[c]++;
            xLo = Math.min(xLo, a);
            xHi = Math.max(xHi, a);
            yLo = Math.min(yLo, b);
            yHi = Math.max(yHi, b);
        }

        double[][] mean2 = new double[k][];
        double[][] cov2 = new double[k][];
        for (int c = 0; c < k; c++) {
            double[] mu = m.mean(c);
            double[][] s = m.covariance(c);
            mean2[c] = new double[] {mu[dimX], mu[dimY]};
            cov2[c] = new double[] {s[dimX][dimX], s[dimX][dimY], s[dimY][dimY]};
        }
        double[] xr = axisRange(xLo, xHi, mean2, cov2, 0);
        double[] yr = axisRange(yLo, yHi, mean2, cov2, 1);

        XYChart chart = ChartStyle.chart(title, names.get(dimX), names.get(dimY));
        // dots: fainter the more there are, so dense cores do not turn into solid blobs
        double alpha = Math.max(0.18, Math.min(0.65, 0.6 * Math.sqrt(1000.0 / shown.length)));
        for (int c = 0; c < k; c++) {
            if (count[c] == 0) {
                continue;
            }
            XYSeries s =
                    chart.addSeries(
                            "points " + c,
                            Arrays.copyOf(px[c], count[c]),
                            Arrays.copyOf(py[c], count[c]));
            s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
            s.setMarker(Markers.dot(shown.length > 5000 ? 3.5 : 4.5));
            s.setMarkerColor(ChartStyle.translucent(ChartStyle.colour(c), alpha));
            s.setShowInLegend(false);
        }
        double[][][][] ellipses = new double[k][SIGMAS.length][][];
        for (int c = 0; c < k; c++) {
            for (int r = 0; r < SIGMAS.length; r++) {
                ellipses[c][r] = ellipse(mean2[c], cov2[c], SIGMAS[r]);
            }
        }
        // a white halo under every ellipse first, then the ellipses, so no ellipse hides under dots
        for (int c = 0; c < k; c++) {
            for (int r = 0; r < SIGMAS.length; r++) {
                double[][] e = ellipses[c][r];
                if (e != null) {
                    XYSeries s = chart.addSeries("halo " + c + " " + r, e[0], e[1]);
                    line(
                            s,
                            new Color(255, 255, 255, 200),
                            ChartStyle.solid(ELLIPSE_WIDTHS[r] + 3f));
                    s.setShowInLegend(false);
                }
            }
        }
        List<double[][]> firm = new ArrayList<>();
        List<double[][]> faint = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            Color ink = ChartStyle.darker(ChartStyle.colour(c), 0.8);
            for (int r = 0; r < SIGMAS.length; r++) {
                double[][] e = ellipses[c][r];
                if (e == null) {
                    continue;
                }
                String name =
                        r == 0
                                ? String.format(
                                        "component %d: w = %s, \u03bc = (%s, %s)",
                                        c,
                                        ChartStyle.number(m.weight(c)),
                                        ChartStyle.number(mean2[c][0]),
                                        ChartStyle.number(mean2[c][1]))
                                : "ellipse " + c + " " + r;
                XYSeries s = chart.addSeries(name, e[0], e[1]);
                (r == SIGMAS.length - 1 ? faint : firm).add(e);
                line(s, ink, ChartStyle.solid(ELLIPSE_WIDTHS[r]));
                s.setShowInLegend(r == 0);
            }
        }
        double[] mx = new double[k];
        double[] my = new double[k];
        for (int c = 0; c < k; c++) {
            mx[c] = mean2[c][0];
            my[c] = mean2[c][1];
        }
        XYSeries means = chart.addSeries("means; ellipses 1, 2, 3 \u03c3", mx, my);
        means.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
        means.setMarker(Markers.cross(16));
        means.setMarkerColor(ChartStyle.INK);
        firm.add(new double[][] {mx, my});

        placeScatterLegend(chart, px, py, count, faint, firm, xr, yr);
        ChartStyle.write(chart, out);
    }

    /** The criteria a score row may hold after its K, in order. */
    private static final String[] CRITERIA = {"BIC", "AIC", "ICL"};

    /** {@link #criterionCurve(Map, int, String, Path)} with the lowest BIC circled. */
    public static void criterionCurve(Map<String, double[][]> byType, String title, Path out) {
        criterionCurve(byType, 1, title, out);
    }

    /**
     * BIC against the number of components, one solid line per covariance type, AIC dashed and ICL
     * dotted in the same colour where given, and the lowest value of criterion {@code ringed} (1
     * BIC, 2 AIC, 3 ICL) over all types circled and named in the legend.
     *
     * @param byType for each covariance type (in legend order), rows of {@code {k, bic}}, {@code
     *     {k, bic, aic}} or {@code {k, bic, aic, icl}}; non-finite values (failed fits) are left
     *     out
     */
    public static void criterionCurve(
            Map<String, double[][]> byType, int ringed, String title, Path out) {
        headless();
        if (byType == null || byType.isEmpty()) {
            throw GmmException.input("no model scores to plot");
        }
        if (ringed < 1 || ringed > CRITERIA.length) {
            throw GmmException.input("the criterion to circle is 1, 2 or 3, got " + ringed);
        }
        XYChart chart = ChartStyle.chart(title, "components (K)", "criterion (lower is better)");
        double kLo = Double.POSITIVE_INFINITY;
        double kHi = Double.NEGATIVE_INFINITY;
        double vLo = Double.POSITIVE_INFINITY;
        double vHi = Double.NEGATIVE_INFINITY;
        String bestType = null;
        double[] best = null;
        int index = 0;
        for (Map.Entry<String, double[][]> e : byType.entrySet()) {
            String type = e.getKey();
            List<double[]> rows = new ArrayList<>();
            for (double[] r : e.getValue() == null ? new double[0][] : e.getValue()) {
                if (r == null || r.length < 2) {
                    throw GmmException.input(
                            "a score row for "
                                    + type
                                    + " needs {k, bic}, {k, bic, aic} or {k, bic, aic, icl}");
                }
                if (Double.isFinite(r[0])) {
                    rows.add(r);
                }
            }
            rows.sort(Comparator.comparingDouble(r -> r[0]));
            Color colour = ChartStyle.colour(index++);
            for (int col = 1; col <= CRITERIA.length; col++) {
                double[][] p = points(rows, col);
                if (p[0].length == 0) {
                    continue;
                }
                XYSeries s = chart.addSeries(type + " " + CRITERIA[col - 1], p[0], p[1]);
                if (col == 1) {
                    line(s, colour, ChartStyle.solid(2.6f));
                    s.setMarker(SeriesMarkers.CIRCLE);
                } else {
                    // thinner, with small dots: AIC and ICL are second opinions beside BIC
                    line(s, colour, col == 2 ? ChartStyle.dashed(1.8f) : ChartStyle.dotted(2.2f));
                    s.setMarker(Markers.dot(5));
                }
                s.setMarkerColor(colour);
                for (int i = 0; i < p[0].length; i++) {
                    kLo = Math.min(kLo, p[0][i]);
                    kHi = Math.max(kHi, p[0][i]);
                    vLo = Math.min(vLo, p[1][i]);
                    vHi = Math.max(vHi, p[1][i]);
                    if (col == ringed && (best == null || p[1][i] < best[1])) {
                        best = new double[] {p[0][i], p[1][i]};
                        bestType = type;
                    }
                }
            }
        }
        if (!(kLo <= kHi)) {
            throw GmmException.input("no finite scores to plot");
        }
        if (best != null) {
            XYSeries s =
                    chart.addSeries(
                            String.format(
                                    "lowest %s: %s, K = %s (%s)",
                                    CRITERIA[ringed - 1],
                                    bestType,
                                    ChartStyle.number(best[0]),
                                    ChartStyle.number(best[1])),
                            new double[] {best[0]},
                            new double[] {best[1]});
            s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
            s.setMarker(Markers.ring(24, 2.6f));
            s.setMarkerColor(ChartStyle.INK);
        }
        double vPad = vHi > vLo ? 0.06 * (vHi - vLo) : Math.max(1, Math.abs(vLo) * 0.01);
        ChartStyle.axes(chart, kLo - 0.4, kHi + 0.4, vLo - vPad, vHi + vPad);
        // components come in whole numbers; XChart skips ticks whose labels would repeat
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setMarkerSize(9);
        LegendPlacement.outside(chart);
        ChartStyle.write(chart, out);
    }

    // ---------------------------------------------------------------------------------------------

    /** The rendering needs no display; respect an explicit choice made before us. */
    private static void headless() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private static void requireModel(GaussianMixtureModel m) {
        if (m == null) {
            throw GmmException.input("no model to plot");
        }
    }

    private static List<String> names(List<String> columns, int d) {
        if (columns == null) {
            List<String> names = new ArrayList<>(d);
            for (int j = 0; j < d; j++) {
                names.add("x" + j);
            }
            return names;
        }
        if (columns.size() != d) {
            throw GmmException.input(columns.size() + " column names for " + d + " dimensions");
        }
        return columns;
    }

    private static void requireFinite(double[] rows, int d, List<String> names) {
        if (rows == null || rows.length == 0) {
            throw GmmException.input("no data to plot");
        }
        if (rows.length % d != 0) {
            throw GmmException.input(rows.length + " values do not make rows of " + d);
        }
        for (int i = 0; i < rows.length; i++) {
            if (!Double.isFinite(rows[i])) {
                throw GmmException.input(
                        "row "
                                + i / d
                                + ", column "
                                + names.get(i % d)
                                + " is "
                                + rows[i]
                                + "; plots need finite numbers");
            }
        }
    }

    /**
     * Indices of {@code m} of {@code n} rows drawn uniformly without replacement, in ascending
     * order (Knuth's selection sampling: one pass, no index array of size n); all rows when n <= m.
     */
    static int[] subsample(int n, int m, long seed) {
        if (n <= m) {
            int[] all = new int[n];
            Arrays.setAll(all, i -> i);
            return all;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        int[] picked = new int[m];
        int chosen = 0;
        for (int i = 0; i < n && chosen < m; i++) {
            if (rng.nextInt(n - i) < m - chosen) {
                picked[chosen++] = i;
            }
        }
        return picked;
    }

    /**
     * The closed curve {@code mean + r L (cos t, sin t)}, {@code L L^T} the 2 x 2 covariance {@code
     * {sxx, sxy, syy}}: the points at Mahalanobis distance {@code r}. Null when the covariance is
     * not positive definite.
     */
    static double[][] ellipse(double[] mean, double[] cov, double r) {
        double l11 = Math.sqrt(cov[0]);
        double l21 = cov[1] / l11;
        double rest = cov[2] - l21 * l21;
        if (!(l11 > 0) || !(rest > 0)) {
            return null;
        }
        double l22 = Math.sqrt(rest);
        double[] x = new double[ELLIPSE_SEGMENTS + 1];
        double[] y = new double[ELLIPSE_SEGMENTS + 1];
        for (int i = 0; i <= ELLIPSE_SEGMENTS; i++) {
            double t = 2 * Math.PI * (i % ELLIPSE_SEGMENTS) / ELLIPSE_SEGMENTS;
            double u = Math.cos(t);
            double v = Math.sin(t);
            x[i] = mean[0] + r * l11 * u;
            y[i] = mean[1] + r * (l21 * u + l22 * v);
        }
        return new double[][] {x, y};
    }

    /**
     * The data range along one axis, widened to take in the components' 3-sigma ellipses (but by at
     * most half the data span each side, so one diffuse component cannot shrink the data to a
     * corner), plus a 4% margin.
     */
    private static double[] axisRange(
            double lo, double hi, double[][] mean2, double[][] cov2, int axis) {
        double span = hi - lo;
        if (!(span > 0)) {
            span = Math.max(Math.abs(lo) * 0.1, 1);
        }
        double a = lo;
        double b = hi;
        for (int c = 0; c < mean2.length; c++) {
            double var = axis == 0 ? cov2[c][0] : cov2[c][2];
            double reach = SIGMAS[SIGMAS.length - 1] * Math.sqrt(var);
            a = Math.min(a, mean2[c][axis] - reach);
            b = Math.max(b, mean2[c][axis] + reach);
        }
        a = Math.max(a, lo - 0.5 * span);
        b = Math.min(b, hi + 0.5 * span);
        double pad = 0.04 * (b - a);
        return new double[] {a - pad, b + pad};
    }

    /**
     * Puts the legend in the inside corner that hides least; when every corner would hide an
     * ellipse or more than a few dots, raises the top of the y axis by the legend's height so it
     * sits above the data. Sets the axis ranges.
     */
    private static void placeScatterLegend(
            XYChart chart,
            double[][] px,
            double[][] py,
            int[] count,
            List<double[][]> faint,
            List<double[][]> firm,
            double[] xr,
            double[] yr) {
        LegendPlacement.Extent e = LegendPlacement.extent(chart);
        if (e.height() > 0.6 || e.width() > 0.8) {
            LegendPlacement.outside(chart);
            ChartStyle.axes(chart, xr[0], xr[1], yr[0], yr[1]);
            return;
        }
        LegendPlacement.Choice choice =
                LegendPlacement.quietestCorner(
                        flatten(px, py, count),
                        join(faint),
                        join(firm),
                        xr[0],
                        xr[1],
                        yr[0],
                        yr[1],
                        e);
        double top = yr[1];
        if (choice.clear()) {
            chart.getStyler().setLegendPosition(choice.position());
        } else {
            top = yr[1] + e.height() / (1 - e.height()) * (yr[1] - yr[0]);
            chart.getStyler().setLegendPosition(LegendPosition.InsideNE);
        }
        ChartStyle.axes(chart, xr[0], xr[1], yr[0], top);
    }

    private static double[][] join(List<double[][]> curves) {
        int n = 0;
        for (double[][] c : curves) {
            n += c[0].length;
        }
        double[][] xy = new double[2][n];
        int at = 0;
        for (double[][] c : curves) {
            System.arraycopy(c[0], 0, xy[0], at, c[0].length);
            System.arraycopy(c[1], 0, xy[1], at, c[1].length);
            at += c[0].length;
        }
        return xy;
    }

    private static double[][] flatten(double[][] px, double[][] py, int[] count) {
        int n = 0;
        for (int c : count) {
            n += c;
        }
        double[][] xy = new double[2][n];
        int at = 0;
        for (int c = 0; c < count.length; c++) {
            System.arraycopy(px[c], 0, xy[0], at, count[c]);
            System.arraycopy(py[c], 0, xy[1], at, count[c]);
            at += count[c];
        }
        return xy;
    }

    /** Histogram bars as one outline: up, across and down for each bin, so every bar has edges. */
    private static double[] histogramOutlineX(Histogram h) {
        double[] e = h.edges();
        double[] x = new double[3 * h.bins() + 1];
        x[0] = e[0];
        for (int b = 0; b < h.bins(); b++) {
            x[3 * b + 1] = e[b];
            x[3 * b + 2] = e[b + 1];
            x[3 * b + 3] = e[b + 1];
        }
        return x;
    }

    private static double[] histogramOutlineY(Histogram h) {
        double[] y = new double[3 * h.bins() + 1];
        for (int b = 0; b < h.bins(); b++) {
            y[3 * b + 1] = h.density()[b];
            y[3 * b + 2] = h.density()[b];
            y[3 * b + 3] = 0;
        }
        return y;
    }

    /**
     * Sets the y range and puts the legend in the top corner that needs the less head room: the y
     * axis reaches high enough that nothing drawn under the legend's width rises into it.
     */
    private static void placeDensityLegend(
            XYChart chart, double[] x, double[] curve, Histogram h, double xMin, double xMax) {
        double top = Math.max(h.maxDensity(), max(curve));
        LegendPlacement.Extent e = LegendPlacement.extent(chart);
        if (e.height() > 0.6 || e.width() > 0.8) {
            // too many components for a legend inside: beside the plot, with a little head room
            LegendPlacement.outside(chart);
            ChartStyle.axes(chart, xMin, xMax, 0.0, top * 1.05);
            return;
        }
        double span = e.width() * (xMax - xMin);
        double west = inkBetween(x, curve, h, xMin, xMin + span);
        double east = inkBetween(x, curve, h, xMax - span, xMax);
        boolean eastern = east <= west;
        double need = (eastern ? east : west) / (1 - e.height());
        chart.getStyler()
                .setLegendPosition(eastern ? LegendPosition.InsideNE : LegendPosition.InsideNW);
        ChartStyle.axes(chart, xMin, xMax, 0.0, Math.max(top * 1.05, need));
    }

    /** The highest curve point or bar top between {@code a} and {@code b}. */
    private static double inkBetween(double[] x, double[] curve, Histogram h, double a, double b) {
        double m = 0;
        for (int i = 0; i < x.length; i++) {
            if (x[i] >= a && x[i] <= b) {
                m = Math.max(m, curve[i]);
            }
        }
        for (int k = 0; k < h.bins(); k++) {
            if (h.edges()[k + 1] >= a && h.edges()[k] <= b) {
                m = Math.max(m, h.density()[k]);
            }
        }
        return m;
    }

    private static void line(XYSeries s, Color colour, BasicStroke stroke) {
        s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(colour);
        s.setLineStyle(stroke);
    }

    /** Column {@code col} of the rows against their k, finite values only. */
    private static double[][] points(List<double[]> rows, int col) {
        double[] k = new double[rows.size()];
        double[] v = new double[rows.size()];
        int n = 0;
        for (double[] r : rows) {
            if (r.length > col && Double.isFinite(r[col])) {
                k[n] = r[0];
                v[n] = r[col];
                n++;
            }
        }
        return new double[][] {Arrays.copyOf(k, n), Arrays.copyOf(v, n)};
    }

    private static double max(double[] a) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : a) {
            m = Math.max(m, v);
        }
        return m;
    }
}
