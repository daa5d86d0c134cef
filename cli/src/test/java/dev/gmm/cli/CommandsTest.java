/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gmm.GaussianMixtureModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each subcommand end to end on the shipped examples, and the files they write reloading
 * everywhere.
 */
class CommandsTest {

    static final Path HEIGHTS = Path.of("..", "examples", "heights.csv");
    static final Path BLOBS = Path.of("..", "examples", "two-blobs.csv");

    @TempDir Path dir;

    @Test
    void accelNoneRunsPlainEmOnePassAStepAndTheDefaultNeedsFewerPasses() throws IOException {
        Path plain = dir.resolve("plain.json");
        Path fast = dir.resolve("fast.json");
        Run a =
                Run.of(
                        "fit",
                        HEIGHTS.toString(),
                        "-k",
                        "2",
                        "--accel",
                        "none",
                        "-q",
                        "--report",
                        plain.toString());
        Run b = Run.of("fit", HEIGHTS.toString(), "-k", "2", "-q", "--report", fast.toString());
        assertEquals(0, a.code(), a.toString());
        assertEquals(0, b.code(), b.toString());
        com.fasterxml.jackson.databind.ObjectMapper json =
                new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.JsonNode p = json.readTree(plain.toFile());
        com.fasterxml.jackson.databind.JsonNode f = json.readTree(fast.toFile());
        assertEquals(p.get("iterations").asInt(), p.get("passes").asInt(), "one pass a step");
        assertTrue(f.get("converged").asBoolean() && p.get("converged").asBoolean());
        assertTrue(
                f.get("lowerBound").asDouble() >= p.get("lowerBound").asDouble() - 1e-6,
                "SQUAREM gets at least as far: " + f.get("lowerBound") + " " + p.get("lowerBound"));
        assertTrue(
                f.get("passes").asInt() < p.get("passes").asInt(),
                f.get("passes") + " passes against " + p.get("passes"));
    }

    @Test
    void fitWritesModelReportAndPlotAndPrintsASummary() throws IOException {
        Path model = dir.resolve("m.json");
        Path report = dir.resolve("r.json");
        Path plot = dir.resolve("p.png");
        Run r =
                Run.of(
                        "fit",
                        BLOBS.toString(),
                        "-k",
                        "2",
                        "--seed",
                        "3",
                        "-o",
                        model.toString(),
                        "--report",
                        report.toString(),
                        "--plot",
                        plot.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("backend: cpu"), r.toString());
        assertTrue(r.out().contains("converged after"), r.toString());
        assertTrue(r.out().contains("BIC"), r.toString());
        assertTrue(
                r.out().contains("mean x") && r.out().contains("mean y"),
                "component table names the columns: " + r);
        JsonNode rep = new ObjectMapper().readTree(report.toFile());
        for (String field :
                List.of(
                        "backend",
                        "device",
                        "precision",
                        "n",
                        "d",
                        "k",
                        "iterations",
                        "converged",
                        "lowerBound",
                        "passes",
                        "lowerBoundHistory",
                        "bic",
                        "aic",
                        "icl",
                        "loadSeconds",
                        "emSeconds")) {
            assertTrue(rep.has(field), "report has " + field);
        }
        assertEquals(2000, rep.get("n").asInt());
        int kept = rep.get("lowerBoundHistory").size();
        assertTrue(
                rep.get("iterations").asInt() <= kept && kept <= rep.get("passes").asInt(),
                "one history entry per pass kept: " + rep);
        assertTrue(Files.size(plot) > 10_000, "a real picture");
        GaussianMixtureModel m = GaussianMixtureModel.load(model);
        assertEquals(2, m.components());
    }

    @Test
    void aFittedModelReloadsInPredictScoreSamplePlotAndAsWarmStart() throws IOException {
        Path model = dir.resolve("m.json");
        Run fit =
                Run.of(
                        "fit",
                        BLOBS.toString(),
                        "-k",
                        "2",
                        "-o",
                        model.toString(),
                        "--report",
                        dir.resolve("r.json").toString());
        assertEquals(0, fit.code(), fit.toString());
        JsonNode report = new ObjectMapper().readTree(dir.resolve("r.json").toFile());
        double mean = report.get("meanLogLikelihood").asDouble();

        Run score = Run.of("score", "-m", model.toString(), BLOBS.toString(), "--quiet");
        assertEquals(0, score.code(), score.toString());
        assertEquals(
                mean,
                Double.parseDouble(score.out().trim()),
                1e-12 * Math.abs(mean),
                "score gives fit's number");

        Path perSample = dir.resolve("ll.csv");
        assertEquals(
                0,
                Run.of(
                                "score",
                                "-m",
                                model.toString(),
                                BLOBS.toString(),
                                "--per-sample",
                                "-o",
                                perSample.toString())
                        .code());
        List<String> ll = Files.readAllLines(perSample);
        assertEquals("log_density", ll.get(0));
        assertEquals(2001, ll.size());
        double sum = ll.stream().skip(1).mapToDouble(Double::parseDouble).sum();
        assertEquals(
                mean,
                sum / 2000,
                1e-12 * Math.abs(mean),
                "per-sample densities average to the mean");

        Path labels = dir.resolve("labels.csv");
        Run predict =
                Run.of(
                        "predict",
                        "-m",
                        model.toString(),
                        BLOBS.toString(),
                        "--proba",
                        "-o",
                        labels.toString());
        assertEquals(0, predict.code(), predict.toString());
        List<String> lines = Files.readAllLines(labels);
        assertEquals("label,p0,p1", lines.get(0));
        assertEquals(2001, lines.size());
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            double p0 = Double.parseDouble(f[1]);
            double p1 = Double.parseDouble(f[2]);
            assertEquals(1.0, p0 + p1, 1e-12);
            assertEquals(p0 >= p1 ? 0 : 1, Integer.parseInt(f[0]), line);
        }

        Run stdout = Run.of("predict", "-m", model.toString(), BLOBS.toString());
        assertEquals(0, stdout.code());
        assertTrue(stdout.out().startsWith("label\n"), "labels to standard output by default");

        Path sample = dir.resolve("s.csv");
        Run s =
                Run.of(
                        "sample",
                        "-m",
                        model.toString(),
                        "-n",
                        "500",
                        "--seed",
                        "7",
                        "--labels",
                        "-o",
                        sample.toString());
        assertEquals(0, s.code(), s.toString());
        List<String> rows = Files.readAllLines(sample);
        assertEquals("x,y,component", rows.get(0), "sample keeps the model's column names");
        assertEquals(501, rows.size());
        Run again =
                Run.of("sample", "-m", model.toString(), "-n", "500", "--seed", "7", "--labels");
        assertEquals(
                String.join("\n", rows) + "\n", again.out(), "the same seed draws the same rows");

        Path npy = dir.resolve("s.npy");
        assertEquals(
                0,
                Run.of("sample", "-m", model.toString(), "-n", "300", "-o", npy.toString()).code());
        Run scoreNpy = Run.of("score", "-m", model.toString(), npy.toString());
        assertEquals(0, scoreNpy.code(), scoreNpy.toString());

        Path png = dir.resolve("p.png");
        Run plot = Run.of("plot", "-m", model.toString(), BLOBS.toString(), "-o", png.toString());
        assertEquals(0, plot.code(), plot.toString());
        assertTrue(Files.size(png) > 10_000);

        Path warm = dir.resolve("warm.json");
        Run w =
                Run.of(
                        "fit",
                        BLOBS.toString(),
                        "--init-model",
                        model.toString(),
                        "--max-iter",
                        "3",
                        "--tol",
                        "0",
                        "-o",
                        warm.toString(),
                        "--report",
                        dir.resolve("w.json").toString());
        assertEquals(0, w.code(), w.toString());
        JsonNode wr = new ObjectMapper().readTree(dir.resolve("w.json").toFile());
        assertEquals(
                3,
                wr.get("iterations").asInt(),
                "warm start with tol 0 runs exactly max-iter steps");
        assertEquals(
                mean,
                wr.get("lowerBoundHistory").get(0).asDouble(),
                1e-12 * Math.abs(mean),
                "the warm start's first step is the loaded model's own log-likelihood");
    }

    @Test
    void selectPrintsBicAndAicForEachCandidateAndKeepsTheBest() throws IOException {
        Path best = dir.resolve("best.json");
        Path plot = dir.resolve("bic.png");
        Run r =
                Run.of(
                        "select",
                        BLOBS.toString(),
                        "-k",
                        "1..4",
                        "--covariance-type",
                        "full,diag",
                        "-o",
                        best.toString(),
                        "--plot",
                        plot.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("BIC") && r.out().contains("AIC"), r.toString());
        assertEquals(
                8 + 1,
                r.out()
                        .lines()
                        .filter(
                                l ->
                                        l.startsWith("full")
                                                || l.startsWith("diag")
                                                || l.startsWith("type"))
                        .count(),
                "a header and one row per candidate: " + r);
        assertTrue(r.out().contains("<- best"), r.toString());
        GaussianMixtureModel m = GaussianMixtureModel.load(best);
        assertEquals(2, m.components(), "two blobs: BIC picks K=2");
        assertTrue(Files.size(plot) > 5_000);
    }

    @Test
    void benchTimesEveryAvailableBackendAndChecksItAgainstTheCpuReference() throws IOException {
        Run r =
                Run.of(
                        "bench",
                        "-n",
                        "3000",
                        "-d",
                        "3",
                        "-k",
                        "2",
                        "--repeats",
                        "2",
                        "--warmup",
                        "1",
                        "--json");
        assertEquals(0, r.code(), r.toString());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals(3000, doc.get("n").asInt());
        JsonNode cpu = null;
        for (JsonNode b : doc.get("backends")) {
            if (b.has("failure")) {
                continue;
            }
            assertEquals(2, b.get("secondsPerStep").size(), "one time per repeat");
            assertTrue(
                    b.get("agreement").asDouble() < 1e-9, "double-precision backends agree: " + b);
            if (b.get("backend").asText().equals("cpu")) {
                cpu = b;
            }
        }
        assertTrue(cpu != null, "the cpu backend always runs: " + r.out());
        assertEquals(1.0, cpu.get("ratioToCpu").asDouble(), 0.0);
        assertEquals(0.0, cpu.get("agreement").asDouble(), 0.0, "the cpu backend is the reference");

        Run table =
                Run.of(
                        "bench",
                        "-n",
                        "2000",
                        "-d",
                        "2",
                        "-k",
                        "2",
                        "--repeats",
                        "1",
                        "--warmup",
                        "0");
        assertEquals(0, table.code(), table.toString());
        assertTrue(
                table.out().contains("vs cpu") && table.out().contains("agreement"),
                table.toString());
    }

    @Test
    void benchTimesOnlyTheBackendsNamedAndRefusesUnknownOnes() throws IOException {
        Run r =
                Run.of(
                        "bench",
                        "-n",
                        "2000",
                        "-d",
                        "2",
                        "-k",
                        "2",
                        "--repeats",
                        "1",
                        "--warmup",
                        "0",
                        "--backends",
                        "cpu",
                        "--json");
        assertEquals(0, r.code(), r.toString());
        JsonNode backends = new ObjectMapper().readTree(r.out()).get("backends");
        assertEquals(1, backends.size(), r.out());
        assertEquals("cpu", backends.get(0).get("backend").asText());

        Run unknown = Run.of("bench", "-n", "2000", "--backends", "cpu,tpu");
        assertEquals(2, unknown.code(), unknown.toString());
        assertTrue(unknown.err().contains("unknown backend 'tpu'"), unknown.toString());
        assertEquals("", unknown.out(), "nothing half-written");
    }

    @Test
    void backendsListsTheCpuBackend() {
        Run r = Run.of("backends");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("cpu") && r.out().contains("available"), r.toString());
    }

    @Test
    void theOneDimensionalHeightsExampleFits() {
        Run r = Run.of("fit", HEIGHTS.toString(), "-k", "2", "--tol", "1e-6");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("mean height"), r.toString());
    }
}
