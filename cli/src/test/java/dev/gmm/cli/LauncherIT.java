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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ./gmm launcher and the shaded jar, as a user runs them, once the jar is built: an error's
 * first line on stderr is gmm's (not the JVM's incubator note, nor Aparapi's OpenCL note), and the
 * jar alone lists backends and fits.
 */
class LauncherIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir Path dir;

    private record Result(int code, String out, String err) {}

    private static Result run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder b = new ProcessBuilder(command).directory(ROOT.toFile());
        Path err = Files.createTempFile("gmm-err", ".txt");
        b.redirectError(err.toFile());
        Process p = b.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "finished");
        // the launcher's stderr filter may still be writing when java has exited
        Thread.sleep(200);
        String e = Files.readString(err);
        Files.delete(err);
        return new Result(p.exitValue(), out, e);
    }

    private static Result gmm(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("gmm").toString()));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    @Test
    void anErrorsFirstLineOnStderrIsGmmsEvenAfterOpenClWasProbed() throws Exception {
        Result missing = gmm("fit", "nothere.csv", "-k", "2");
        assertEquals(2, missing.code(), missing.err());
        assertEquals("gmm: nothere.csv: no such file", missing.err().strip(), "exactly gmm's line");
        // auto probes every backend, OpenCL (PoCL) included, before the fit finds K too large
        Result late = gmm("fit", "examples/two-blobs.csv", "-k", "5000");
        assertEquals(2, late.code(), late.err());
        assertTrue(late.err().startsWith("gmm: "), "first line is gmm's: " + late.err());
        assertFalse(late.err().contains("WARNING: Using incubator modules"), late.err());
        assertFalse(late.err().contains("untested OpenCL platform"), late.err());
    }

    @Test
    void theShadedJarListsBackendsAndFitsOnItsOwn() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String jar = ROOT.resolve("cli/target/gmm.jar").toString();
        Result backends = run(List.of(java, "-jar", jar, "backends"));
        assertEquals(0, backends.code(), backends.err());
        assertTrue(
                backends.out().contains("cpu") && backends.out().contains("available"),
                backends.out());
        Path model = dir.resolve("m.json");
        Result fit =
                run(
                        List.of(
                                java,
                                "-jar",
                                jar,
                                "fit",
                                "examples/two-blobs.csv",
                                "-k",
                                "2",
                                "--backend",
                                "cpu",
                                "-o",
                                model.toString()));
        assertEquals(0, fit.code(), fit.err());
        assertTrue(fit.out().contains("mean log-likelihood -3.342171"), fit.out());
        assertTrue(Files.readString(model).contains("\"covarianceType\" : \"full\""));
    }

    @Test
    void aJavaProgramOutsideTheProjectGetsTheClisNumbers() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String jar = ROOT.resolve("cli/target/gmm.jar").toString();
        Result program = run(List.of(java, "-cp", jar, "examples/java/UseFromJava.java"));
        assertEquals(0, program.code(), program.err());
        Path report = dir.resolve("r.json");
        Path model = dir.resolve("m.json");
        Result fit =
                run(
                        List.of(
                                java,
                                "-jar",
                                jar,
                                "fit",
                                "examples/two-blobs.csv",
                                "-k",
                                "2",
                                "--backend",
                                "cpu",
                                "-o",
                                model.toString(),
                                "--report",
                                report.toString(),
                                "-q"));
        assertEquals(0, fit.code(), fit.err());
        com.fasterxml.jackson.databind.JsonNode r =
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(report.toFile());
        Matcher m =
                Pattern.compile("mean log-likelihood (\\S+), BIC (\\S+)").matcher(program.out());
        assertTrue(m.find(), program.out());
        assertEquals(r.get("meanLogLikelihood").asDouble(), Double.parseDouble(m.group(1)), 1e-9);
        assertEquals(r.get("bic").asDouble(), Double.parseDouble(m.group(2)), 1e-6);
        Result labels =
                run(
                        List.of(
                                java,
                                "-jar",
                                jar,
                                "predict",
                                "-m",
                                model.toString(),
                                "examples/two-blobs.csv",
                                "--backend",
                                "cpu"));
        List<String> first = labels.out().lines().skip(1).limit(5).toList();
        assertTrue(
                program.out().contains("first labels [" + String.join(", ", first) + "]"),
                program.out() + labels.out());
        Result sample =
                run(
                        List.of(
                                java,
                                "-jar",
                                jar,
                                "sample",
                                "-m",
                                model.toString(),
                                "-n",
                                "3",
                                "--seed",
                                "1"));
        String third = sample.out().lines().skip(3).findFirst().orElseThrow();
        String[] xy = third.split(",");
        Matcher row = Pattern.compile("a sampled row \\[(\\S+), (\\S+)\\]").matcher(program.out());
        assertTrue(row.find(), program.out());
        assertEquals(Double.parseDouble(xy[0]), Double.parseDouble(row.group(1)), 1e-9);
        assertEquals(Double.parseDouble(xy[1]), Double.parseDouble(row.group(2)), 1e-9);
        assertTrue(program.out().contains("saved and loaded back equal: true"), program.out());
        assertTrue(program.out().contains("best by BIC: K=2 full"), program.out());
    }
}
