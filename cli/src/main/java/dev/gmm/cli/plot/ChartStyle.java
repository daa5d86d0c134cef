/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.cli.plot;

import dev.gmm.GmmException;
import dev.gmm.data.AtomicOutput;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;

/** The look every plot shares (size, fonts, colours, strokes) and the one way a plot is written. */
final class ChartStyle {

    static final int WIDTH = 900;
    static final int HEIGHT = 600;

    /** Near-black for the mixture curve, mean markers and text. */
    static final Color INK = new Color(0x22, 0x22, 0x22);

    static final Color HISTOGRAM_FILL = new Color(0xC9, 0xD3, 0xDE);
    static final Color HISTOGRAM_EDGE = new Color(0x8F, 0x9B, 0xA8);
    private static final Color GRID = new Color(0xE4, 0xE4, 0xE4);

    /**
     * Tableau 10: distinct hues of similar weight, kinder to colour-blind readers than a rainbow.
     */
    private static final Color[] PALETTE = {
        new Color(0x4E79A7), new Color(0xF28E2B), new Color(0xE15759), new Color(0x76B7B2),
        new Color(0x59A14F), new Color(0xEDC948), new Color(0xB07AA1), new Color(0xFF9DA7),
        new Color(0x9C755F), new Color(0xBAB0AC),
    };

    private ChartStyle() {}

    /** Colour of component (or series) {@code i}: the palette, then evenly spread hues past it. */
    static Color colour(int i) {
        if (i < PALETTE.length) {
            return PALETTE[i];
        }
        float hue = (float) ((i - PALETTE.length) * 0.618033988749895 % 1.0);
        return Color.getHSBColor(hue, 0.65f, 0.80f);
    }

    /** The same hue, darker: lines over a cloud of points in the plain colour. */
    static Color darker(Color c, double factor) {
        return new Color(
                (int) (c.getRed() * factor),
                (int) (c.getGreen() * factor),
                (int) (c.getBlue() * factor));
    }

    static Color translucent(Color c, double alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), (int) Math.round(255 * alpha));
    }

    static BasicStroke solid(float width) {
        return new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    }

    static BasicStroke dotted(float width) {
        return pattern(width, BasicStroke.CAP_ROUND, 0.1f, 2.2f * width);
    }

    static BasicStroke dashed(float width) {
        return pattern(width, BasicStroke.CAP_BUTT, 4 * width, 2.5f * width);
    }

    private static BasicStroke pattern(float width, int cap, float on, float off) {
        return new BasicStroke(width, cap, BasicStroke.JOIN_ROUND, 10f, new float[] {on, off}, 0f);
    }

    /**
     * A white-background chart with title, axis titles and quiet grid lines, axes left to the
     * caller.
     */
    static XYChart chart(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChart(WIDTH, HEIGHT);
        chart.setTitle(title == null ? "" : title);
        chart.setXAxisTitle(xTitle);
        chart.setYAxisTitle(yTitle);
        XYStyler s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(new Color(0xB0, 0xB0, 0xB0));
        s.setPlotGridLinesColor(GRID);
        s.setPlotGridLinesStroke(new BasicStroke(1f));
        s.setXAxisTickMarkSpacingHint(80);
        s.setYAxisTickMarkSpacingHint(60);
        s.setChartFontColor(INK);
        s.setAxisTickLabelsColor(INK);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        s.setLegendBackgroundColor(new Color(255, 255, 255, 235));
        s.setLegendBorderColor(new Color(0xC8, 0xC8, 0xC8));
        s.setLegendSeriesLineLength(36);
        s.setLegendPosition(Styler.LegendPosition.InsideNE);
        s.setChartPadding(12);
        // the callers set the axis ranges themselves, with the margins each plot needs
        s.setPlotContentSize(1.0);
        s.setToolTipsEnabled(false);
        s.setLocale(Locale.ROOT);
        s.setAntiAlias(true);
        return chart;
    }

    /** Renders {@code chart} as PNG at {@code out}, all or nothing. */
    static void write(XYChart chart, Path out) {
        if (out == null) {
            throw GmmException.input("no output path for the plot");
        }
        AtomicOutput.write(
                out,
                stream -> BitmapEncoder.saveBitmap(chart, stream, BitmapEncoder.BitmapFormat.PNG));
    }

    /**
     * A tick label pattern for an axis spanning {@code span}: enough decimals for ticks about a
     * tenth of the span apart, with the leading zero XChart's default drops (".05"), and an
     * exponent for very small or very large scales.
     */
    static String axisPattern(double span) {
        double step = span / 10;
        if (!(step > 0) || !Double.isFinite(step)) {
            return "0.###";
        }
        if (step < 1e-4 || step >= 1e6) {
            return "0.##E0";
        }
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step)));
        return decimals == 0 ? "0" : "0." + "#".repeat(decimals + 1);
    }

    /** Sets both axis ranges and tick label patterns. */
    static void axes(XYChart chart, double xMin, double xMax, double yMin, double yMax) {
        XYStyler s = chart.getStyler();
        s.setXAxisMin(xMin).setXAxisMax(xMax).setYAxisMin(yMin).setYAxisMax(yMax);
        s.setXAxisDecimalPattern(axisPattern(xMax - xMin));
        s.setYAxisDecimalPattern(axisPattern(yMax - yMin));
    }

    /** Four significant digits, trailing zeros dropped, no exponent for everyday magnitudes. */
    static String number(double x) {
        if (!Double.isFinite(x)) {
            return Double.toString(x);
        }
        if (x == 0) {
            return "0";
        }
        double a = Math.abs(x);
        if (a >= 1e6 || a < 1e-4) {
            return String.format(Locale.ROOT, "%.3e", x);
        }
        String s = new BigDecimal(x).round(new MathContext(4)).stripTrailingZeros().toPlainString();
        return s.equals("-0") ? "0" : s;
    }
}
