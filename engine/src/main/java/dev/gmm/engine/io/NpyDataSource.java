/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.engine.io;

import dev.gmm.GmmException;
import dev.gmm.Precision;
import dev.gmm.data.DataChunk;
import dev.gmm.data.DataFiles;
import dev.gmm.data.DataOptions;
import dev.gmm.data.DataSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An NPY file (little-endian float64 or float32, C order, 1-D or 2-D) read in place: each chunk is
 * a region of the file mapped with {@link FileChannel#map} and read straight into the caller's
 * arrays, so the rows never sit on the heap and a file larger than the heap can be fitted. The rows
 * stay in the file's dtype ({@link DataOptions#precision()} does not apply).
 *
 * <p>Columns are named x0, x1, ... and selected by those names or 0-based index. Opening makes one
 * streamed pass that rejects NaN, infinities, bad weights and (for float precision) values beyond
 * float's range; its messages count rows and columns from 0, as numpy's {@code a[i, j]} and {@code
 * --columns} do.
 */
public final class NpyDataSource implements DataSource {

    /** File bytes per mapped chunk when unspecified. */
    static final long DEFAULT_CHUNK_BYTES = 64L << 20;

    /** File bytes one mapping may span at most: well under the 2 GiB a ByteBuffer can address. */
    static final long MAX_CHUNK_BYTES = 1L << 30;

    /** Rows checked at a time by the validation pass. */
    private static final int CHECK_ROWS = 4096;

    private final String name;
    private final FileChannel channel;
    private final NpyHeader header;
    private final int[] data;
    private final int weights;
    private final List<String> columns;
    private final int chunkRows;
    private final int chunkCount;

    /** The window of the file's rows this source reads. */
    private final long firstRow;

    private final long rowCount;

    private NpyDataSource(
            String name,
            FileChannel channel,
            NpyHeader header,
            ColumnSelection selection,
            int chunkRows,
            long firstRow,
            long rowCount) {
        this.firstRow = firstRow;
        this.rowCount = rowCount;
        this.name = name;
        this.channel = channel;
        this.header = header;
        this.data = selection.data();
        this.weights = selection.weights();
        this.columns = selection.dataNames();
        this.chunkRows = chunkRows;
        this.chunkCount = Math.toIntExact((rowCount + chunkRows - 1) / chunkRows);
    }

    /** Opens, checks the header and every selected value; the caller closes the source. */
    public static NpyDataSource open(Path path, DataOptions o) {
        DataFiles.checkReadable(path);
        return open(path, path.toString(), o);
    }

    /** As {@link #open(Path, DataOptions)}, calling the file {@code file} in messages. */
    public static NpyDataSource open(Path path, String file, DataOptions o) {
        return open(path, file, o, 0, -1);
    }

    /**
     * Rows {@code [first, first+count)} of the file only ({@code count} -1: to its end), checked in
     * that window alone: one partition's share, say.
     */
    public static NpyDataSource open(
            Path path, String file, DataOptions o, long first, long count) {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
            NpyHeader header = NpyHeader.read(channel, file);
            List<String> names = new ArrayList<>(header.columns());
            for (int j = 0; j < header.columns(); j++) {
                names.add("x" + j);
            }
            ColumnSelection selection = ColumnSelection.resolve(file, names, false, o);
            long rowBytes = (long) header.columns() * header.dtype().bytes();
            if (rowBytes > MAX_CHUNK_BYTES) {
                throw GmmException.input(
                        file
                                + ": a row of "
                                + header.columns()
                                + " columns is more than "
                                + (MAX_CHUNK_BYTES >> 20)
                                + " MiB, more than one mapping can hold");
            }
            long wanted =
                    o.chunkRows() > 0 ? o.chunkRows() : Math.max(1, DEFAULT_CHUNK_BYTES / rowBytes);
            long rows = count < 0 ? header.rows() - first : count;
            if (first < 0 || rows < 1 || first + rows > header.rows()) {
                throw GmmException.input(
                        file
                                + ": rows "
                                + first
                                + " to "
                                + (first + rows)
                                + " are not within its "
                                + header.rows()
                                + " rows");
            }
            int chunkRows = (int) Math.min(Math.min(wanted, MAX_CHUNK_BYTES / rowBytes), rows);
            NpyDataSource source =
                    new NpyDataSource(file, channel, header, selection, chunkRows, first, rows);
            source.validate(selection, o.precision());
            return source;
        } catch (IOException e) {
            close(channel);
            throw GmmException.input(file + ": cannot read (" + e.getMessage() + ")");
        } catch (RuntimeException e) {
            close(channel);
            throw e;
        }
    }

    private static void close(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the failure that led here is the one to report
            }
        }
    }

    /**
     * One pass over the selected columns and the weights: finite values, weights >= 0, not all
     * zero.
     */
    private void validate(ColumnSelection selection, Precision precision) {
        int d = data.length;
        double[] x = new double[CHECK_ROWS * d];
        double[] w = new double[CHECK_ROWS];
        boolean anyWeight = false;
        long first = firstRow;
        for (int c = 0; c < chunkCount; c++) {
            DataChunk chunk = chunk(c);
            for (int r = 0; r < chunk.rows(); r += CHECK_ROWS) {
                int count = Math.min(CHECK_ROWS, chunk.rows() - r);
                chunk.copyRows(r, count, x, 0);
                for (int i = 0; i < count * d; i++) {
                    if (!Double.isFinite(x[i])) {
                        throw GmmException.input(
                                at(first + r + i / d, data[i % d], selection)
                                        + " is "
                                        + x[i]
                                        + "; values must be finite");
                    }
                    if (precision == Precision.FLOAT && Float.isInfinite((float) x[i])) {
                        throw GmmException.input(
                                at(first + r + i / d, data[i % d], selection)
                                        + ": "
                                        + x[i]
                                        + " is too large for float precision; use double");
                    }
                }
                if (weights >= 0) {
                    chunk.copyWeights(r, count, w, 0);
                    for (int i = 0; i < count; i++) {
                        if (!(w[i] >= 0) || !Double.isFinite(w[i])) {
                            throw GmmException.input(
                                    at(first + r + i, weights, selection)
                                            + ": weight "
                                            + w[i]
                                            + " is not allowed; weights must be finite and non-negative");
                        }
                        anyWeight |= w[i] > 0;
                    }
                }
            }
            first += chunk.rows();
        }
        if (weights >= 0 && !anyWeight) {
            throw GmmException.input(
                    name + ": every weight in column " + selection.label(weights) + " is zero");
        }
    }

    /** "FILE: row R, column C", both 0-based. */
    private String at(long row, int column, ColumnSelection selection) {
        return name + ": row " + row + ", column " + selection.label(column);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int dims() {
        return data.length;
    }

    @Override
    public long rows() {
        return rowCount;
    }

    @Override
    public boolean weighted() {
        return weights >= 0;
    }

    @Override
    public int chunkCount() {
        return chunkCount;
    }

    /**
     * Maps chunk {@code index}'s region of the file; the mapping lives as long as the chunk is
     * referenced.
     */
    @Override
    public DataChunk chunk(int index) {
        if (index < 0 || index >= chunkCount) {
            throw new IndexOutOfBoundsException("chunk " + index + " of " + chunkCount);
        }
        long first = firstRow + (long) index * chunkRows;
        int rows = (int) Math.min(chunkRows, firstRow + rowCount - first);
        long rowBytes = (long) header.columns() * header.dtype().bytes();
        try {
            ByteBuffer region =
                    channel.map(
                                    FileChannel.MapMode.READ_ONLY,
                                    header.dataOffset() + first * rowBytes,
                                    rows * rowBytes)
                            .order(ByteOrder.LITTLE_ENDIAN);
            return header.dtype() == Precision.DOUBLE
                    ? new DoubleChunk(
                            region.asDoubleBuffer(), rows, header.columns(), data, weights)
                    : new FloatChunk(region.asFloatBuffer(), rows, header.columns(), data, weights);
        } catch (ClosedChannelException e) {
            throw new GmmException(
                    GmmException.Category.INTERNAL,
                    name + ": read after the data source was closed",
                    e);
        } catch (IOException e) {
            throw GmmException.input(name + ": cannot read (" + e.getMessage() + ")");
        }
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public long bytes() {
        return rowCount * data.length * header.dtype().bytes();
    }

    /** Closes the file; chunks already mapped stay readable. */
    @Override
    public void close() {
        close(channel);
    }

    /**
     * What both element types share: the layout of a row in the file and which of its columns are
     * selected. Reads use absolute indices only, so threads may share a chunk.
     */
    private abstract static class MappedChunk implements DataChunk {
        final int rows;
        final int stride;
        final int[] data;
        final int weights;

        /** The selection is the whole row in file order: rows copy as one block. */
        final boolean whole;

        MappedChunk(int rows, int stride, int[] data, int weights) {
            this.rows = rows;
            this.stride = stride;
            this.data = data;
            this.weights = weights;
            int[] identity = new int[stride];
            Arrays.setAll(identity, j -> j);
            this.whole = Arrays.equals(data, identity);
        }

        @Override
        public int rows() {
            return rows;
        }

        @Override
        public int dims() {
            return data.length;
        }

        @Override
        public boolean weighted() {
            return weights >= 0;
        }

        /** The value at file row {@code r}, file column {@code c} of this chunk. */
        abstract double at(int r, int c);

        /**
         * The selected columns, gathered row by row; subclasses copy whole rows of their own type
         * in one block.
         */
        @Override
        public void copyRows(int from, int count, double[] dst, int dstOff) {
            int d = data.length;
            for (int r = 0; r < count; r++) {
                for (int j = 0; j < d; j++) {
                    dst[dstOff + r * d + j] = at(from + r, data[j]);
                }
            }
        }

        @Override
        public void copyRows(int from, int count, float[] dst, int dstOff) {
            int d = data.length;
            for (int r = 0; r < count; r++) {
                for (int j = 0; j < d; j++) {
                    dst[dstOff + r * d + j] = (float) at(from + r, data[j]);
                }
            }
        }

        @Override
        public void copyWeights(int from, int count, double[] dst, int dstOff) {
            if (weights < 0) {
                Arrays.fill(dst, dstOff, dstOff + count, 1.0);
                return;
            }
            for (int i = 0; i < count; i++) {
                dst[dstOff + i] = at(from + i, weights);
            }
        }
    }

    private static final class DoubleChunk extends MappedChunk {
        private final DoubleBuffer values;

        DoubleChunk(DoubleBuffer values, int rows, int stride, int[] data, int weights) {
            super(rows, stride, data, weights);
            this.values = values;
        }

        @Override
        public Precision storage() {
            return Precision.DOUBLE;
        }

        @Override
        double at(int r, int c) {
            return values.get(r * stride + c);
        }

        @Override
        public void copyRows(int from, int count, double[] dst, int dstOff) {
            if (whole) {
                values.get(from * stride, dst, dstOff, count * stride);
            } else {
                super.copyRows(from, count, dst, dstOff);
            }
        }
    }

    private static final class FloatChunk extends MappedChunk {
        private final FloatBuffer values;

        FloatChunk(FloatBuffer values, int rows, int stride, int[] data, int weights) {
            super(rows, stride, data, weights);
            this.values = values;
        }

        @Override
        public Precision storage() {
            return Precision.FLOAT;
        }

        @Override
        double at(int r, int c) {
            return values.get(r * stride + c);
        }

        @Override
        public void copyRows(int from, int count, float[] dst, int dstOff) {
            if (whole) {
                values.get(from * stride, dst, dstOff, count * stride);
            } else {
                super.copyRows(from, count, dst, dstOff);
            }
        }

        /** In place after one bulk read: float rows less a double offset, rounded once. */
        @Override
        public void copyRowsRelative(
                int from, int count, double[] offset, float[] dst, int dstOff) {
            copyRows(from, count, dst, dstOff);
            int d = data.length;
            for (int i = 0; i < count * d; i += d) {
                for (int j = 0; j < d; j++) {
                    dst[dstOff + i + j] = (float) (dst[dstOff + i + j] - offset[j]);
                }
            }
        }
    }
}
