/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package example.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmm.CovarianceType;
import dev.gmm.GaussianMixture;
import dev.gmm.GaussianMixtureModel;
import dev.gmm.ModelSelection;
import dev.gmm.data.InMemoryDataSource;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * ICL, beside BIC and AIC, through the public API: BIC plus twice the entropy of the
 * responsibilities, the same from the fit's summary and from the model on the rows, and a criterion
 * of model selection.
 */
class IclTest {

    private static double[][] blobs(long seed, double gap) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] x = new double[600][2];
        for (int i = 0; i < x.length; i++) {
            double shift = i % 2 == 0 ? 0 : gap;
            x[i][0] = shift + rng.nextGaussian();
            x[i][1] = -shift + rng.nextGaussian();
        }
        return x;
    }

    @Test
    void iclIsBicPlusTwiceTheEntropyOfTheResponsibilities() {
        double[][] x = blobs(3, 2.5);
        double[] w = new double[x.length];
        SplittableRandom rng = new SplittableRandom(4);
        for (int i = 0; i < w.length; i++) {
            w[i] = 0.5 + rng.nextDouble();
        }
        GaussianMixtureModel m =
                GaussianMixture.builder()
                        .components(2)
                        .seed(1)
                        .backend("cpu")
                        .build()
                        .fit(InMemoryDataSource.of("blobs", x, w));
        double[][] p = m.predictProba(x);
        double entropy = 0;
        for (int i = 0; i < x.length; i++) {
            for (double r : p[i]) {
                if (r > 0) {
                    entropy -= w[i] * r * Math.log(r);
                }
            }
        }
        assertTrue(entropy > 1, "the blobs overlap: entropy " + entropy);
        double bic = m.summary().bic();
        assertEquals(bic + 2 * entropy, m.summary().icl(), 1e-9 * Math.abs(bic));
        assertEquals(
                m.summary().icl(),
                m.icl(InMemoryDataSource.of("blobs", x, w)),
                1e-9 * Math.abs(bic),
                "the model on the rows agrees with the fit's summary");
    }

    @Test
    void iclEqualsBicForOneComponentAndPrefersFewerOverlappingComponents() {
        double[][] x = blobs(5, 4);
        ModelSelection.Result icl = ModelSelection.byIcl(x, 1, 4, CovarianceType.FULL);
        ModelSelection.Result bic = ModelSelection.byBic(x, 1, 4, CovarianceType.FULL);
        ModelSelection.Candidate one = icl.candidates().get(0);
        assertEquals(
                one.value(ModelSelection.Criterion.BIC),
                one.value(ModelSelection.Criterion.ICL),
                1e-9 * Math.abs(one.value(ModelSelection.Criterion.BIC)));
        assertEquals(2, icl.best().components(), "two separated blobs");
        assertTrue(icl.best().components() <= bic.best().components());
        for (ModelSelection.Candidate c : icl.candidates()) {
            assertTrue(
                    c.value(ModelSelection.Criterion.ICL) >= c.value(ModelSelection.Criterion.BIC),
                    "entropy is never negative");
        }
        assertEquals(ModelSelection.Criterion.ICL, ModelSelection.Criterion.parse(" ICL "));
    }
}
