/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults from outside, in a forked gmm: SIGINT and SIGTERM while an output is being streamed leave
 * no temporary file; after SIGKILL, the next output written into the folder removes the dead run's
 * temporary file; a closed pipe stops the run at once with one clear line.
 */
class FaultTest {

    /** Long enough that every fault arrives while rows are still being written. */
    private static final String MANY_ROWS = "1000000000";

    @TempDir Path dir;

    private Path model;

    @BeforeEach
    void fitAModel() {
        model = dir.resolve("model.json");
        Run fit =
                Run.of(
                        "fit",
                        CommandsTest.BLOBS.toString(),
                        "-k",
                        "2",
                        "-o",
                        model.toString(),
                        "-q");
        assertEquals(0, fit.code(), fit.toString());
    }

    @Test
    void sigtermWhileSamplingLeavesNoTemporaryFile() throws Exception {
        interrupt(
                "TERM",
                "sample",
                "-m",
                model.toString(),
                "-n",
                MANY_ROWS,
                "-o",
                dir.resolve("rows.csv").toString());
    }

    @Test
    void sigintWhileSamplingNpyLeavesNoTemporaryFile() throws Exception {
        interrupt(
                "INT",
                "sample",
                "-m",
                model.toString(),
                "-n",
                MANY_ROWS,
                "-o",
                dir.resolve("rows.npy").toString());
    }

    @Test
    void sigintWhilePredictingLeavesNoTemporaryFile() throws Exception {
        interrupt(
                "INT",
                "predict",
                "-m",
                model.toString(),
                "-",
                "--proba",
                "--backend",
                "cpu",
                "-o",
                dir.resolve("labels.csv").toString());
    }

    @Test
    void sigtermWhileScoringPerSampleLeavesNoTemporaryFile() throws Exception {
        interrupt(
                "TERM",
                "score",
                "-m",
                model.toString(),
                "-",
                "--per-sample",
                "--backend",
                "cpu",
                "-o",
                dir.resolve("ll.csv").toString());
    }

    @Test
    void afterSigkillTheNextOutputInTheFolderRemovesTheDeadRunsTemporary() throws Exception {
        Process p =
                Run.forked(
                        "sample",
                        "-m",
                        model.toString(),
                        "-n",
                        MANY_ROWS,
                        "-o",
                        dir.resolve("rows.csv").toString());
        awaitTemporary(p);
        signal(p, "KILL");
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, temporaries().size(), "nothing can clean up after SIGKILL");
        Run next =
                Run.of(
                        "sample",
                        "-m",
                        model.toString(),
                        "-n",
                        "5",
                        "-o",
                        dir.resolve("other.csv").toString(),
                        "-q");
        assertEquals(0, next.code(), next.toString());
        assertEquals(List.of(), temporaries(), "the dead run's temporary file is gone");
    }

    @Test
    void aTemporaryOfALiveProcessIsLeftAlone() throws Exception {
        Process p =
                Run.forked(
                        "sample",
                        "-m",
                        model.toString(),
                        "-n",
                        MANY_ROWS,
                        "-o",
                        dir.resolve("rows.csv").toString());
        try {
            awaitTemporary(p);
            Run next =
                    Run.of(
                            "sample",
                            "-m",
                            model.toString(),
                            "-n",
                            "5",
                            "-o",
                            dir.resolve("other.csv").toString(),
                            "-q");
            assertEquals(0, next.code(), next.toString());
            assertEquals(1, temporaries().size(), "a running gmm keeps its temporary file");
        } finally {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aClosedPipeStopsTheRunAtOnceWithOneLine() throws Exception {
        Process p = Run.forked("sample", "-m", model.toString(), "-n", MANY_ROWS);
        BufferedReader out =
                new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("x,y", out.readLine());
        out.readLine();
        p.getInputStream().close();
        // a billion rows take many minutes; stopping takes well under this bound
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the run stopped once its reader went away");
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(1, p.exitValue(), err);
        assertTrue(err.startsWith("gmm: standard output was closed"), err);
        assertEquals(1, err.lines().count(), err);
    }

    /**
     * Runs gmm, signals it once its output's temporary file exists, and checks what is left. Data
     * on standard input ("-") is a stream that never ends: the run is still reading it when the
     * signal comes, with its outputs already reserved.
     */
    private void interrupt(String signal, String... args) throws Exception {
        Process p = Run.forked(args);
        p.getOutputStream().write("x,y\n0.5,0.25\n1.5,-0.5\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().flush();
        awaitTemporary(p);
        signal(p, signal);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the run ended after SIG" + signal);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertFalse(p.exitValue() == 0, "an interrupted run does not report success");
        assertTrue(err.contains("was not written"), "says what was not written: " + err);
        assertEquals(List.of(), temporaries(), "no temporary file after SIG" + signal);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(
                    List.of("model.json"),
                    files.map(f -> f.getFileName().toString()).toList(),
                    "no output either");
        }
    }

    private void awaitTemporary(Process p) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (temporaries().isEmpty()) {
            if (!p.isAlive()) {
                throw new AssertionError(
                        "gmm ended early: "
                                + new String(
                                        p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            }
            if (System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new AssertionError("no temporary file appeared");
            }
            Thread.sleep(20);
        }
        // let it write into the temporary for a moment, so the signal lands mid-stream
        Thread.sleep(300);
    }

    private static void signal(Process p, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start();
        Assumptions.assumeTrue(
                kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0,
                "kill(1) could not signal the process");
    }

    private List<Path> temporaries() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(".")).toList();
        }
    }
}
