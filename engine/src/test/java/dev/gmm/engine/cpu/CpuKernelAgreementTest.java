package dev.gmm.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gmm.engine.CovarianceType;
import dev.gmm.engine.MixtureParameters;
import dev.gmm.engine.Precision;
import dev.gmm.engine.SufficientStatistics;
import dev.gmm.engine.StatisticsDifference;
import dev.gmm.engine.backend.ResidentChunk;
import dev.gmm.engine.backend.RowScores;
import dev.gmm.engine.conformance.ConformanceCase;
import dev.gmm.engine.data.ArrayChunk;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The block kernels against the definition, row by row ({@link MixtureParameters#logJoint} and
 * {@link SufficientStatistics#add}), and the Vector API kernels against the portable ones. Sizes
 * are odd on purpose: dimensions that leave partial 2 x 4 tiles, row counts that leave partial
 * blocks and partial vectors.
 */
class CpuKernelAgreementTest {

    private static final double TOLERANCE = 1e-12;

    static Stream<ConformanceCase> cases() {
        List<ConformanceCase> out = new ArrayList<>();
        long seed = 100;
        int variant = 0;
        for (int d : new int[] {1, 2, 3, 5, 8, 17}) {
            for (int k : new int[] {1, 3}) {
                for (CovarianceType type : CovarianceType.values()) {
                    out.add(new ConformanceCase(d, k, type, Precision.DOUBLE, variant % 2 == 1,
                            variant % 3 == 2 ? 170.0 : 0.0, false, 1000 + 37 * (variant % 4), seed++));
                    variant++;
                }
            }
        }
        return out.stream();
    }

    private static SufficientStatistics rowByRow(ArrayChunk rows, MixtureParameters p) {
        int d = p.dimensions();
        int k = p.components();
        double[] x = new double[d];
        double[] w = new double[1];
        double[] logp = new double[k];
        double[] scratch = new double[p.scratchLength()];
        double[] diff = new double[d];
        SufficientStatistics st = SufficientStatistics.zero(p);
        for (int i = 0; i < rows.rows(); i++) {
            rows.copyRows(i, 1, x, 0);
            rows.copyWeights(i, 1, w, 0);
            p.logJoint(x, 0, logp, 0, scratch);
            double l = MixtureParameters.logSumExp(logp, 0, k);
            for (int c = 0; c < k; c++) {
                logp[c] = Math.exp(logp[c] - l);
            }
            st.add(x, 0, w[0], l, logp, 0, diff);
        }
        return st;
    }

    private static SufficientStatistics blocks(ArrayChunk rows, MixtureParameters p, boolean vector) {
        try (CpuBackend cpu = new CpuBackend(Precision.DOUBLE, 2, vector); ResidentChunk c = cpu.load(rows)) {
            return cpu.accumulate(c, p);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void portableBlockStatisticsMatchTheRowByRowDefinition(ConformanceCase c) {
        ArrayChunk rows = c.data();
        MixtureParameters p = c.parameters().parameters();
        SufficientStatistics expected = rowByRow(rows, p);
        SufficientStatistics actual = blocks(rows, p, false);
        assertEquals(expected.rows(), actual.rows(), "rows counted");
        StatisticsDifference diff = actual.differenceFrom(expected);
        assertTrue(diff.max() <= TOLERANCE, c + ": " + diff);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void vectorKernelsMatchThePortableOnes(ConformanceCase c) {
        assumeTrue(CpuBackend.VECTOR_AVAILABLE, "the JVM was started without --add-modules jdk.incubator.vector");
        ArrayChunk rows = c.data();
        MixtureParameters p = c.parameters().parameters();
        StatisticsDifference diff = blocks(rows, p, true).differenceFrom(blocks(rows, p, false));
        assertTrue(diff.max() <= TOLERANCE, c + ": " + diff);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void blockScoresMatchTheRowByRowDefinition(ConformanceCase c) {
        ArrayChunk rows = c.data();
        MixtureParameters p = c.parameters().parameters();
        int k = p.components();
        RowScores actual = new RowScores(rows.rows(), k, true);
        try (CpuBackend cpu = new CpuBackend(Precision.DOUBLE, 2); ResidentChunk chunk = cpu.load(rows)) {
            cpu.score(chunk, p, actual);
        }
        double[] x = new double[p.dimensions()];
        double[] logp = new double[k];
        double[] scratch = new double[p.scratchLength()];
        for (int i = 0; i < rows.rows(); i++) {
            rows.copyRows(i, 1, x, 0);
            p.logJoint(x, 0, logp, 0, scratch);
            double l = MixtureParameters.logSumExp(logp, 0, k);
            assertTrue(Math.abs(actual.logDensity()[i] - l) <= TOLERANCE * (1 + Math.abs(l)),
                    c + ": row " + i + " log density " + actual.logDensity()[i] + " vs " + l);
            for (int j = 0; j < k; j++) {
                double r = Math.exp(logp[j] - l);
                assertTrue(Math.abs(actual.responsibilities()[i * k + j] - r) <= TOLERANCE,
                        c + ": row " + i + " responsibility " + j);
            }
        }
    }
}
