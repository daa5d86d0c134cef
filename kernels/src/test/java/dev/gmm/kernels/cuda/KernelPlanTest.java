/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmm.CovarianceType;
import dev.gmm.Precision;
import dev.gmm.engine.conformance.ConformanceCase;
import dev.gmm.engine.cpu.CpuBackend;
import dev.gmm.engine.data.ArrayChunk;
import dev.gmm.spi.MixtureParameters;
import dev.gmm.spi.ResidentChunk;
import dev.gmm.spi.SufficientStatistics;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KernelPlanTest {

    @ParameterizedTest
    @EnumSource(CovarianceType.class)
    void groupsListEveryEntryOnceInTheOrderOfTheStatistics(CovarianceType type) {
        for (int d : new int[] {1, 2, 3, 7, 64}) {
            KernelPlan plan = new KernelPlan(type, d, 3, Precision.FLOAT);
            int[] g = plan.groups();
            int next = 0;
            for (int i = 0; i < g.length; i += 4) {
                assertEquals(next, g[i + 3], type + " d=" + d + " group " + i / 4);
                assertTrue(g[i + 2] >= 1 && g[i + 2] <= KernelPlan.GROUP);
                next += g[i + 2];
            }
            assertEquals(plan.entriesPerComponent(), next, type + " d=" + d);
        }
    }

    @Test
    void tilesFitTheSharedMemoryOfEveryCudaGpu() {
        for (Precision precision : Precision.values()) {
            for (int d : new int[] {1, 16, 64, 500}) {
                KernelPlan plan = new KernelPlan(CovarianceType.FULL, d, 16, precision);
                assertTrue(plan.tileRows() >= 1 && plan.tileRows() <= KernelPlan.THREADS);
                assertTrue(
                        plan.sharedBytes() + KernelPlan.STATIC_SHARED_BYTES
                                <= KernelPlan.SHARED_BYTES);
            }
        }
    }

    /** Hopper's opt-in maximum, 227 KiB; Ampere's is 163 KiB, Turing's 64 KiB. */
    private static final int HOPPER_OPT_IN = 227 * 1024;

    @Test
    void withTheSharedMemoryOptInTheTiledKernelsTakeSixtyFourComponentsUpToSixteenDimensions() {
        for (Precision precision : Precision.values()) {
            for (int d : new int[] {1, 4, 8, 16}) {
                KernelPlan small = new KernelPlan(CovarianceType.FULL, d, 64, precision);
                KernelPlan large =
                        new KernelPlan(CovarianceType.FULL, d, 64, precision, HOPPER_OPT_IN);
                assertEquals(0, small.tiledDims(), "K = 64 overflows 48 KiB, d=" + d);
                assertTrue(large.tiledDims() >= d, "d=" + d + " " + precision);
                assertTrue(
                        large.statisticsSharedBytes() + KernelPlan.STATIC_SHARED_BYTES
                                <= HOPPER_OPT_IN);
            }
            // the generic kernel keeps to the default whatever the allowance
            KernelPlan generic =
                    new KernelPlan(CovarianceType.DIAG, 16, 64, precision, HOPPER_OPT_IN);
            assertEquals(0, generic.tiledDims());
            assertTrue(
                    generic.sharedBytes() + KernelPlan.STATIC_SHARED_BYTES
                            <= KernelPlan.SHARED_BYTES);
        }
    }

    @Test
    void fullAndTiedUpToThirtyTwoDimensionsUseTheSmallestTiledKernelThatHoldsThem() {
        for (Precision precision : Precision.values()) {
            for (CovarianceType type : CovarianceType.values()) {
                for (int d = 1; d <= 40; d++) {
                    KernelPlan plan = new KernelPlan(type, d, 16, precision);
                    int expected =
                            !type.needsCrossMoments() || d > 32
                                    ? 0
                                    : d <= 4 ? 4 : d <= 8 ? 8 : d <= 16 ? 16 : 32;
                    assertEquals(expected, plan.tiledDims(), type + " d=" + d + " " + precision);
                    assertEquals(
                            expected == 0 ? "gmm_statistics" : "gmm_statistics_d" + expected,
                            plan.statisticsKernel());
                    assertTrue(
                            plan.statisticsSharedBytes() + KernelPlan.STATIC_SHARED_BYTES
                                    <= KernelPlan.SHARED_BYTES);
                }
            }
        }
    }

    @Test
    void manyComponentsThatDoNotFitTheTiledKernelsSharedMemoryFallBackToTheGenericKernel() {
        KernelPlan plan = new KernelPlan(CovarianceType.FULL, 16, 200, Precision.DOUBLE);
        assertEquals(0, plan.tiledDims());
        assertTrue(
                plan.statisticsSharedBytes() + KernelPlan.STATIC_SHARED_BYTES
                        <= KernelPlan.SHARED_BYTES);
    }

    @Test
    void theTiledLayoutPadsMeansAndPrecisionFactorsWithZeros() {
        ConformanceCase c =
                new ConformanceCase(
                        3, 2, CovarianceType.FULL, Precision.FLOAT, false, 0.0, false, 50, 3);
        MixtureParameters p = c.parameters().parameters();
        KernelPlan plan = KernelPlan.of(p, Precision.FLOAT);
        assertEquals(4, plan.tiledDims());
        double[] means = plan.tiledMeans(p);
        double[] prec = plan.tiledPrecision(p);
        for (int comp = 0; comp < 2; comp++) {
            for (int i = 0; i < 4; i++) {
                assertEquals(i < 3 ? p.means()[comp * 3 + i] : 0.0, means[comp * 4 + i]);
                for (int j = 0; j < 4; j++) {
                    assertEquals(
                            i < 3 && j < 3 ? p.precision()[(comp * 3 + i) * 3 + j] : 0.0,
                            prec[(comp * 4 + i) * 4 + j]);
                }
            }
        }
    }

    @Test
    void gridHasNoMoreBlocksThanTiles() {
        KernelPlan plan = new KernelPlan(CovarianceType.DIAG, 4, 2, Precision.DOUBLE);
        assertEquals(1, plan.blocks(1, 528));
        assertEquals(2, plan.blocks(plan.tileRows() + 1, 528));
        assertEquals(528, plan.blocks(10_000_000, 528));
    }

    /**
     * A float device subtracts the means rounded to float; the statistics it returns, re-expressed
     * about the exact means, equal the CPU's about those means (offset 170, where the rounding is
     * about 1e-5 per coordinate).
     */
    @ParameterizedTest
    @EnumSource(CovarianceType.class)
    void statisticsAboutFloatRoundedMeansAreReexpressedAboutTheMeans(CovarianceType type) {
        ConformanceCase c =
                new ConformanceCase(3, 2, type, Precision.FLOAT, true, 170.0, false, 500, 11);
        ArrayChunk rows = c.data();
        MixtureParameters p = c.parameters().parameters();
        SufficientStatistics expected;
        try (CpuBackend cpu = new CpuBackend(Precision.DOUBLE, 1);
                ResidentChunk r = cpu.load(rows)) {
            expected = cpu.accumulate(r, p);
        }
        KernelPlan plan = KernelPlan.of(p, Precision.FLOAT);
        double[] shifts = plan.deviceValues(p.means());
        double[] slot = slotAbout(rows, p, expected, shifts, plan);
        SufficientStatistics actual = plan.statistics(slot, p, shifts, rows.rows());
        assertTrue(
                actual.differenceFrom(expected).max() < 1e-12,
                actual.differenceFrom(expected).toString());
        assertTrue(p.means()[0] != shifts[0], "the case must round its means");
    }

    /**
     * The slot a device would return: N, S, Q about {@code shifts}, with the CPU's
     * responsibilities.
     */
    private static double[] slotAbout(
            ArrayChunk rows,
            MixtureParameters p,
            SufficientStatistics cpu,
            double[] shifts,
            KernelPlan plan) {
        int n = rows.rows();
        int d = p.dimensions();
        int k = p.components();
        boolean cross = p.covarianceType().needsCrossMoments();
        double[] x = new double[n * d];
        double[] w = new double[n];
        rows.copyRows(0, n, x, 0);
        rows.copyWeights(0, n, w, 0);
        double[] logp = new double[k];
        double[] scratch = new double[p.scratchLength()];
        int e = plan.entriesPerComponent();
        double[] slot = new double[plan.slotLength()];
        for (int i = 0; i < n; i++) {
            p.logJoint(x, i * d, logp, 0, scratch);
            double l = MixtureParameters.logSumExp(logp, 0, k);
            for (int c = 0; c < k; c++) {
                double a = w[i] * Math.exp(logp[c] - l);
                int at = c * e;
                slot[at++] += a;
                for (int j = 0; j < d; j++) {
                    slot[at++] += a * (x[i * d + j] - shifts[c * d + j]);
                }
                for (int r = 0; r < d; r++) {
                    for (int j = r; j < (cross ? d : r + 1); j++) {
                        slot[at++] +=
                                a
                                        * (x[i * d + r] - shifts[c * d + r])
                                        * (x[i * d + j] - shifts[c * d + j]);
                    }
                }
            }
        }
        slot[k * e] = cpu.logLikelihood();
        slot[k * e + 1] = cpu.totalWeight();
        return slot;
    }

    /** Records a launch's arguments as kinds: "buffer" (null or not) or "int". */
    private static final class Kinds implements KernelPlan.Args<Object> {
        final List<String> kinds = new ArrayList<>();

        @Override
        public Kinds buffer(Object b) {
            kinds.add("buffer");
            return this;
        }

        @Override
        public Kinds integer(int v) {
            kinds.add("int");
            return this;
        }
    }

    /**
     * The kinds of a kernel's parameters as {@code gmm.cu} declares them, less the dynamic local
     * memory: a pointer is a buffer, anything else an int.
     */
    private static List<String> declared(String source, String kernel) {
        int at = source.indexOf("void " + kernel + "(");
        assertTrue(at >= 0, kernel + " is not in gmm.cu");
        int open = source.indexOf('(', at);
        int depth = 0;
        int close = open;
        for (int i = open; i < source.length(); i++) {
            char ch = source.charAt(i);
            depth += ch == '(' ? 1 : ch == ')' ? -1 : 0;
            if (depth == 0) {
                close = i;
                break;
            }
        }
        String params =
                source.substring(open + 1, close)
                        .replace("\\\n", " ")
                        .replaceAll("DYNAMIC_LOCAL_PARAM\\([^)]*\\)", "");
        List<String> kinds = new ArrayList<>();
        for (String p : params.split(",")) {
            kinds.add(p.contains("*") ? "buffer" : "int");
            assertTrue(p.contains("*") || p.trim().startsWith("int "), kernel + ": " + p);
        }
        return kinds;
    }

    @Test
    void launchArgumentsMatchTheKernelsDeclarations() throws java.io.IOException {
        String source =
                java.nio.file.Files.readString(java.nio.file.Path.of("src/main/cuda/gmm.cu"));
        for (CovarianceType type : CovarianceType.values()) {
            for (int d : new int[] {2, 16, 40}) {
                KernelPlan plan = new KernelPlan(type, d, 5, Precision.DOUBLE);
                Kinds stats = new Kinds();
                plan.statisticsArgs(stats, 100, "x", null, "m", "p", "l", "g", "out");
                String kernel =
                        plan.tiledDims() > 0 ? "gmm_statistics_d##DM" : plan.statisticsKernel();
                assertEquals(declared(source, kernel), stats.kinds, type + " d=" + d);
                Kinds scores = new Kinds();
                plan.scoreArgs(scores, 100, "x", "m", "p", "l", "ll", "lab", null);
                assertEquals(declared(source, "gmm_score"), scores.kinds);
                Kinds sum = new Kinds();
                plan.reduceArgs(sum, "parts", 3, "out");
                assertEquals(declared(source, "gmm_reduce"), sum.kinds);
            }
        }
    }

    @Test
    void gemmPassLaunchArgumentsMatchTheKernelsDeclarations() throws java.io.IOException {
        String source =
                java.nio.file.Files.readString(java.nio.file.Path.of("src/main/cuda/gmm.cu"));
        java.util.Set<String> launched = new java.util.TreeSet<>();
        GemmPass.Device<Object> device =
                new GemmPass.Device<>() {
                    @Override
                    public GemmPass.Launch<Object> kernel(String name) {
                        return new Recorded(name, source, launched);
                    }

                    @Override
                    public GemmPass.Blas<Object> blas() {
                        return (ta,
                                tb,
                                m,
                                n,
                                k,
                                a,
                                ao,
                                lda,
                                sa,
                                b,
                                bo,
                                ldb,
                                sb,
                                c,
                                co,
                                ldc,
                                sc,
                                batch) -> {};
                    }

                    @Override
                    public double[] read(Object buffer, int count) {
                        return new double[count];
                    }
                };
        for (CovarianceType type :
                new CovarianceType[] {CovarianceType.FULL, CovarianceType.TIED}) {
            for (Object w : new Object[] {null, "w"}) {
                new GemmPass(type, 40, 5, Precision.DOUBLE, 16, 48)
                        .run(
                                device,
                                new GemmPass.Workspace<>("z", "y", "a", "g", "sums", "lw"),
                                100,
                                "x",
                                w,
                                "m",
                                "p",
                                "l");
            }
        }
        assertEquals(new java.util.TreeSet<>(GemmPass.KERNELS), launched);
    }

    @Test
    void theGemmPassIsOffUnlessAskedFor() {
        KernelPlan plan = new KernelPlan(CovarianceType.FULL, 64, 16, Precision.FLOAT);
        assertEquals(0, plan.tiledDims());
        assertTrue(!plan.gemm(), "the cuBLAS path has not run on a GPU and stays opt-in");
        assertTrue(KernelPlan.paths().contains("not yet verified on a GPU"), KernelPlan.paths());
    }

    /** A launch that checks its arguments against the kernel's declaration when it runs. */
    private static final class Recorded implements GemmPass.Launch<Object> {
        private final String name;
        private final String source;
        private final java.util.Set<String> launched;
        private final Kinds kinds = new Kinds();

        Recorded(String name, String source, java.util.Set<String> launched) {
            this.name = name;
            this.source = source;
            this.launched = launched;
        }

        @Override
        public Recorded buffer(Object b) {
            kinds.buffer(b);
            return this;
        }

        @Override
        public Recorded integer(int v) {
            kinds.integer(v);
            return this;
        }

        @Override
        public void run(int blocks) {
            assertTrue(blocks >= 1, name + " on " + blocks + " blocks");
            assertEquals(declared(source, name), kinds.kinds, name);
            launched.add(name);
        }
    }
}
