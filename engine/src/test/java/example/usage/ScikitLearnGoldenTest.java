/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package example.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gmm.Acceleration;
import dev.gmm.CovarianceType;
import dev.gmm.GaussianMixture;
import dev.gmm.GaussianMixtureModel;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Numbers scikit-learn produced (golden/sklearn-em.json, made by golden/make_golden.py with
 * scikit-learn 1.2.1): from the same start, 20 steps of plain EM give the same lower bound at every
 * step and the same parameters, for every covariance type, through the public API alone.
 */
class ScikitLearnGoldenTest {

    private static JsonNode golden() throws IOException {
        try (InputStream in =
                ScikitLearnGoldenTest.class.getResourceAsStream("/golden/sklearn-em.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static double[][] matrix(JsonNode n) {
        double[][] m = new double[n.size()][];
        for (int i = 0; i < m.length; i++) {
            m[i] = vector(n.get(i));
        }
        return m;
    }

    private static double[] vector(JsonNode n) {
        double[] v = new double[n.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = n.get(i).asDouble();
        }
        return v;
    }

    /** scikit-learn's covariances_ as this type's blocks. */
    private static double[][] blocks(CovarianceType type, JsonNode c) {
        switch (type) {
            case FULL:
                {
                    double[][] b = new double[c.size()][];
                    for (int k = 0; k < b.length; k++) {
                        b[k] = flat(matrix(c.get(k)));
                    }
                    return b;
                }
            case TIED:
                return new double[][] {flat(matrix(c))};
            case DIAG:
                return matrix(c);
            default:
                {
                    double[][] b = new double[c.size()][];
                    for (int k = 0; k < b.length; k++) {
                        b[k] = new double[] {c.get(k).asDouble()};
                    }
                    return b;
                }
        }
    }

    private static double[] flat(double[][] m) {
        int d = m.length;
        double[] f = new double[d * d];
        for (int i = 0; i < d; i++) {
            System.arraycopy(m[i], 0, f, i * d, d);
        }
        return f;
    }

    @ParameterizedTest
    @EnumSource(CovarianceType.class)
    void twentyStepsFromTheSameStartMatchScikitLearn(CovarianceType type) throws IOException {
        JsonNode g = golden();
        JsonNode c = g.get("cases").get(type.id());
        double[][] rows = matrix(g.get("rows"));
        JsonNode s = c.get("start");
        GaussianMixtureModel start =
                GaussianMixtureModel.of(
                        type,
                        vector(s.get("weights")),
                        matrix(s.get("means")),
                        blocks(type, s.get("covariances")));
        GaussianMixtureModel m =
                GaussianMixture.builder()
                        .initModel(start)
                        .maxIter(20)
                        .tol(0)
                        .acceleration(Acceleration.NONE)
                        .regCovar(g.get("regCovar").asDouble())
                        .backend("cpu")
                        .build()
                        .fit(rows);
        double[] bounds = vector(c.get("lowerBounds"));
        double[] ours = m.summary().lowerBoundHistory();
        assertEquals(20, ours.length);
        for (int i = 0; i < 20; i++) {
            assertEquals(
                    bounds[i],
                    ours[i],
                    1e-11 * Math.abs(bounds[i]),
                    "lower bound of step " + (i + 1));
        }
        JsonNode f = c.get("final");
        double[] w = vector(f.get("weights"));
        double[][] mu = matrix(f.get("means"));
        double[][] cov = blocks(type, f.get("covariances"));
        double[][] ourCov = m.covarianceBlocks();
        for (int k = 0; k < 3; k++) {
            assertEquals(w[k], m.weights()[k], 1e-10, "weight " + k);
            for (int j = 0; j < 3; j++) {
                assertEquals(mu[k][j], m.means()[k][j], 1e-9, "mean " + k + "," + j);
            }
        }
        for (int b = 0; b < cov.length; b++) {
            for (int i = 0; i < cov[b].length; i++) {
                assertEquals(
                        cov[b][i], ourCov[b][i], 1e-9, "covariance block " + b + ", entry " + i);
            }
        }
    }
}
