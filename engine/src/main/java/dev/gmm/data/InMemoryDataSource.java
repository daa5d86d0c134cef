/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.data;

import dev.gmm.GmmException;
import dev.gmm.Precision;
import dev.gmm.engine.data.ArrayChunk;
import java.util.List;

/** Rows on the heap, checked once (finite values, valid weights) and cut into equal chunks. */
public final class InMemoryDataSource implements DataSource {

    /** Rows per chunk when unspecified: one chunk up to 256 MiB of rows. */
    private static final long DEFAULT_CHUNK_BYTES = 256L << 20;

    private final String name;
    private final int dims;
    private final int rows;
    private final double[] doubles;
    private final float[] floats;
    private final double[] weights;
    private final int chunkRows;
    private final List<String> columns;
    private final double[] shift;

    private InMemoryDataSource(
            String name,
            int dims,
            int rows,
            double[] doubles,
            float[] floats,
            double[] weights,
            int chunkRows,
            List<String> columns) {
        this(name, dims, rows, doubles, floats, weights, chunkRows, columns, null);
    }

    private InMemoryDataSource(
            String name,
            int dims,
            int rows,
            double[] doubles,
            float[] floats,
            double[] weights,
            int chunkRows,
            List<String> columns,
            double[] shift) {
        if (shift != null && shift.length != dims) {
            throw GmmException.input(shift.length + " offsets for " + dims + " columns");
        }
        this.shift = shift == null ? null : shift.clone();
        if (columns != null && columns.size() != dims) {
            throw GmmException.input(columns.size() + " column names for " + dims + " columns");
        }
        this.name = name;
        this.columns = columns == null ? null : List.copyOf(columns);
        this.dims = dims;
        this.rows = rows;
        this.doubles = doubles;
        this.floats = floats;
        this.weights = weights;
        int bytesPerRow = dims * (doubles != null ? Double.BYTES : Float.BYTES);
        this.chunkRows =
                chunkRows > 0
                        ? chunkRows
                        : (int) Math.max(1, Math.min(rows, DEFAULT_CHUNK_BYTES / bytesPerRow));
        validate();
    }

    /** Row-major doubles, {@code rows x dims}; weights may be null. */
    public static InMemoryDataSource ofDoubles(
            String name, double[] data, int dims, double[] weights) {
        return ofDoubles(name, data, dims, weights, 0);
    }

    /**
     * As {@link #ofDoubles(String, double[], int, double[])} with a chunk size (0: the default).
     */
    public static InMemoryDataSource ofDoubles(
            String name, double[] data, int dims, double[] weights, int chunkRows) {
        checkShape(name, data.length, dims, weights);
        return new InMemoryDataSource(
                name, dims, data.length / dims, data, null, weights, chunkRows, null);
    }

    /** Row-major floats, {@code rows x dims}; weights may be null. */
    public static InMemoryDataSource ofFloats(
            String name, float[] data, int dims, double[] weights, int chunkRows) {
        checkShape(name, data.length, dims, weights);
        return new InMemoryDataSource(
                name, dims, data.length / dims, null, data, weights, chunkRows, null);
    }

    /**
     * The first {@code rows} rows of {@code data}, whose tail may be unused capacity (a reader that
     * grew the array as it went need not copy it to trim), with column names; weights may be longer
     * than {@code rows} too.
     */
    public static InMemoryDataSource ofDoubles(
            String name,
            double[] data,
            int dims,
            int rows,
            double[] weights,
            int chunkRows,
            List<String> columns) {
        checkCapacity(name, data.length, dims, rows, weights);
        return new InMemoryDataSource(name, dims, rows, data, null, weights, chunkRows, columns);
    }

    /**
     * As {@link #ofDoubles(String, double[], int, int, double[], int, List)}, rows kept as floats.
     */
    public static InMemoryDataSource ofFloats(
            String name,
            float[] data,
            int dims,
            int rows,
            double[] weights,
            int chunkRows,
            List<String> columns) {
        return ofFloats(name, data, dims, rows, weights, chunkRows, columns, null);
    }

    /**
     * As {@link #ofFloats(String, float[], int, int, double[], int, List)}, each value stored less
     * {@code shift} of its column, a per-column offset kept in double (null: none).
     */
    public static InMemoryDataSource ofFloats(
            String name,
            float[] data,
            int dims,
            int rows,
            double[] weights,
            int chunkRows,
            List<String> columns,
            double[] shift) {
        checkCapacity(name, data.length, dims, rows, weights);
        return new InMemoryDataSource(
                name, dims, rows, null, data, weights, chunkRows, columns, shift);
    }

    /** Rows as arrays of equal length; weights may be null. */
    public static InMemoryDataSource of(String name, double[][] rows, double[] weights) {
        if (rows == null || rows.length == 0) {
            throw GmmException.input(name + ": no rows");
        }
        if (rows[0] == null) {
            throw GmmException.input(name + ": row 0 is null");
        }
        int d = rows[0].length;
        if ((long) rows.length * d > Integer.MAX_VALUE - 8) {
            throw GmmException.input(
                    name
                            + ": "
                            + rows.length
                            + " rows of "
                            + d
                            + " values do not fit one array; use a DataSource");
        }
        double[] flat = new double[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] == null) {
                throw GmmException.input(name + ": row " + i + " is null");
            }
            if (rows[i].length != d) {
                throw GmmException.input(
                        name + ": row " + i + " has " + rows[i].length + " values, row 0 has " + d);
            }
            System.arraycopy(rows[i], 0, flat, i * d, d);
        }
        return ofDoubles(name, flat, d, weights);
    }

    private static void checkShape(String name, int length, int dims, double[] weights) {
        if (dims <= 0) {
            throw GmmException.input(name + ": rows have no columns");
        }
        if (length == 0) {
            throw GmmException.input(name + ": no rows");
        }
        if (length % dims != 0) {
            throw GmmException.input(name + ": " + length + " values do not make rows of " + dims);
        }
        if (weights != null && weights.length != length / dims) {
            throw GmmException.input(
                    name + ": " + weights.length + " weights for " + length / dims + " rows");
        }
    }

    private static void checkCapacity(
            String name, int length, int dims, int rows, double[] weights) {
        if (dims <= 0) {
            throw GmmException.input(name + ": rows have no columns");
        }
        if (rows <= 0) {
            throw GmmException.input(name + ": no rows");
        }
        if ((long) rows * dims > length || weights != null && weights.length < rows) {
            throw GmmException.input(
                    rows
                            + " rows of "
                            + dims
                            + " do not fit arrays of "
                            + length
                            + " values and "
                            + (weights == null ? 0 : weights.length)
                            + " weights");
        }
    }

    private void validate() {
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < dims; j++) {
                double v = doubles != null ? doubles[i * dims + j] : floats[i * dims + j];
                if (!Double.isFinite(v)) {
                    throw GmmException.input(
                            name
                                    + ": row "
                                    + i
                                    + ", column "
                                    + j
                                    + " is "
                                    + v
                                    + "; values must be finite");
                }
            }
        }
        if (weights != null) {
            double total = 0;
            for (int i = 0; i < rows; i++) {
                if (!(weights[i] >= 0) || !Double.isFinite(weights[i])) {
                    throw GmmException.input(
                            name
                                    + ": row "
                                    + i
                                    + " has weight "
                                    + weights[i]
                                    + "; weights must be finite and non-negative");
                }
                total += weights[i];
            }
            if (!(total > 0)) {
                throw GmmException.input(name + ": the row weights sum to zero");
            }
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int dims() {
        return dims;
    }

    @Override
    public long rows() {
        return rows;
    }

    @Override
    public boolean weighted() {
        return weights != null;
    }

    @Override
    public int chunkCount() {
        return (rows + chunkRows - 1) / chunkRows;
    }

    @Override
    public DataChunk chunk(int index) {
        int first = index * chunkRows;
        int count = Math.min(chunkRows, rows - first);
        return doubles != null
                ? ArrayChunk.ofDoubles(doubles, dims, first, count, weights)
                : ArrayChunk.ofFloats(floats, dims, first, count, weights, shift);
    }

    @Override
    public double[] storageOffset() {
        return shift == null ? null : shift.clone();
    }

    @Override
    public List<String> columns() {
        return columns != null ? columns : DataSource.super.columns();
    }

    @Override
    public long bytes() {
        return (long) rows
                * dims
                * (doubles != null ? Precision.DOUBLE.bytes() : Precision.FLOAT.bytes());
    }
}
