/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.data;

import dev.gmm.GmmException;
import dev.gmm.Precision;
import dev.gmm.engine.io.NpyHeader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Streams an NPY file of a known shape, {@code rows x columns} float64 or float32 in C order, row
 * by row, through a temporary file: {@link #close} moves it into place only when every row was
 * written, so an interrupted writer leaves no file behind.
 *
 * <pre>{@code
 * try (NpyWriter out = NpyWriter.create(path, Precision.DOUBLE, n, d)) {
 *     for (...) out.writeRow(row);
 * }
 * }</pre>
 */
public final class NpyWriter implements AutoCloseable {

    private static final int BUFFER_BYTES = 256 << 10;

    private final AtomicOutput.Pending pending;
    private final FileChannel channel;
    private final Precision precision;
    private final long rows;
    private final int columns;
    private final ByteBuffer buffer =
            ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private long written;
    private boolean closed;

    private NpyWriter(
            AtomicOutput.Pending pending,
            FileChannel channel,
            Precision precision,
            long rows,
            int columns) {
        this.pending = pending;
        this.channel = channel;
        this.precision = precision;
        this.rows = rows;
        this.columns = columns;
    }

    /** Starts a file of {@code rows x columns} values in {@code precision} (float64 or float32). */
    public static NpyWriter create(Path target, Precision precision, long rows, int columns) {
        if (rows < 1 || columns < 1) {
            throw GmmException.input(
                    target
                            + ": an array needs at least one row and one column, not "
                            + rows
                            + " x "
                            + columns);
        }
        AtomicOutput.Pending pending = AtomicOutput.open(target);
        try {
            FileChannel channel =
                    FileChannel.open(
                            pending.path(),
                            StandardOpenOption.WRITE,
                            StandardOpenOption.TRUNCATE_EXISTING);
            NpyWriter w = new NpyWriter(pending, channel, precision, rows, columns);
            w.buffer.put(NpyHeader.encode(precision, rows, columns));
            return w;
        } catch (IOException e) {
            pending.close();
            throw AtomicOutput.failure(target, e);
        }
    }

    /** Appends one row of {@code columns} values. */
    public void writeRow(double[] row) {
        if (row.length != columns) {
            throw GmmException.input(
                    "a row of " + row.length + " values for an array of " + columns + " columns");
        }
        writeRows(row, 0, 1);
    }

    /** Appends {@code count} rows stored row-major in {@code values} from {@code offset}. */
    public void writeRows(double[] values, int offset, int count) {
        if (closed) {
            throw GmmException.input(pending.target() + ": rows written after the file was closed");
        }
        if (written + count > rows) {
            throw new GmmException(
                    GmmException.Category.INTERNAL,
                    pending.target()
                            + ": more than the "
                            + rows
                            + " rows the file was created for");
        }
        int n = count * columns;
        for (int i = 0; i < n; i++) {
            if (buffer.remaining() < Double.BYTES) {
                flush();
            }
            if (precision == Precision.DOUBLE) {
                buffer.putDouble(values[offset + i]);
            } else {
                buffer.putFloat((float) values[offset + i]);
            }
        }
        written += count;
    }

    private void flush() {
        buffer.flip();
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            throw AtomicOutput.failure(pending.target(), e);
        }
        buffer.clear();
    }

    /**
     * Finishes the file: with every row written, moves it into place; otherwise deletes it and
     * fails, naming how many rows were missing.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (pending) {
            try (channel) {
                if (written == rows) {
                    flush();
                }
            } catch (IOException e) {
                throw AtomicOutput.failure(pending.target(), e);
            }
            if (written != rows) {
                throw new GmmException(
                        GmmException.Category.INTERNAL,
                        pending.target()
                                + ": only "
                                + written
                                + " of "
                                + rows
                                + " rows were written; the file was not created");
            }
            pending.commit();
        }
    }
}
