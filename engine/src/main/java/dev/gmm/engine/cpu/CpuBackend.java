package dev.gmm.engine.cpu;

import dev.gmm.engine.GmmException;
import dev.gmm.engine.MixtureParameters;
import dev.gmm.engine.Precision;
import dev.gmm.engine.SufficientStatistics;
import dev.gmm.engine.backend.BackendInfo;
import dev.gmm.engine.backend.ComputeBackend;
import dev.gmm.engine.backend.ResidentChunk;
import dev.gmm.engine.backend.RowScores;
import dev.gmm.engine.data.DataChunk;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The pure-Java backend and the reference every device backend is checked against. One fused
 * pass per step: for each row, the log densities of all components, log-sum-exp,
 * responsibilities and the weighted sums, with no {@code n x K} matrix.
 *
 * <p>Rows are cut into partitions whose boundaries depend only on the chunk size, never on the
 * thread count; each partition accumulates alone and the partials are added in partition order,
 * so a result is bit-for-bit the same on 1 thread or 64. Arithmetic is in double; with
 * {@link Precision#FLOAT} the rows are rounded to float as they are read, as a float device would
 * see them.
 */
public final class CpuBackend implements ComputeBackend {

    /** Rows copied into a thread's double buffer at a time: small enough to stay in L1/L2. */
    static final int BLOCK_ROWS = 256;
    /** Partitions per chunk at most; with the minimum below, this fixes the merge order. */
    static final int MAX_PARTITIONS = 64;
    static final int MIN_PARTITION_ROWS = 4 * BLOCK_ROWS;

    private final Precision precision;
    private final int threads;
    private final ExecutorService pool;

    public CpuBackend(Precision precision, int threads) {
        this.precision = precision;
        this.threads = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        this.pool = this.threads > 1 ? Executors.newFixedThreadPool(this.threads, r -> {
            Thread t = new Thread(r, "gmm-cpu");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    @Override
    public BackendInfo info() {
        long heap = Runtime.getRuntime().maxMemory() >> 20;
        return new BackendInfo("cpu", "Java " + Runtime.version().feature() + ", " + threads + " threads",
                precision, "heap up to " + heap + " MiB", List.of());
    }

    @Override
    public ResidentChunk load(DataChunk rows) {
        return new Resident(rows);
    }

    @Override
    public SufficientStatistics accumulate(ResidentChunk chunk, MixtureParameters p) {
        DataChunk data = data(chunk, p);
        List<SufficientStatistics> partials = runPartitions(data.rows(), (from, to) -> {
            SufficientStatistics st = SufficientStatistics.zero(p);
            new Pass(data, p).statistics(from, to, st);
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
            throw new IllegalArgumentException("scores sized for " + out.rows() + " x " + out.components()
                    + ", chunk is " + data.rows() + " x " + p.components());
        }
        runPartitions(data.rows(), (from, to) -> {
            new Pass(data, p).score(from, to, out);
            return null;
        });
    }

    private static DataChunk data(ResidentChunk chunk, MixtureParameters p) {
        DataChunk data = ((Resident) chunk).data;
        if (data.dims() != p.dimensions()) {
            throw GmmException.input("data has " + data.dims() + " columns, the model has " + p.dimensions() + " dimensions");
        }
        return data;
    }

    private interface RangeTask<T> {
        T run(int from, int to);
    }

    /** Runs {@code task} on fixed partitions of {@code [0, rows)}; results in partition order. */
    private <T> List<T> runPartitions(int rows, RangeTask<T> task) {
        int partRows = Math.max(MIN_PARTITION_ROWS, (rows + MAX_PARTITIONS - 1) / MAX_PARTITIONS);
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
            throw new GmmException(GmmException.Category.INTERNAL, "CPU backend worker failed: " + e.getCause(), e.getCause());
        }
        return out;
    }

    /** One thread's walk over a range of rows, block by block, with its own buffers. */
    private final class Pass {
        private final DataChunk data;
        private final MixtureParameters p;
        private final int d;
        private final int k;
        private final double[] x;
        private final float[] xf;
        private final double[] w;
        private final double[] logp;
        private final double[] scratch;
        private final double[] diff;

        Pass(DataChunk data, MixtureParameters p) {
            this.data = data;
            this.p = p;
            this.d = p.dimensions();
            this.k = p.components();
            this.x = new double[BLOCK_ROWS * d];
            this.xf = precision == Precision.FLOAT ? new float[BLOCK_ROWS * d] : null;
            this.w = new double[BLOCK_ROWS];
            this.logp = new double[BLOCK_ROWS * k];
            this.scratch = new double[p.scratchLength()];
            this.diff = new double[d];
        }

        /** Reads rows [from, from+count) of the range into the block buffers, rounding to float if asked. */
        private void readBlock(int from, int count) {
            if (xf != null) {
                data.copyRows(from, count, xf, 0);
                for (int i = 0; i < count * d; i++) {
                    x[i] = xf[i];
                }
            } else {
                data.copyRows(from, count, x, 0);
            }
            data.copyWeights(from, count, w, 0);
        }

        /** Log densities of row r of the block into logp, turned into responsibilities; returns l_r. */
        private double responsibilities(int r) {
            int o = r * k;
            p.logJoint(x, r * d, logp, o, scratch);
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                max = Math.max(max, logp[o + c]);
            }
            if (max == Double.NEGATIVE_INFINITY) {
                // zero density under every component: no responsibility, and L becomes -inf for the driver to report
                Arrays.fill(logp, o, o + k, 0.0);
                return max;
            }
            // the terms of the log-sum-exp are the unnormalised responsibilities: one exp each
            double sum = 0;
            for (int c = 0; c < k; c++) {
                double e = Math.exp(logp[o + c] - max);
                logp[o + c] = e;
                sum += e;
            }
            for (int c = 0; c < k; c++) {
                logp[o + c] /= sum;
            }
            return max + Math.log(sum);
        }

        void statistics(int from, int to, SufficientStatistics st) {
            for (int b = from; b < to; b += BLOCK_ROWS) {
                int count = Math.min(BLOCK_ROWS, to - b);
                readBlock(b, count);
                for (int r = 0; r < count; r++) {
                    double l = responsibilities(r);
                    st.add(x, r * d, w[r], l, logp, r * k, diff);
                }
            }
        }

        void score(int from, int to, RowScores out) {
            double[] logDensity = out.logDensity();
            int[] labels = out.labels();
            double[] resp = out.responsibilities();
            for (int b = from; b < to; b += BLOCK_ROWS) {
                int count = Math.min(BLOCK_ROWS, to - b);
                readBlock(b, count);
                for (int r = 0; r < count; r++) {
                    int row = b + r;
                    logDensity[row] = responsibilities(r);
                    int best = 0;
                    for (int c = 1; c < k; c++) {
                        if (logp[r * k + c] > logp[r * k + best]) {
                            best = c;
                        }
                    }
                    labels[row] = best;
                    if (resp != null) {
                        System.arraycopy(logp, r * k, resp, row * k, k);
                    }
                }
            }
        }
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
