/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.data;

import dev.gmm.engine.data.ArrayChunk;
import java.util.SplittableRandom;

/**
 * A seeded uniform sample of rows (all of them when the data is small), in data order, on the heap.
 */
public final class RowSampler {

    /**
     * Sampled rows, row-major, and their weights (null when the data is unweighted). The arrays are
     * handed over, not copied: a sample can be a good part of a small heap.
     */
    public record Sample(double[] rows, double[] weights, int dims) {
        /** Rows in the sample. */
        public int count() {
            return rows.length / dims;
        }

        /** The sample as one chunk on the heap. */
        public ArrayChunk chunk() {
            return ArrayChunk.ofDoubles(rows, dims, 0, count(), weights);
        }
    }

    private RowSampler() {}

    /**
     * Up to {@code max} distinct rows drawn without replacement, with their weights, as doubles.
     */
    public static Sample sample(DataSource source, int max, SplittableRandom rng) {
        long n = source.rows();
        int d = source.dims();
        int m = (int) Math.min(n, max);
        double[] rows = new double[m * d];
        double[] weights = source.weighted() ? new double[m] : null;
        double[] w1 = new double[1];
        int taken = 0;
        long seen = 0;
        // Selection sampling (Knuth's algorithm S): one pass, keeps data order.
        for (int c = 0; c < source.chunkCount() && taken < m; c++) {
            DataChunk chunk = source.chunk(c);
            for (int r = 0; r < chunk.rows() && taken < m; r++, seen++) {
                boolean take = m == n || rng.nextDouble() * (n - seen) < (m - taken);
                if (take) {
                    chunk.copyRows(r, 1, rows, taken * d);
                    if (weights != null) {
                        chunk.copyWeights(r, 1, w1, 0);
                        weights[taken] = w1[0];
                    }
                    taken++;
                }
            }
        }
        return new Sample(rows, weights, d);
    }
}
