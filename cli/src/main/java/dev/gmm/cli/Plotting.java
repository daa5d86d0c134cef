package dev.gmm.cli;

import dev.gmm.cli.plot.Plots;
import dev.gmm.engine.GaussianMixture;
import dev.gmm.engine.GmmException;
import dev.gmm.engine.data.DataSource;
import dev.gmm.engine.data.RowSampler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/** The bridge from commands to {@link Plots}: a seeded sample of the rows, checked targets. */
final class Plotting {

    /** Rows a picture shows at most: enough for a smooth histogram, few enough for a legible scatter. */
    static final int PLOT_ROWS = 50_000;

    private Plotting() {
    }

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

    static void modelPlot(GaussianMixture m, DataSource source, int[] dims, String title, Path out) {
        RowSampler.Sample sample = RowSampler.sample(source, PLOT_ROWS, new SplittableRandom(0));
        Plots.modelPlot(m, sample.rows(), sample.dims(), dims, source.columns(), title, out);
    }
}
