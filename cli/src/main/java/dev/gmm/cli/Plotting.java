/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.cli;

import dev.gmm.GaussianMixtureModel;
import dev.gmm.GmmException;
import dev.gmm.cli.plot.Plots;
import dev.gmm.data.DataSource;
import dev.gmm.data.RowSampler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/** The bridge from commands to {@link Plots}: a seeded sample of the rows, checked targets. */
final class Plotting {

    /**
     * Rows a picture shows at most: enough for a smooth histogram, few enough for a legible
     * scatter.
     */
    static final int PLOT_ROWS = 50_000;

    private Plotting() {}

    /** Fails before any work when a picture could not be written. */
    static void checkTarget(Path plot) {
        if (plot == null) {
            return;
        }
        if (!plot.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
            throw GmmException.input(plot + ": pictures are written as PNG; name the file *.png");
        }
        Path dir = plot.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw GmmException.input(plot + ": the folder " + dir + " does not exist");
        }
    }

    /** Fails before any work when {@code --dims} does not name two distinct columns of d. */
    static void checkDims(int[] dims, int d) {
        if (dims == null || d == 1) {
            return;
        }
        if (dims.length != 2) {
            throw GmmException.input(
                    "--dims takes two columns (I,J); " + dims.length + " were given");
        }
        for (int j : dims) {
            if (j < 0 || j >= d) {
                throw GmmException.input(
                        "--dims "
                                + j
                                + " is not a column of the data: it has "
                                + d
                                + " columns, 0-based 0 to "
                                + (d - 1));
            }
        }
        if (dims[0] == dims[1]) {
            throw GmmException.input(
                    "--dims names column " + dims[0] + " twice; a scatter plot needs two columns");
        }
    }

    static void modelPlot(
            GaussianMixtureModel m, DataSource source, int[] dims, String title, Path out) {
        RowSampler.Sample sample = RowSampler.sample(source, PLOT_ROWS, new SplittableRandom(0));
        Plots.modelPlot(m, sample.rows(), sample.dims(), dims, source.columns(), title, out);
    }
}
