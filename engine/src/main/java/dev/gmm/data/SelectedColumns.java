/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.data;

import dev.gmm.engine.data.ForwardingDataChunk;
import dev.gmm.engine.data.ForwardingDataSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Some columns of another source, in a given order: the columns a model was fitted on, picked by
 * name from a file that has them in another order or has more. Closing it closes the source.
 */
public final class SelectedColumns extends ForwardingDataSource {

    private final int[] picked;
    private final List<String> names;

    /** Columns {@code picked} (0-based indices into {@code source}'s columns), in that order. */
    public SelectedColumns(DataSource source, int[] picked) {
        super(source);
        this.picked = picked.clone();
        List<String> all = source.columns();
        this.names = new ArrayList<>(picked.length);
        for (int j : picked) {
            names.add(all.get(j));
        }
    }

    @Override
    public int dims() {
        return picked.length;
    }

    @Override
    public DataChunk chunk(int index) {
        return new Chunk(source().chunk(index), picked);
    }

    @Override
    public List<String> columns() {
        return names;
    }

    /** None: the picked columns are copied out in double and rounded, if at all, by the reader. */
    @Override
    public double[] storageOffset() {
        return null;
    }

    @Override
    public long bytes() {
        return source().bytes() / Math.max(1, source().dims()) * picked.length;
    }

    /** Gathers the picked columns a block of rows at a time. */
    private static final class Chunk extends ForwardingDataChunk {
        private static final int BLOCK = 1024;
        private final int[] picked;

        Chunk(DataChunk inner, int[] picked) {
            super(inner);
            this.picked = picked;
        }

        @Override
        public int dims() {
            return picked.length;
        }

        @Override
        public void copyRows(int from, int count, double[] dst, int dstOff) {
            int all = chunk().dims();
            int d = picked.length;
            double[] block = new double[Math.min(count, BLOCK) * all];
            for (int r = 0; r < count; r += BLOCK) {
                int n = Math.min(BLOCK, count - r);
                chunk().copyRows(from + r, n, block, 0);
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < d; j++) {
                        dst[dstOff + (r + i) * d + j] = block[i * all + picked[j]];
                    }
                }
            }
        }

        @Override
        public void copyRows(int from, int count, float[] dst, int dstOff) {
            int d = picked.length;
            double[] rows = new double[Math.min(count, BLOCK) * d];
            for (int r = 0; r < count; r += BLOCK) {
                int n = Math.min(BLOCK, count - r);
                copyRows(from + r, n, rows, 0);
                for (int i = 0; i < n * d; i++) {
                    dst[dstOff + r * d + i] = (float) rows[i];
                }
            }
        }

        @Override
        public double[] storageOffset() {
            return null;
        }
    }
}
