/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input of every kind: one line on stderr naming the file (and row and column where there is
 * one), exit code 2, no stack trace, and no output file left behind.
 */
class BadInputTest {

    @TempDir static Path dir;

    static Stream<Arguments> badData() {
        return Stream.of(
                Arguments.of("non-numeric cell", "a,b\n1,2\n3,abc\n", List.of("line 3", "abc")),
                Arguments.of("ragged row", "a,b\n1,2\n3,4,5\n", List.of("line 3")),
                Arguments.of("NaN", "a,b\n1,2\nNaN,4\n", List.of("line 3")),
                Arguments.of("infinity", "a,b\n1,2\n3,Infinity\n", List.of("line 3")),
                Arguments.of("empty file", "", List.of("empty")),
                Arguments.of("header only", "a,b\n", List.of("no rows")),
                Arguments.of(
                        "fewer distinct rows than K",
                        "a,b\n1,2\n1,2\n3,4\n3,4\n",
                        List.of("distinct")),
                Arguments.of("fewer rows than K", "a,b\n1,2\n", List.of("rows")),
                Arguments.of("every row the same", "a,b\n1,2\n1,2\n1,2\n", List.of("same")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badData")
    void badDataIsOneLineExitTwoAndNoOutput(String what, String csv, List<String> mentions)
            throws IOException {
        Path data = dir.resolve(what.replace(' ', '-') + ".csv");
        Files.writeString(data, csv, StandardCharsets.UTF_8);
        Path model = dir.resolve(what.replace(' ', '-') + ".json");
        Run r =
                Run.of(
                        "fit",
                        data.toString(),
                        "-k",
                        "3",
                        "-o",
                        model.toString(),
                        "--report",
                        model + ".report.json");
        assertFailedCleanly(r, mentions);
        assertFalse(Files.exists(model), "no model file left behind");
        assertFalse(Files.exists(Path.of(model + ".report.json")), "no report left behind");
        assertNoTemporaryFiles();
    }

    @Test
    void aMissingFileIsNamed() {
        assertFailedCleanly(
                Run.of("fit", dir.resolve("nope.csv").toString(), "-k", "2"), List.of("nope.csv"));
    }

    @Test
    void aBrokenNpyHeaderIsNamed() throws IOException {
        Path npy = dir.resolve("broken.npy");
        Files.write(npy, "\u0093NUMPY garbage".getBytes(StandardCharsets.ISO_8859_1));
        assertFailedCleanly(Run.of("fit", npy.toString(), "-k", "2"), List.of("broken.npy"));
    }

    @Test
    void anUnknownAccelerationNamesTheChoices() {
        assertFailedCleanly(
                Run.of("fit", CommandsTest.BLOBS.toString(), "-k", "2", "--accel", "fast"),
                List.of("'fast'", "squarem or none"));
    }

    @Test
    void anUnknownColumnListsTheColumns() {
        assertFailedCleanly(
                Run.of("fit", CommandsTest.BLOBS.toString(), "-k", "2", "--columns", "x,z"),
                List.of("'z'", "x, y"));
    }

    @Test
    void badArgumentsPrintTheReasonAndHowToGetHelp() {
        Run r = Run.of("fit", CommandsTest.BLOBS.toString(), "-k", "two");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("--help"), r.toString());
        assertFalse(r.err().contains("\tat "), "no stack trace");
        assertFailedCleanly(Run.of("fit", CommandsTest.BLOBS.toString()), List.of("-k"));
        assertFailedCleanly(
                Run.of(
                        "fit",
                        CommandsTest.BLOBS.toString(),
                        "-k",
                        "2",
                        "--covariance-type",
                        "round"),
                List.of("round"));
        assertFailedCleanly(
                Run.of("fit", CommandsTest.BLOBS.toString(), "-k", "2", "--backend", "quantum"),
                List.of("quantum", "cpu"));
        assertFailedCleanly(
                Run.of("fit", CommandsTest.BLOBS.toString(), "-k", "2", "--max-iter", "0"),
                List.of("max-iter"));
        assertFailedCleanly(
                Run.of(
                        "fit",
                        CommandsTest.BLOBS.toString(),
                        "-k",
                        "2",
                        "--plot",
                        dir.resolve("p.jpg").toString()),
                List.of("png"));
        assertFailedCleanly(
                Run.of("select", CommandsTest.BLOBS.toString(), "-k", "3..1"), List.of("3..1"));
    }

    @Test
    void aModelThatDoesNotFitTheDataSaysSo() throws IOException {
        Path model = dir.resolve("one-d.json");
        Files.writeString(
                model,
                "{\"covarianceType\":\"diag\",\"weights\":[1],\"means\":[[0]],\"covariances\":[[1]]}");
        assertFailedCleanly(
                Run.of("predict", "-m", model.toString(), CommandsTest.BLOBS.toString()),
                List.of("columns", "dimensions"));
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"covarianceType\":\"full\",");
        assertFailedCleanly(
                Run.of("score", "-m", broken.toString(), CommandsTest.BLOBS.toString()),
                List.of("broken.json"));
    }

    @Test
    void aPredictionThatFailsLeavesNoOutputFile() throws IOException {
        Path out = dir.resolve("labels.csv");
        Path data = dir.resolve("late-error.csv");
        Files.writeString(data, "a,b\n1,2\n3,x\n");
        Path model = dir.resolve("two-d.json");
        Files.writeString(
                model,
                "{\"covarianceType\":\"spherical\",\"weights\":[1],\"means\":[[0,0]],\"covariances\":[1]}");
        assertFailedCleanly(
                Run.of("predict", "-m", model.toString(), data.toString(), "-o", out.toString()),
                List.of("line 3"));
        assertFalse(Files.exists(out));
        assertNoTemporaryFiles();
    }

    private static void assertFailedCleanly(Run r, List<String> mentions) {
        assertEquals(2, r.code(), r.toString());
        String err = r.err().strip();
        assertFalse(err.isEmpty(), "an error message");
        assertEquals(1, err.lines().count(), "one line: " + r);
        assertTrue(err.startsWith("gmm: "), r.toString());
        for (String m : mentions) {
            assertTrue(err.contains(m), "mentions " + m + ": " + r);
        }
    }

    private static void assertNoTemporaryFiles() throws IOException {
        List<Path> hidden = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> p.getFileName().toString().startsWith(".")).forEach(hidden::add);
        }
        assertTrue(hidden.isEmpty(), "temporary files left: " + hidden);
    }
}
