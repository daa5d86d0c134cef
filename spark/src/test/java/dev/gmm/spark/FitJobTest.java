/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gmm.GaussianMixture;
import dev.gmm.GaussianMixtureModel;
import dev.gmm.Precision;
import dev.gmm.data.DataFiles;
import dev.gmm.data.DataOptions;
import dev.gmm.data.DataSource;
import dev.gmm.data.NpyWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The submit-able job in-process on a local[2] session: an NPY file read in row ranges and a CSV
 * fitted as gmm fit fits them, with gmm fit's model file and report; bad input one line, exit 2.
 */
class FitJobTest {

    private static SparkSession spark;

    @TempDir Path dir;

    @BeforeAll
    static void start() {
        spark =
                SparkSession.builder()
                        .master("local[2]")
                        .appName("gmm-spark-job-test")
                        .config("spark.ui.enabled", "false")
                        .getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = FitJob.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    private Path npy() {
        SplittableRandom rng = new SplittableRandom(9);
        Path p = dir.resolve("rows.npy");
        try (NpyWriter w = NpyWriter.create(p, Precision.DOUBLE, 5001, 3)) {
            for (int i = 0; i < 5001; i++) {
                double c = i % 2 == 0 ? 0 : 4;
                w.writeRow(
                        new double[] {
                            c + rng.nextGaussian(), rng.nextGaussian(), c - rng.nextGaussian()
                        });
            }
        }
        return p;
    }

    @Test
    void anNpyFileReadInRowRangesFitsAsTheEngineFitsIt() throws Exception {
        Path data = npy();
        Path start = dir.resolve("start.json");
        try (DataSource rows = DataFiles.open(data, DataOptions.defaults())) {
            GaussianMixture.builder()
                    .components(2)
                    .maxIter(1)
                    .backend("cpu")
                    .build()
                    .fit(rows)
                    .save(start);
            GaussianMixtureModel engine =
                    GaussianMixture.builder()
                            .initModel(GaussianMixtureModel.load(start))
                            .maxIter(10)
                            .tol(0)
                            .backend("cpu")
                            .build()
                            .fit(rows);
            Path model = dir.resolve("m.json");
            Path report = dir.resolve("r.json");
            Result r =
                    run(
                            "fit",
                            data.toString(),
                            "--init-model",
                            start.toString(),
                            "--max-iter",
                            "10",
                            "--tol",
                            "0",
                            "--partitions",
                            "3",
                            "-o",
                            model.toString(),
                            "--report",
                            report.toString());
            assertEquals(0, r.code(), r.err());
            JsonNode rep = new ObjectMapper().readTree(report.toFile());
            assertEquals(
                    engine.summary().lowerBound(),
                    rep.get("lowerBound").asDouble(),
                    1e-10 * Math.abs(engine.summary().lowerBound()));
            assertEquals(10, rep.get("iterations").asInt());
            assertTrue(rep.get("emSeconds").asDouble() > 0);
            assertEquals(3, rep.get("partitions").asInt());
            GaussianMixtureModel fitted = GaussianMixtureModel.load(model);
            assertEquals(engine.means()[0][0], fitted.means()[0][0], 1e-9);
            assertEquals(java.util.List.of("x0", "x1", "x2"), fitted.columns());
        }
    }

    @Test
    void aCsvWithAHeaderFitsByItsNumericColumns() throws Exception {
        Path csv = dir.resolve("blobs.csv");
        Files.copy(Path.of("..", "examples", "two-blobs.csv"), csv);
        Result r = run("fit", csv.toString(), "-k", "2", "-o", dir.resolve("m.json").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("mean log-likelihood -3.342171"), r.out());
        assertEquals(
                java.util.List.of("x", "y"),
                GaussianMixtureModel.load(dir.resolve("m.json")).columns());
    }

    @Test
    void syntheticRowsAreDrawnOnTheExecutorsWithTheirSeed() throws Exception {
        Path report = dir.resolve("r.json");
        Result r =
                run(
                        "fit",
                        "synthetic:3000:3:2:5",
                        "-k",
                        "2",
                        "--max-iter",
                        "5",
                        "--tol",
                        "0",
                        "--partitions",
                        "3",
                        "--report",
                        report.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode rep = new ObjectMapper().readTree(report.toFile());
        assertEquals(3000, rep.get("n").asInt());
        assertEquals(3, rep.get("d").asInt());
        Result again =
                run(
                        "fit",
                        "synthetic:3000:3:2:5",
                        "-k",
                        "2",
                        "--max-iter",
                        "5",
                        "--tol",
                        "0",
                        "--partitions",
                        "3",
                        "--report",
                        dir.resolve("r2.json").toString());
        assertEquals(0, again.code(), again.err());
        assertEquals(
                rep.get("lowerBound").asDouble(),
                new ObjectMapper()
                        .readTree(dir.resolve("r2.json").toFile())
                        .get("lowerBound")
                        .asDouble(),
                0.0,
                "the same seed draws the same rows");
        Result bad = run("fit", "synthetic:many:3:2", "-k", "2");
        assertEquals(2, bad.code());
        assertTrue(bad.err().startsWith("gmm-spark: synthetic data is"), bad.err());
    }

    @Test
    void badInputIsOneLineAndExitTwo() {
        Result noK = run("fit", npy().toString());
        assertEquals(2, noK.code());
        assertTrue(noK.err().startsWith("gmm-spark: give the number of components"), noK.err());
        assertEquals(1, noK.err().strip().lines().count(), noK.err());
        Result missing = run("fit", dir.resolve("nope.npy").toString(), "-k", "2");
        assertEquals(2, missing.code(), missing.err());
        assertTrue(missing.err().contains("nope.npy"), missing.err());
        assertFalse(missing.err().contains("\tat "), "no stack trace");
    }
}
