/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.cli.plot;

import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.awt.geom.Rectangle2D;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.RenderableSeries.LegendRenderType;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.XYStyler;

/**
 * Puts the legend inside the plot where it covers the least data. XChart centres the title on the
 * plot area, so a legend outside to the right narrows the plot and pushes a long title off the
 * picture; inside, the plot keeps the full width. The legend's size is estimated the way XChart
 * measures it, as a fraction of a plot area estimated from the chart's fixed size.
 */
final class LegendPlacement {

    /**
     * The plot area of a {@link ChartStyle#WIDTH} x {@link ChartStyle#HEIGHT} chart, a little
     * under.
     */
    private static final double PLOT_WIDTH = ChartStyle.WIDTH - 110;

    private static final double PLOT_HEIGHT = ChartStyle.HEIGHT - 120;

    /** XChart's gap between the legend and the plot border, and a little air beyond it. */
    private static final double MARGIN = 6 + 6;

    /** XChart's legend sample for a box-type entry. */
    private static final int BOX = 20;

    private LegendPlacement() {}

    /** The legend's extent as fractions of the plot's width and height, and its width in pixels. */
    record Extent(double width, double height, double pixelWidth) {}

    /** The extent of {@code chart}'s legend as it stands, once all series are added. */
    static Extent extent(XYChart chart) {
        XYStyler s = chart.getStyler();
        Font font = s.getLegendFont();
        FontRenderContext frc = new FontRenderContext(null, true, false);
        int pad = s.getLegendPadding();
        double text = 0;
        double height = pad;
        boolean box = false;
        for (XYSeries series : chart.getSeriesMap().values()) {
            if (!series.isShowInLegend() || !series.isEnabled()) {
                continue;
            }
            Rectangle2D b =
                    new TextLayout(series.getLabel(), font, frc).getOutline(null).getBounds2D();
            text = Math.max(text, b.getWidth());
            height += Math.max(b.getHeight(), Math.max(s.getMarkerSize(), 16)) + pad;
            box |= series.getLegendRenderType() == LegendRenderType.Box;
        }
        double width = (box ? BOX : s.getLegendSeriesLineLength()) + pad + text + 2 * pad;
        return new Extent((width + MARGIN) / PLOT_WIDTH, (height + MARGIN) / PLOT_HEIGHT, width);
    }

    /**
     * Puts the legend beside the plot, and shrinks the title font as far as 12 points where the
     * title would be wider than the narrowed plot (XChart centres it there and clips what is over).
     */
    static void outside(XYChart chart) {
        XYStyler s = chart.getStyler();
        s.setLegendPosition(LegendPosition.OutsideE);
        double room = PLOT_WIDTH - extent(chart).pixelWidth() - MARGIN;
        Font font = s.getChartTitleFont();
        FontRenderContext frc = new FontRenderContext(null, true, false);
        String title = chart.getTitle();
        while (!title.isEmpty()
                && font.getSize2D() > 12
                && new TextLayout(title, font, frc).getBounds().getWidth() > room) {
            font = font.deriveFont(font.getSize2D() - 1);
        }
        s.setChartTitleFont(font);
    }

    /**
     * For a scatter plot on {@code [x0, x1] x [y0, y1]}: the inside corner whose legend-sized box
     * hides least. Each argument is {x[], y[]}: {@code dots} the data; {@code faint} points of
     * lines a reader can spare a little of (the outer ellipses); {@code firm} points of lines that
     * must stay in view (inner ellipses, means).
     *
     * @return the corner, and whether it is clear: no firm point and at most 2% of the dots (an
     *     outer-ellipse point counting as five dots) under the legend
     */
    static Choice quietestCorner(
            double[][] dots,
            double[][] faint,
            double[][] firm,
            double x0,
            double x1,
            double y0,
            double y1,
            Extent e) {
        LegendPosition[] corners = {
            LegendPosition.InsideNE,
            LegendPosition.InsideNW,
            LegendPosition.InsideSE,
            LegendPosition.InsideSW
        };
        LegendPosition best = null;
        double bestCost = Double.POSITIVE_INFINITY;
        boolean bestClear = false;
        for (LegendPosition p : corners) {
            boolean east = p == LegendPosition.InsideNE || p == LegendPosition.InsideSE;
            boolean north = p == LegendPosition.InsideNE || p == LegendPosition.InsideNW;
            double bx0 = east ? x1 - e.width() * (x1 - x0) : x0;
            double bx1 = east ? x1 : x0 + e.width() * (x1 - x0);
            double by0 = north ? y1 - e.height() * (y1 - y0) : y0;
            double by1 = north ? y1 : y0 + e.height() * (y1 - y0);
            int hidden = count(firm, bx0, bx1, by0, by1);
            double spare = count(dots, bx0, bx1, by0, by1) + 5.0 * count(faint, bx0, bx1, by0, by1);
            double cost = 1e6 * hidden + spare;
            if (cost < bestCost) {
                best = p;
                bestCost = cost;
                bestClear = hidden == 0 && spare <= 0.02 * dots[0].length;
            }
        }
        return new Choice(best, bestClear);
    }

    /** A corner, and whether the legend there leaves the data in view. */
    record Choice(LegendPosition position, boolean clear) {}

    private static int count(double[][] xy, double bx0, double bx1, double by0, double by1) {
        int n = 0;
        for (int i = 0; i < xy[0].length; i++) {
            double x = xy[0][i];
            double y = xy[1][i];
            if (x >= bx0 && x <= bx1 && y >= by0 && y <= by1) {
                n++;
            }
        }
        return n;
    }
}
