/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.engine.cpu;

import dev.gmm.GmmException;
import dev.gmm.Precision;
import dev.gmm.data.DataChunk;
import dev.gmm.spi.BackendInfo;
import dev.gmm.spi.ComputeBackend;
import dev.gmm.spi.MixtureParameters;
import dev.gmm.spi.ResidentChunk;
import dev.gmm.spi.RowScores;
import dev.gmm.spi.SufficientStatistics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The pure-Java backend and the reference every device backend is checked against. One fused pass
 * per step: for each row, the log densities of all components, log-sum-exp, responsibilities and
 * the weighted sums, with no {@code n x K} matrix.
 *
 * <p>Rows are cut into partitions whose boundaries depend only on the chunk size, never on the
 * thread count; each partition accumulates alone and the partials are added in partition order, so
 * a result is bit-for-bit the same on 1 thread or 64. Arithmetic is in double; with {@link
 * Precision#FLOAT} the rows are rounded to float as they are read, as a float device would see
 * them.
 */
public final class CpuBackend implements ComputeBackend {

    /**
     * Rows per block: a block's transposed rows and two working copies stay in L2 up to d = 64, and
     * 288 is a whole number of the vector transform's row groups (three or four vectors of 2, 4 or
     * 8 lanes), so no block but a partition's last leaves rows to the portable loops.
     */
    static final int BLOCK_ROWS = 288;

    /** Partitions per chunk at most; with the minimum below, this fixes the merge order. */
    static final int MAX_PARTITIONS = 64;

    static final int MIN_PARTITION_ROWS = 4 * BLOCK_ROWS;

    /**
     * Multiply-adds of one pass (rows x K x d(d+1)/2) from which the vector kernels are warmed up
     * before the first pass: enough that the pass would spend longer uncompiled than the 0.3 s the
     * warm-up takes.
     */
    static final double WARM_UP_WORK = 5e8;

    /**
     * Rows x K of a pass from which, for d up to {@link SmallLoops#MAX_D}, the pass itself is first
     * run on a few rows {@link #SMALL_WARM_UP_CALLS} times (once per JVM, a few hundredths of a
     * second): the JIT then compiles the loops from short calls instead of replacing them mid-loop
     * on the large pass (figures in bench/README.md).
     */
    static final double SMALL_WARM_UP_WORK = 1e6;

    static final int SMALL_WARM_UP_CALLS = 1500;
    private static final int SMALL_WARM_UP_ROWS = 16;
    private static final AtomicBoolean SMALL_WARMED = new AtomicBoolean();

    private static final boolean VECTOR_MODULE =
            ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    /**
     * Whether the {@link VectorKernels} are used by default: only when the JVM was started with
     * {@code --add-modules jdk.incubator.vector} and the CPU has FMA instructions, whose software
     * fallback would make them hundreds of times slower than the portable loops; {@code
     * -Dgmm.cpu.vector=false} turns them off.
     */
    static final boolean VECTOR_AVAILABLE =
            VECTOR_MODULE
                    && CpuFeatures.FMA
                    && !"false".equalsIgnoreCase(System.getProperty("gmm.cpu.vector"));

    /** Why {@link #VECTOR_AVAILABLE} is false, for a test that skips. */
    static final String NO_VECTOR_REASON =
            "the Vector API kernels need --add-modules jdk.incubator.vector, a CPU with FMA"
                    + " instructions, and no -Dgmm.cpu.vector=false";

    private final Precision precision;
    private final boolean vector;
    private final int threads;
    private final ExecutorService pool;
    private final ThreadLocal<BlockPass> passes = new ThreadLocal<>();

    public CpuBackend(Precision precision, int threads) {
        this(precision, threads, VECTOR_AVAILABLE);
    }

    /** With {@code vector} false, the portable kernels only, whatever the JVM offers. */
    CpuBackend(Precision precision, int threads, boolean vector) {
        if (vector && !VECTOR_AVAILABLE) {
            throw new IllegalStateException(NO_VECTOR_REASON);
        }
        this.precision = precision;
        this.vector = vector;
        this.threads = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        this.pool =
                this.threads > 1
                        ? Executors.newFixedThreadPool(
                                this.threads,
                                r -> {
                                    Thread t = new Thread(r, "gmm-cpu");
                                    t.setDaemon(true);
                                    return t;
                                })
                        : null;
    }

    @Override
    public BackendInfo info() {
        long heap = Runtime.getRuntime().maxMemory() >> 20;
        return new BackendInfo(
                "cpu",
                "Java "
                        + Runtime.version().feature()
                        + ", "
                        + threads
                        + " threads"
                        + (vector ? ", Vector API" : ""),
                precision,
                "heap up to " + heap + " MiB",
                VECTOR_MODULE && !CpuFeatures.FMA
                        ? List.of(
                                "this CPU has no FMA instructions (or the JVM was told so): the Vector"
                                        + " API kernels are off and the portable loops run instead")
                        : List.of());
    }

    @Override
    public ResidentChunk load(DataChunk rows) {
        return new Resident(rows);
    }

    @Override
    public SufficientStatistics accumulate(ResidentChunk chunk, MixtureParameters p) {
        DataChunk data = data(chunk, p);
        warmUp(data, p);
        List<SufficientStatistics> partials =
                runPartitions(
                        data.rows(),
                        (from, to) -> {
                            SufficientStatistics st = SufficientStatistics.zero(p);
                            pass(p).statistics(data, p, from, to, st);
                            return st;
                        });
        SufficientStatistics total = SufficientStatistics.zero(p);
        for (SufficientStatistics st : partials) {
            total.merge(st);
        }
        return total;
    }

    @Override
    public void score(ResidentChunk chunk, MixtureParameters p, RowScores out) {
        DataChunk data = data(chunk, p);
        if (out.rows() != data.rows() || out.components() != p.components()) {
            throw new IllegalArgumentException(
                    "scores sized for "
                            + out.rows()
                            + " x "
                            + out.components()
                            + ", chunk is "
                            + data.rows()
                            + " x "
                            + p.components());
        }
        warmUp(data, p);
        runPartitions(
                data.rows(),
                (from, to) -> {
                    pass(p).score(data, p, from, to, out);
                    return null;
                });
        if (out.entropy() != null) {
            out.markEntropy();
        }
    }

    /** Before a large pass, see that its kernels are compiled (once per JVM). */
    private void warmUp(DataChunk data, MixtureParameters p) {
        int d = p.dimensions();
        int rows = data.rows();
        if (vector
                && d >= VectorKernels.MIN_D
                && (double) rows * p.components() * d * (d + 1) / 2 >= WARM_UP_WORK) {
            if (p.covarianceType().needsCrossMoments()) {
                WarmedUpCross.ensure();
            } else {
                WarmedUpDiagonal.ensure();
            }
        }
        if (d <= SmallLoops.MAX_D
                && (double) rows * p.components() >= SMALL_WARM_UP_WORK
                && SMALL_WARMED.compareAndSet(false, true)) {
            BlockPass pass = pass(p);
            for (int i = 0; i < SMALL_WARM_UP_CALLS; i++) {
                pass.statistics(data, p, 0, SMALL_WARM_UP_ROWS, SufficientStatistics.zero(p));
            }
        }
    }

    /**
     * Class initialisation runs the warm-up exactly once, and other callers wait for it: one class
     * for the kernels of full and tied covariances, one for those of diagonal and spherical ones.
     */
    private static final class WarmedUpCross {
        static {
            VectorKernels.warmUp(true);
        }

        static void ensure() {
            // initialising the class is the work
        }
    }

    private static final class WarmedUpDiagonal {
        static {
            VectorKernels.warmUp(false);
        }

        static void ensure() {
            // initialising the class is the work
        }
    }

    /** This thread's block buffers, made again only when the shape changes. */
    private BlockPass pass(MixtureParameters p) {
        BlockPass pass = passes.get();
        if (pass == null || !pass.fits(precision, vector, p.dimensions(), p.components())) {
            pass = new BlockPass(precision, vector, p.dimensions(), p.components(), BLOCK_ROWS);
            passes.set(pass);
        }
        return pass;
    }

    private static DataChunk data(ResidentChunk chunk, MixtureParameters p) {
        DataChunk data = ((Resident) chunk).data;
        p.requireDimensions(data.dims());
        return data;
    }

    private interface RangeTask<T> {
        T run(int from, int to);
    }

    /** Runs {@code task} on fixed partitions of {@code [0, rows)}; results in partition order. */
    private <T> List<T> runPartitions(int rows, RangeTask<T> task) {
        int partRows = Math.max(MIN_PARTITION_ROWS, (rows + MAX_PARTITIONS - 1) / MAX_PARTITIONS);
        partRows = (partRows + BLOCK_ROWS - 1) / BLOCK_ROWS * BLOCK_ROWS;
        int parts = Math.max(1, (rows + partRows - 1) / partRows);
        List<T> out = new ArrayList<>(parts);
        if (pool == null || parts == 1) {
            for (int i = 0; i < parts; i++) {
                out.add(task.run(i * partRows, Math.min(rows, (i + 1) * partRows)));
            }
            return out;
        }
        List<Callable<T>> calls = new ArrayList<>(parts);
        for (int i = 0; i < parts; i++) {
            int from = i * partRows;
            int to = Math.min(rows, from + partRows);
            calls.add(() -> task.run(from, to));
        }
        try {
            for (Future<T> f : pool.invokeAll(calls)) {
                out.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GmmException(GmmException.Category.INTERNAL, "interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new GmmException(
                    GmmException.Category.INTERNAL,
                    "CPU backend worker failed: " + e.getCause(),
                    e.getCause());
        }
        return out;
    }

    private static final class Resident implements ResidentChunk {
        private final DataChunk data;

        Resident(DataChunk data) {
            this.data = data;
        }

        @Override
        public int rows() {
            return data.rows();
        }

        @Override
        public void close() {
            // the rows stay wherever the data source keeps them
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
