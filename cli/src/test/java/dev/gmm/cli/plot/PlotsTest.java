/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.cli.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmm.CovarianceType;
import dev.gmm.GaussianMixtureModel;
import dev.gmm.GmmException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class PlotsTest {

    @TempDir Path dir;

    /** Reads a PNG back, checks its size and returns it. */
    private static BufferedImage png(Path file) throws IOException {
        assertTrue(Files.isRegularFile(file), file + " was not written");
        byte[] head = Files.readAllBytes(file);
        assertArrayEquals(
                new byte[] {(byte) 0x89, 'P', 'N', 'G'},
                java.util.Arrays.copyOf(head, 4),
                "PNG signature");
        BufferedImage image = ImageIO.read(file.toFile());
        assertNotNull(image, "ImageIO cannot read " + file);
        assertEquals(ChartStyle.WIDTH, image.getWidth());
        assertEquals(ChartStyle.HEIGHT, image.getHeight());
        return image;
    }

    private static Set<Integer> colours(BufferedImage image) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                seen.add(image.getRGB(x, y) & 0xFFFFFF);
            }
        }
        return seen;
    }

    private static List<Path> files(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.sorted().toList();
        }
    }

    private static GmmException inputError(Executable e) {
        GmmException x = assertThrows(GmmException.class, e);
        assertEquals(GmmException.Category.INPUT, x.category());
        assertFalse(x.getMessage().contains("\n"), "one line: " + x.getMessage());
        return x;
    }

    @Test
    void densityPlotIsAPngWithHistogramCurveAndComponents() throws IOException {
        double[] heights = Samples.heights(new SplittableRandom(1));
        Path out = dir.resolve("heights.png");
        Plots.density1d(Samples.heightsModel(), heights, "height", "Heights", out);
        BufferedImage image = png(out);
        Set<Integer> seen = colours(image);
        assertTrue(seen.size() > 2, "more than background and ink: " + seen.size() + " colours");
        assertTrue(
                seen.contains(ChartStyle.HISTOGRAM_FILL.getRGB() & 0xFFFFFF),
                "histogram bars drawn");
        assertTrue(seen.contains(ChartStyle.INK.getRGB() & 0xFFFFFF), "mixture curve drawn");
        assertTrue(seen.contains(ChartStyle.colour(0).getRGB() & 0xFFFFFF), "component 0 drawn");
        assertTrue(seen.contains(ChartStyle.colour(1).getRGB() & 0xFFFFFF), "component 1 drawn");
    }

    @Test
    void scatterPlotIsAPng() throws IOException {
        Path out = dir.resolve("blobs.png");
        Plots.scatter2d(
                Samples.blobsModel(),
                Samples.blobs(new SplittableRandom(2)),
                2,
                0,
                1,
                List.of("a", "b"),
                "Two blobs",
                out);
        BufferedImage image = png(out);
        assertTrue(colours(image).size() > 10);
    }

    @Test
    void scatterPlotTakesAnyTwoOfManyDimensionsAndSubsamples() throws IOException {
        GaussianMixtureModel m =
                GaussianMixtureModel.of(
                        CovarianceType.DIAG,
                        new double[] {0.3, 0.7},
                        new double[][] {{0, 5, 10}, {3, -5, 0}},
                        new double[][] {{1, 2, 0.5}, {0.5, 1, 3}});
        double[] rows = Samples.draw(m, 3 * Plots.MAX_SCATTER_POINTS, new SplittableRandom(3));
        Path out = dir.resolve("dims.png");
        Plots.scatter2d(m, rows, 3, 2, 0, List.of("u", "v", "w"), "Dimensions 2 and 0", out);
        png(out);
    }

    @Test
    void subsampleIsSeededSortedAndWithoutRepeats() {
        int[] a = Plots.subsample(100_000, 1000, 7);
        assertArrayEquals(a, Plots.subsample(100_000, 1000, 7));
        assertEquals(1000, a.length);
        for (int i = 1; i < a.length; i++) {
            assertTrue(a[i] > a[i - 1]);
        }
        assertTrue(a[a.length - 1] > 90_000, "reaches the end of the data");
        assertEquals(5, Plots.subsample(5, 1000, 7).length);
    }

    @Test
    void ellipseIsAtTheGivenMahalanobisRadius() {
        double[] mean = {1, -2};
        double[] cov = {2, 0.8, 1};
        double[][] e = Plots.ellipse(mean, cov, 2);
        double det = cov[0] * cov[2] - cov[1] * cov[1];
        for (int i = 0; i < e[0].length; i++) {
            double dx = e[0][i] - mean[0];
            double dy = e[1][i] - mean[1];
            double d2 = (cov[2] * dx * dx - 2 * cov[1] * dx * dy + cov[0] * dy * dy) / det;
            assertEquals(4, d2, 1e-9);
        }
        assertEquals(e[0][0], e[0][e[0].length - 1], "closed");
        assertEquals(e[1][0], e[1][e[1].length - 1], "closed");
    }

    @Test
    void criterionCurveIsAPng() throws IOException {
        Map<String, double[][]> scores = new LinkedHashMap<>();
        scores.put("full", new double[][] {{1, 900, 880}, {2, 700, 660}, {3, 720, 650}});
        scores.put("diag", new double[][] {{3, 760}, {1, 950}, {2, Double.NaN}});
        Path out = dir.resolve("bic.png");
        Plots.criterionCurve(scores, "BIC", out);
        png(out);
    }

    @Test
    void modelPlotPicksTheDensityForOneDimension() throws IOException {
        Path out = dir.resolve("model1.png");
        Plots.modelPlot(
                Samples.heightsModel(),
                Samples.heights(new SplittableRandom(4)),
                1,
                null,
                List.of("height"),
                "1-D",
                out);
        png(out);
        Path out2 = dir.resolve("model2.png");
        Plots.modelPlot(
                Samples.blobsModel(),
                Samples.blobs(new SplittableRandom(4)),
                2,
                null,
                null,
                "2-D",
                out2);
        png(out2);
    }

    @Test
    void invalidDimensionsAreInputErrorsAndWriteNothing() throws IOException {
        GaussianMixtureModel m = Samples.blobsModel();
        double[] rows = Samples.blobs(new SplittableRandom(5));
        Path out = dir.resolve("bad.png");
        assertTrue(
                inputError(() -> Plots.scatter2d(m, rows, 2, 0, 2, null, "t", out))
                        .getMessage()
                        .contains("dimension 2 is out of range"));
        inputError(() -> Plots.scatter2d(m, rows, 2, -1, 1, null, "t", out));
        inputError(() -> Plots.scatter2d(m, rows, 2, 1, 1, null, "t", out));
        inputError(() -> Plots.modelPlot(m, rows, 2, new int[] {0}, null, "t", out));
        inputError(
                () -> Plots.modelPlot(m, rows, 2, new int[] {0, 1}, List.of("only one"), "t", out));
        inputError(() -> Plots.scatter2d(m, new double[] {1, 2, 3}, 3, 0, 1, null, "t", out));
        inputError(() -> Plots.density1d(m, rows, "x", "t", out));
        assertEquals(List.of(), files(dir));
    }

    @Test
    void emptyOrNonFiniteDataAreInputErrors() throws IOException {
        Path out = dir.resolve("bad.png");
        inputError(() -> Plots.density1d(Samples.heightsModel(), new double[0], "h", "t", out));
        inputError(
                () ->
                        Plots.scatter2d(
                                Samples.blobsModel(), new double[0], 2, 0, 1, null, "t", out));
        assertTrue(
                inputError(
                                () ->
                                        Plots.density1d(
                                                Samples.heightsModel(),
                                                new double[] {170, Double.NaN},
                                                "h",
                                                "t",
                                                out))
                        .getMessage()
                        .contains("row 1"));
        inputError(() -> Plots.criterionCurve(Map.of(), "t", out));
        inputError(
                () ->
                        Plots.criterionCurve(
                                Map.of("full", new double[][] {{1, Double.NaN}}), "t", out));
        assertEquals(List.of(), files(dir));
    }

    @Test
    void aFailedWriteLeavesNoFile() throws IOException {
        double[] heights = Samples.heights(new SplittableRandom(6));
        // the folder does not exist
        Path missing = dir.resolve("no-such-folder").resolve("plot.png");
        inputError(() -> Plots.density1d(Samples.heightsModel(), heights, "h", "t", missing));
        assertFalse(Files.exists(missing.getParent()));
        // the picture is rendered and written, then cannot be moved into place: the target is a
        // folder that is not empty; the temporary file must be gone afterwards
        Path target = Files.createDirectory(dir.resolve("taken.png"));
        Files.writeString(target.resolve("keep.txt"), "x");
        List<Path> before = files(dir);
        inputError(() -> Plots.density1d(Samples.heightsModel(), heights, "h", "t", target));
        assertEquals(before, files(dir), "nothing left beside the target");
        assertEquals(List.of(target.resolve("keep.txt")), files(target));
    }
}
