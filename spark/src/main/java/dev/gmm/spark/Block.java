/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.spark;

import dev.gmm.GmmException;
import dev.gmm.data.DataSource;
import dev.gmm.data.InMemoryDataSource;
import java.io.Serializable;
import java.util.Arrays;

/**
 * One partition's rows, packed once into a row-major array (and its weights), as the engine's
 * backends read them; cached by Spark and read by every EM step.
 */
final class Block implements Serializable {

    private static final long serialVersionUID = 1L;

    final int partition;
    final int rows;
    final int dims;
    final double[] values;

    /** Null when unweighted. */
    final double[] weights;

    /** Whether no row has positive weight (an empty partition among them). */
    final boolean weightless;

    /**
     * The rows as the engine reads them, made once per copy of the block: a pass reads a cached
     * block many times, and making the source checks every value again.
     */
    private transient DataSource source;

    Block(int partition, int rows, int dims, double[] values, double[] weights) {
        this.partition = partition;
        this.rows = rows;
        this.dims = dims;
        this.values = values;
        this.weights = weights;
        this.weightless =
                rows == 0 || weights != null && Arrays.stream(weights).allMatch(w -> w == 0);
    }

    /** The rows as a data source, made on first use. */
    DataSource source() {
        DataSource s = source;
        if (s == null) {
            s = InMemoryDataSource.ofDoubles("partition " + partition, values, dims, weights);
            source = s;
        }
        return s;
    }

    /** All of {@code source}'s rows as partition {@code partition}'s block. */
    static Block of(int partition, DataSource source) {
        if (source.rows() * source.dims() > Integer.MAX_VALUE - 8) {
            throw GmmException.input(
                    source.name()
                            + ": a partition holds more rows than one array; use more partitions");
        }
        int n = (int) source.rows();
        int d = source.dims();
        double[] values = new double[n * d];
        double[] weights = source.weighted() ? new double[n] : null;
        int at = 0;
        for (int c = 0; c < source.chunkCount(); c++) {
            dev.gmm.data.DataChunk chunk = source.chunk(c);
            chunk.copyRows(0, chunk.rows(), values, at * d);
            if (weights != null) {
                chunk.copyWeights(0, chunk.rows(), weights, at);
            }
            at += chunk.rows();
        }
        return new Block(partition, n, d, values, weights);
    }

    /** Grows as rows are added; {@link #build} trims it. */
    static final class Builder {
        private final int partition;
        private final boolean weighted;
        private int dims = -1;
        private int rows;
        private double[] values = new double[1024];
        private double[] weights;

        Builder(int partition, boolean weighted) {
            this.partition = partition;
            this.weighted = weighted;
            this.weights = weighted ? new double[64] : null;
        }

        void add(double[] row, double weight) {
            if (dims < 0) {
                dims = row.length;
            } else if (row.length != dims) {
                throw GmmException.input(
                        "a row has " + row.length + " features, the first had " + dims);
            }
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    throw GmmException.input(
                            where() + " has a feature " + v + "; values must be finite");
                }
            }
            if (weighted && (!(weight >= 0) || !Double.isFinite(weight))) {
                throw GmmException.input(
                        "a weight is " + weight + "; weights must be finite and non-negative");
            }
            long need = (long) (rows + 1) * dims;
            if (need > values.length) {
                if (need > Integer.MAX_VALUE - 8) {
                    throw GmmException.input(
                            "a partition holds more rows than one array; repartition the data");
                }
                values =
                        Arrays.copyOf(
                                values,
                                (int)
                                        Math.min(
                                                Integer.MAX_VALUE - 8,
                                                Math.max(need, 2L * values.length)));
            }
            System.arraycopy(row, 0, values, rows * dims, dims);
            if (weighted) {
                if (rows == weights.length) {
                    weights = Arrays.copyOf(weights, 2 * weights.length);
                }
                weights[rows] = weight;
            }
            rows++;
        }

        /** "partition P, row R" (both 0-based), for messages. */
        private String where() {
            return "partition " + partition + ", row " + rows;
        }

        Block build() {
            int d = Math.max(dims, 0);
            return new Block(
                    partition,
                    rows,
                    d,
                    Arrays.copyOf(values, rows * d),
                    weighted ? Arrays.copyOf(weights, rows) : null);
        }
    }
}
