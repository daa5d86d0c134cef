/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.engine.fit;

import dev.gmm.GmmException;
import dev.gmm.Precision;
import dev.gmm.data.DataChunk;
import dev.gmm.data.DataSource;
import dev.gmm.engine.data.ForwardingDataChunk;
import dev.gmm.spi.ComputeBackend;
import dev.gmm.spi.MixtureParameters;
import dev.gmm.spi.ResidentChunk;
import dev.gmm.spi.RowScores;
import dev.gmm.spi.ScoreTotals;
import dev.gmm.spi.SufficientStatistics;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ObjIntConsumer;

/**
 * A data source as a backend sees it: every chunk resident when the data fits the backend's budget,
 * otherwise each chunk loaded, used and released on every pass. Statistics merge in chunk order
 * either way, so both give the same numbers.
 *
 * <p>A backend that computes in float sees the rows less a per-column offset kept in double (the
 * source's own storage offset, else the mean of its first rows), and the parameters moved by the
 * same offset; its statistics are moved back on the host. Data far from the origin (1e9 + N(0, 1))
 * then loses to float rounding only what centred data would.
 */
public final class ChunkSet implements AutoCloseable {

    private final ComputeBackend backend;
    private final DataSource source;
    private final List<ResidentChunk> resident;

    /** What the backend's rows are relative to; null when it sees them as they are. */
    private final double[] offset;

    public ChunkSet(ComputeBackend backend, DataSource source) {
        this.backend = backend;
        this.source = source;
        this.offset = backend.info().precision() == Precision.FLOAT ? floatOffset(source) : null;
        if (source.bytes() <= backend.residentBudgetBytes()) {
            resident = new ArrayList<>(source.chunkCount());
            try {
                for (int c = 0; c < source.chunkCount(); c++) {
                    resident.add(backend.load(chunk(c)));
                }
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        } else {
            resident = null;
        }
    }

    /** Rows a float offset is taken from: enough for a mean good to far below the data's spread. */
    private static final int OFFSET_ROWS = 1 << 16;

    /** The source's storage offset, else the mean of its first rows, in double. */
    private static double[] floatOffset(DataSource source) {
        double[] stored = source.storageOffset();
        if (stored != null) {
            return stored;
        }
        int d = source.dims();
        DataChunk first = source.chunk(0);
        int n = Math.min(first.rows(), OFFSET_ROWS);
        double[] rows = new double[n * d];
        first.copyRows(0, n, rows, 0);
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                mean[j] += rows[i * d + j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        return mean;
    }

    private DataChunk chunk(int c) {
        DataChunk chunk = source.chunk(c);
        return offset == null ? chunk : new Relative(chunk, offset);
    }

    private MixtureParameters forBackend(MixtureParameters p) {
        return offset == null ? p : p.translated(offset);
    }

    /** Whether the rows are streamed every pass rather than held. */
    public boolean streaming() {
        return resident == null;
    }

    /** One statistics pass over all rows. */
    public SufficientStatistics accumulate(MixtureParameters p) {
        MixtureParameters q = forBackend(p);
        SufficientStatistics total = SufficientStatistics.zero(q);
        for (int c = 0; c < source.chunkCount(); c++) {
            if (resident != null) {
                total.merge(backend.accumulate(resident.get(c), q));
            } else {
                total.merge(backend.accumulateStreamed(chunk(c), q));
            }
        }
        return offset == null ? total : total.untranslated(p);
    }

    /** Scores every chunk in order, handing each chunk's scores and index to {@code sink}. */
    public void score(
            MixtureParameters p, boolean responsibilities, ObjIntConsumer<RowScores> sink) {
        MixtureParameters q = forBackend(p);
        for (int c = 0; c < source.chunkCount(); c++) {
            ResidentChunk chunk = resident != null ? resident.get(c) : backend.load(chunk(c));
            try {
                RowScores out = new RowScores(chunk.rows(), p.components(), responsibilities);
                backend.score(chunk, q, out);
                sink.accept(out, c);
            } finally {
                if (resident == null) {
                    chunk.close();
                }
            }
        }
    }

    /** Rows the entropy pass scores at a time, so its responsibilities stay small. */
    private static final int ENTROPY_ROWS = 1 << 14;

    /**
     * Rows it scores at a time once the backend writes the entropy itself and no responsibilities
     * are needed: few enough for small arrays, many enough that a slice keeps every thread busy.
     */
    private static final int SCORE_ROWS = 1 << 18;

    /**
     * One scoring pass over all rows, in slices of {@link #ENTROPY_ROWS} rows, or of {@link
     * #SCORE_ROWS} once the backend shows it writes each row's entropy.
     */
    public ScoreTotals scored(MixtureParameters p) {
        MixtureParameters q = forBackend(p);
        int k = p.components();
        long rows = 0;
        double weight = 0;
        double logLikelihood = 0;
        double entropy = 0;
        // responsibilities only until the backend shows it writes each row's entropy itself
        boolean backendEntropy = false;
        for (int c = 0; c < source.chunkCount(); c++) {
            DataChunk chunk = chunk(c);
            for (int from = 0, n; from < chunk.rows(); from += n) {
                n = Math.min(backendEntropy ? SCORE_ROWS : ENTROPY_ROWS, chunk.rows() - from);
                RowScores out = new RowScores(n, k, !backendEntropy, true);
                try (ResidentChunk slice = backend.load(new Slice(chunk, from, n))) {
                    backend.score(slice, q, out);
                }
                if (!out.hasEntropy() && backendEntropy) {
                    throw new GmmException(
                            GmmException.Category.INTERNAL,
                            backend.info().backend()
                                    + " wrote the rows' entropy for one slice only");
                }
                backendEntropy = out.hasEntropy();
                double[] h = backendEntropy ? out.entropy() : null;
                double[] r = out.responsibilities();
                double[] l = out.logDensity();
                double[] w = null;
                if (chunk.weighted()) {
                    w = new double[n];
                    chunk.copyWeights(from, n, w, 0);
                }
                for (int i = 0; i < n; i++) {
                    double wi = w == null ? 1 : w[i];
                    if (wi == 0) {
                        continue;
                    }
                    double e = 0;
                    if (h != null) {
                        e = h[i];
                    } else {
                        for (int j = i * k; j < i * k + k; j++) {
                            if (r[j] > 0) {
                                e -= r[j] * Math.log(r[j]);
                            }
                        }
                    }
                    entropy += wi * e;
                    logLikelihood += wi * l[i];
                    weight += wi;
                }
                rows += n;
            }
        }
        return new ScoreTotals(rows, weight, logLikelihood, entropy);
    }

    /** Rows {@code [from, from + rows)} of a chunk. */
    private static final class Slice extends ForwardingDataChunk {
        private final int from;
        private final int rows;

        Slice(DataChunk inner, int from, int rows) {
            super(inner);
            this.from = from;
            this.rows = rows;
        }

        @Override
        public int rows() {
            return rows;
        }

        @Override
        public void copyRows(int at, int count, double[] dst, int dstOff) {
            super.copyRows(from + at, count, dst, dstOff);
        }

        @Override
        public void copyRows(int at, int count, float[] dst, int dstOff) {
            super.copyRows(from + at, count, dst, dstOff);
        }

        @Override
        public void copyWeights(int at, int count, double[] dst, int dstOff) {
            super.copyWeights(from + at, count, dst, dstOff);
        }
    }

    /** A chunk as a float backend sees it: every row less the offset, in double before rounding. */
    private static final class Relative extends ForwardingDataChunk {
        private final double[] offset;

        Relative(DataChunk inner, double[] offset) {
            super(inner);
            this.offset = offset;
        }

        @Override
        public void copyRows(int from, int count, double[] dst, int dstOff) {
            super.copyRows(from, count, dst, dstOff);
            int d = offset.length;
            for (int i = 0; i < count * d; i += d) {
                for (int j = 0; j < d; j++) {
                    dst[dstOff + i + j] -= offset[j];
                }
            }
        }

        @Override
        public void copyRows(int from, int count, float[] dst, int dstOff) {
            chunk().copyRowsRelative(from, count, offset, dst, dstOff);
        }
    }

    @Override
    public void close() {
        if (resident != null) {
            for (ResidentChunk c : resident) {
                c.close();
            }
            resident.clear();
        }
    }
}
