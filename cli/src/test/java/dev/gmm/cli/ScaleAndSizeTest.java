/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data at the edges of double precision, and data too wide for the heap or for a Java array:
 * fitted, or refused in one line that says what to change, never a stack trace or a wrong fit.
 */
class ScaleAndSizeTest {

    @TempDir Path dir;

    /** Two blobs in two columns, every value multiplied by {@code scale}. */
    private Path scaled(String name, double scale) throws IOException {
        SplittableRandom rng = new SplittableRandom(5);
        StringBuilder b = new StringBuilder("a,b\n");
        for (int i = 0; i < 1000; i++) {
            double c = i % 2 == 0 ? 0 : 5;
            b.append(
                    String.format(
                            Locale.ROOT,
                            "%.17g,%.17g%n",
                            (c + rng.nextGaussian()) * scale,
                            (c + rng.nextGaussian()) * scale));
        }
        return Files.writeString(dir.resolve(name), b);
    }

    @Test
    void dataAtOneEMinus300IsRefusedWithTheFactorToRescaleBy() throws IOException {
        Run r = Run.of("fit", scaled("tiny.csv", 1e-300).toString(), "-k", "2");
        assertRefused(r, "tiny.csv", "underflows", "multiply it by 1e300");
    }

    @Test
    void dataAtOneE300IsRefusedWithTheFactorToRescaleBy() throws IOException {
        Run r = Run.of("fit", scaled("huge.csv", 1e300).toString(), "-k", "2");
        assertRefused(r, "huge.csv", "overflow", "divide it by 1e300");
    }

    @Test
    void dataAtOneE100AndOneEMinus100IsFittedAsUnitData() throws IOException {
        for (double scale : new double[] {1e100, 1e-100}) {
            Path model = dir.resolve("m.json");
            Run r =
                    Run.of(
                            "fit",
                            scaled("s.csv", scale).toString(),
                            "-k",
                            "2",
                            "--seed",
                            "1",
                            "-o",
                            model.toString(),
                            "--reg-covar",
                            "0");
            assertEquals(0, r.code(), r.toString());
            String json = Files.readString(model);
            assertFalse(json.contains("NaN"), json);
            Run unit =
                    Run.of(
                            "fit",
                            scaled("u.csv", 1).toString(),
                            "-k",
                            "2",
                            "--seed",
                            "1",
                            "--reg-covar",
                            "0",
                            "-q",
                            "-o",
                            dir.resolve("u.json").toString());
            assertEquals(0, unit.code(), unit.toString());
            double meanScaled =
                    new com.fasterxml.jackson.databind.ObjectMapper()
                            .readTree(model.toFile())
                            .get("means")
                            .get(0)
                            .get(0)
                            .asDouble();
            double meanUnit =
                    new com.fasterxml.jackson.databind.ObjectMapper()
                            .readTree(dir.resolve("u.json").toFile())
                            .get("means")
                            .get(0)
                            .get(0)
                            .asDouble();
            assertEquals(
                    meanUnit,
                    meanScaled / scale,
                    1e-9 * Math.max(1, Math.abs(meanUnit)),
                    "scale " + scale);
        }
    }

    @Test
    void aColumnWithVarianceFarBelowRegCovarIsNamedInANotice() throws IOException {
        SplittableRandom rng = new SplittableRandom(2);
        StringBuilder b = new StringBuilder("width,thickness\n");
        for (int i = 0; i < 500; i++) {
            b.append(rng.nextGaussian())
                    .append(',')
                    .append(1 + 1e-6 * rng.nextGaussian())
                    .append('\n');
        }
        Path p = Files.writeString(dir.resolve("thin.csv"), b);
        Run r = Run.of("fit", p.toString(), "-k", "2");
        assertEquals(0, r.code(), r.toString());
        assertTrue(
                r.err().contains("column 'thickness'") && r.err().contains("far below --reg-covar"),
                r.toString());
        assertFalse(r.err().contains("column 'width'"), r.toString());
    }

    @Test
    void aFitTooLargeForTheHeapSaysSoWithTheFigure() throws IOException {
        Path wide = dir.resolve("wide.csv");
        SplittableRandom rng = new SplittableRandom(3);
        try (Writer w = Files.newBufferedWriter(wide, StandardCharsets.UTF_8)) {
            for (int i = 0; i < 50; i++) {
                for (int j = 0; j < 20_000; j++) {
                    w.write(j > 0 ? "," : "");
                    w.write(Integer.toString(rng.nextInt(1000)));
                }
                w.write('\n');
            }
        }
        Run r = Run.of("fit", wide.toString(), "-k", "2");
        assertRefused(r, "wide.csv", "needs about", "GiB", "--covariance-type diag", "-Xmx");
        Run diag = Run.of("fit", wide.toString(), "-k", "2", "--covariance-type", "diag", "-q");
        assertEquals(0, diag.code(), "the advice works: " + diag);
        assertRefused(
                Run.of("fit", wide.toString(), "-k", "40"),
                "the statistics of K=40",
                "more than one Java array holds");
    }

    @Test
    void aMillionColumnsDoNotOverflowAnySize() throws IOException {
        Path million = dir.resolve("million.csv");
        try (Writer w = Files.newBufferedWriter(million, StandardCharsets.UTF_8)) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 1_000_000; j++) {
                    w.write(j > 0 ? "," : "");
                    w.write(Integer.toString((i + j) % 3));
                }
                w.write('\n');
            }
        }
        assertRefused(
                Run.of("fit", million.toString(), "-k", "1"),
                "1000000 columns",
                "more than one Java array holds",
                "--covariance-type diag");
    }

    private static void assertRefused(Run r, String... mentions) {
        assertEquals(2, r.code(), r.toString());
        String err = r.err().strip();
        assertEquals(1, err.lines().count(), "one line: " + r);
        assertTrue(err.startsWith("gmm: "), r.toString());
        for (String m : mentions) {
            assertTrue(err.contains(m), "mentions '" + m + "': " + r);
        }
    }
}
