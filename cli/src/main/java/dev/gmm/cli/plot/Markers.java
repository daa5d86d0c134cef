/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.cli.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import org.knowm.xchart.style.markers.Marker;

/**
 * Markers with their own size: XChart has one marker size per chart, and these plots need small
 * dots for the data next to large symbols for means and the best model.
 */
final class Markers {

    private Markers() {}

    /** A filled disc in the series' marker colour (which may be translucent). */
    static Marker dot(double diameter) {
        return new Marker() {
            @Override
            public void paint(Graphics2D g, double x, double y, int ignored) {
                g.fill(
                        new Ellipse2D.Double(
                                x - diameter / 2, y - diameter / 2, diameter, diameter));
            }
        };
    }

    /** A dark plus sign on a white halo, readable over points of any colour. */
    static Marker cross(double size) {
        BasicStroke halo = new BasicStroke(6f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
        BasicStroke ink = new BasicStroke(2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
        return new Marker() {
            @Override
            public void paint(Graphics2D g, double x, double y, int ignored) {
                double h = size / 2;
                Line2D a = new Line2D.Double(x - h, y, x + h, y);
                Line2D b = new Line2D.Double(x, y - h, x, y + h);
                g.setStroke(halo);
                g.setColor(Color.WHITE);
                g.draw(a);
                g.draw(b);
                g.setStroke(ink);
                g.setColor(ChartStyle.INK);
                g.draw(a);
                g.draw(b);
            }
        };
    }

    /** An open ring in the series' marker colour, to circle a point drawn by another series. */
    static Marker ring(double diameter, float width) {
        BasicStroke stroke = new BasicStroke(width);
        return new Marker() {
            @Override
            public void paint(Graphics2D g, double x, double y, int ignored) {
                g.setStroke(stroke);
                g.draw(
                        new Ellipse2D.Double(
                                x - diameter / 2, y - diameter / 2, diameter, diameter));
            }
        };
    }
}
