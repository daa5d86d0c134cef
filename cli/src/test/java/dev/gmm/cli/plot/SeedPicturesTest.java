/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.cli.plot;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmm.CovarianceType;
import dev.gmm.FitSummary;
import dev.gmm.GaussianMixture;
import dev.gmm.data.InMemoryDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pictures of the two seed documents, drawn the way they drew them: heights (a histogram with
 * the fitted density) and two 2-D blobs, plus a BIC curve for the blobs from real fits. They go to
 * a temporary folder, or to {@code -Dgmm.plots.dir=...} for a person to look at.
 */
class SeedPicturesTest {

    @TempDir Path temp;

    private Path folder() throws IOException {
        String dir = System.getProperty("gmm.plots.dir");
        return dir == null || dir.isBlank() ? temp : Files.createDirectories(Path.of(dir));
    }

    @Test
    void heights() throws IOException {
        Path out = folder().resolve("heights.png");
        Plots.density1d(
                Samples.heightsModel(),
                Samples.heights(new SplittableRandom(164)),
                "height (cm)",
                "Heights: 500 from N(164, 3\u00b2) + 1500 from N(176, 5\u00b2)",
                out);
        assertTrue(Files.size(out) > 0);
    }

    @Test
    void twoBlobs() throws IOException {
        Path out = folder().resolve("two-blobs.png");
        Plots.scatter2d(
                Samples.blobsModel(),
                Samples.blobs(new SplittableRandom(2)),
                2,
                0,
                1,
                List.of("X", "Y"),
                "Two blobs: N([1, 2], diag(1, 0.5)) and N([-1, -1], I), 1000 rows each",
                out);
        assertTrue(Files.size(out) > 0);
    }

    @Test
    void bic() throws IOException {
        double[] rows = Samples.blobs(new SplittableRandom(2));
        Map<String, double[][]> scores = new LinkedHashMap<>();
        for (CovarianceType type : CovarianceType.values()) {
            double[][] byK = new double[6][];
            for (int k = 1; k <= 6; k++) {
                FitSummary r =
                        GaussianMixture.builder()
                                .components(k)
                                .covarianceType(type)
                                .seed(k)
                                .nInit(2)
                                .backend("cpu")
                                .build()
                                .fit(InMemoryDataSource.ofDoubles("blobs", rows, 2, null))
                                .summary();
                byK[k - 1] = new double[] {k, r.bic(), r.aic()};
            }
            scores.put(type.id(), byK);
        }
        Path out = folder().resolve("bic.png");
        Plots.criterionCurve(scores, "Model selection for the two blobs", out);
        assertTrue(Files.size(out) > 0);
    }
}
