/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmm.CovarianceType;
import dev.gmm.GaussianMixtureModel;
import dev.gmm.GmmException;
import dev.gmm.Precision;
import dev.gmm.data.InMemoryDataSource;
import dev.gmm.engine.cpu.CpuBackend;
import dev.gmm.engine.fit.EmDriver;
import dev.gmm.engine.fit.FitOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Model files: exact round trips of fitted models of every type, hand-written files, and every
 * rejection.
 */
class ModelFileTest {

    @TempDir Path dir;

    /**
     * A model fitted by EM, so its numbers have all their digits and its weights sum to 1 only up
     * to rounding.
     */
    private static GaussianMixtureModel fitted(CovarianceType type) {
        SplittableRandom rng = new SplittableRandom(5);
        int n = 600;
        int d = 3;
        double[] x = new double[n * d];
        for (int i = 0; i < n; i++) {
            double shift = i % 3 == 0 ? 4 : i % 3 == 1 ? -2 : 0;
            for (int j = 0; j < d; j++) {
                x[i * d + j] = rng.nextGaussian() * (1 + j * 0.3) + shift * (j + 1) + 170;
            }
        }
        try (CpuBackend cpu = new CpuBackend(Precision.DOUBLE, 1)) {
            return new EmDriver()
                    .fit(
                            InMemoryDataSource.ofDoubles("blobs", x, d, null),
                            FitOptions.of(3).withCovarianceType(type).withMaxIter(5),
                            cpu)
                    .model();
        }
    }

    @ParameterizedTest
    @EnumSource(CovarianceType.class)
    void fittedModelRoundTripsExactly(CovarianceType type) {
        GaussianMixtureModel m = fitted(type);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("iterations", 5);
        meta.put("converged", false);
        meta.put("lowerBound", -7.123456789012345);
        meta.put("backend", "cpu");
        meta.put("columns", List.of("a", "b", "c"));
        Path p = dir.resolve("model.json");
        ModelFile.write(p, m, meta);
        ModelFile.Loaded back = ModelFile.read(p);
        GaussianMixtureModel r = back.model();
        assertEquals(type, r.covarianceType());
        assertArrayEquals(m.weights(), r.weights());
        assertArrayEquals(m.means(), r.means());
        assertArrayEquals(m.covarianceBlocks(), r.covarianceBlocks());
        assertArrayEquals(m.parameters().precision(), r.parameters().precision());
        assertEquals(meta, back.metadata());
    }

    @Test
    void weightsThatMissOneByRoundingRoundTripExactly() {
        // these add up to 0.9999999999999999: dividing by that would move them by an ulp
        double[] w = {0.045304367469149606, 0.5364730615955219, 0.41822257093532844};
        GaussianMixtureModel m =
                GaussianMixtureModel.of(
                        CovarianceType.SPHERICAL,
                        w,
                        new double[][] {{0}, {1}, {2}},
                        new double[][] {{1}, {1}, {1}});
        Path p = dir.resolve("w.json");
        ModelFile.write(p, m, null);
        assertArrayEquals(w, m.weights());
        assertArrayEquals(m.weights(), ModelFile.read(p).model().weights());
    }

    @Test
    void covariancesUseScikitLearnShapes() throws IOException {
        Path p = dir.resolve("shapes.json");
        ModelFile.write(p, fitted(CovarianceType.SPHERICAL), null);
        String text = Files.readString(p);
        assertTrue(text.contains("\"covarianceType\" : \"spherical\""), text);
        assertFalse(text.contains("metadata"), text);
        GaussianMixtureModel tied =
                GaussianMixtureModel.of(
                        CovarianceType.TIED,
                        new double[] {0.25, 0.75},
                        new double[][] {{0, 1}, {2, 3}},
                        new double[][] {{2, 0.5, 0.5, 1}});
        ModelFile.write(p, tied, Map.of());
        assertTrue(
                Files.readString(p).contains("\"covariances\" : [ [ 2.0, 0.5 ], [ 0.5, 1.0 ] ]"),
                Files.readString(p));
    }

    @Test
    void handWrittenFileWithoutMetadataIsValid() throws IOException {
        Path p = dir.resolve("hand.json");
        Files.writeString(
                p,
                "{\"covarianceType\": \"diag\", \"weights\": [0.5, 0.5],\n"
                        + " \"means\": [[0, 0], [5, 5]], \"covariances\": [[1, 2], [3, 4]]}");
        ModelFile.Loaded m = ModelFile.read(p);
        assertEquals(Map.of(), m.metadata());
        assertArrayEquals(new double[][] {{1, 2}, {3, 4}}, m.model().covarianceBlocks());
        assertEquals(4.0, m.model().covariance(1)[1][1]);
    }

    private String failure(String json) throws IOException {
        Path p = dir.resolve("MODEL.json");
        Files.writeString(p, json);
        GmmException e = assertThrows(GmmException.class, () -> ModelFile.read(p));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().startsWith(p + ": "), e.getMessage());
        return e.getMessage().substring(p.toString().length() + 2);
    }

    private static String model(String type, String weights, String means, String covariances) {
        return "{\"covarianceType\": "
                + type
                + ", \"weights\": "
                + weights
                + ", \"means\": "
                + means
                + ", \"covariances\": "
                + covariances
                + "}";
    }

    @Test
    void notJsonNamesTheLine() throws IOException {
        assertEquals(
                "not valid JSON (line 2, column 1: unexpected '}' where a field name belongs (a trailing comma?))",
                failure("{\"weights\": [1],\n}"));
        assertEquals("not valid JSON (the file is empty)", failure(""));
        assertTrue(
                failure("{} {}").startsWith("not valid JSON (line 1, column 4: "),
                failure("{} {}"));
        assertEquals(
                "not valid JSON (line 1, column 27: Duplicate field 'weights')",
                failure("{\"weights\": [1], \"weights\": [2]}"));
    }

    @Test
    void missingFieldsAreNamed() throws IOException {
        assertEquals(
                "'weights' is missing",
                failure(
                        "{\"covarianceType\": \"full\", \"means\": [[0]], \"covariances\": [[[1]]]}"));
        assertEquals(
                "'covarianceType' is missing",
                failure("{\"weights\": [1], \"means\": [[0]], \"covariances\": [[[1]]]}"));
        assertEquals(
                "'covariances' is missing",
                failure("{\"covarianceType\": \"full\", \"weights\": [1], \"means\": [[0]]}"));
    }

    @Test
    void wrongShapesSayWhatIsNeeded() throws IOException {
        assertEquals(
                "'covariances' has shape 2 x 3 x 3 but a diag model with K=2, d=3 needs 2 x 3",
                failure(
                        model(
                                "\"diag\"",
                                "[0.5, 0.5]",
                                "[[0,0,0],[1,1,1]]",
                                "[[[1,0,0],[0,1,0],[0,0,1]],[[1,0,0],[0,1,0],[0,0,1]]]")));
        assertEquals(
                "'covariances' has shape 2 but a tied model with K=2, d=1 needs 1 x 1",
                failure(model("\"tied\"", "[0.5, 0.5]", "[[0],[1]]", "[1, 1]")));
        assertEquals(
                "'covariances' is not a rectangular array of numbers but a full model with K=1, d=2 needs 1 x 2 x 2",
                failure(model("\"full\"", "[1]", "[[0, 0]]", "[[[1, 0], [0]]]")));
        assertEquals(
                "'covariances' is a string but a spherical model with K=1, d=1 needs 1",
                failure(model("\"spherical\"", "[1]", "[[0]]", "\"big\"")));
        assertEquals(
                "'means' has shape 3 x 2 but 'weights' has 2 entries, so it must be 2 x d with d >= 1",
                failure(model("\"full\"", "[0.5, 0.5]", "[[0,0],[1,1],[2,2]]", "[]")));
        assertEquals(
                "'weights' is a single number but must be a list of K numbers",
                failure(model("\"full\"", "1", "[[0]]", "[[[1]]]")));
        assertEquals(
                "'weights' is empty; a model needs at least one component",
                failure(model("\"full\"", "[]", "[]", "[]")));
    }

    @Test
    void badValuesAreNamed() throws IOException {
        assertEquals(
                "'covarianceType' is 'banded'; expected \"full\", \"diag\", \"spherical\" or \"tied\"",
                failure(model("\"banded\"", "[1]", "[[0]]", "[1]")));
        assertEquals(
                "'covarianceType' is a number; expected \"full\", \"diag\", \"spherical\" or \"tied\"",
                failure(model("3", "[1]", "[[0]]", "[1]")));
        assertEquals(
                "unknown field 'covariance'; a model has covarianceType, weights, means, covariances and an optional metadata object",
                failure("{\"covarianceType\": \"full\", \"covariance\": 1}"));
        assertEquals(
                "'metadata' is an array; it must be an object",
                failure(
                        model("\"spherical\"", "[1]", "[[0]]", "[1]")
                                .replace("}", ", \"metadata\": []}")));
        assertEquals("not a model (the JSON is an array, not an object)", failure("[1, 2]"));
    }

    @Test
    void modelChecksArePrefixedWithTheFile() throws IOException {
        assertEquals(
                "model weights sum to 0.9; they must sum to 1",
                failure(model("\"spherical\"", "[0.5, 0.4]", "[[0],[1]]", "[1, 1]")));
        GmmException e =
                assertThrows(
                        GmmException.class,
                        () -> {
                            Path p = dir.resolve("npd.json");
                            Files.writeString(p, model("\"diag\"", "[1]", "[[0, 0]]", "[[1, -1]]"));
                            ModelFile.read(p);
                        });
        assertEquals(GmmException.Category.INPUT, e.category());
        assertTrue(
                e.getMessage()
                        .endsWith(
                                "npd.json: the covariance of component 0 is not positive definite"),
                e.getMessage());
    }

    @Test
    void missingModelFileIsAnInputError() {
        Path p = dir.resolve("none.json");
        GmmException e = assertThrows(GmmException.class, () -> ModelFile.read(p));
        assertEquals(p + ": no such file", e.getMessage());
        assertEquals(GmmException.Category.INPUT, e.category());
    }

    @Test
    void failedWriteLeavesNoFile() throws IOException {
        Path p = dir.resolve("out.json");
        Map<String, Object> unserialisable = Map.of("self", new Object());
        GmmException e =
                assertThrows(
                        GmmException.class,
                        () -> ModelFile.write(p, fitted(CovarianceType.DIAG), unserialisable));
        assertTrue(
                e.getMessage()
                        .startsWith(
                                p
                                        + ": cannot write the metadata (No serializer found for class java.lang.Object"),
                e.getMessage());
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(), left.toList());
        }
    }
}
