/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.engine.io;

import de.siegmar.fastcsv.reader.AbstractBaseCsvCallbackHandler;
import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CommentStrategy;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.RecordWrapper;
import dev.gmm.GmmException;
import dev.gmm.Precision;
import dev.gmm.data.DataOptions;
import dev.gmm.data.InMemoryDataSource;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a CSV file into an {@link InMemoryDataSource}. FastCSV hands each field over as a slice of
 * its character buffer and FastDoubleParser parses the slice in place, so a cell costs no object;
 * only the first row (header detection, names) and a bad cell (the message) become strings.
 *
 * <p>A large file is cut at line breaks into one part per processor, each read by its own FastCSV
 * reader on its own thread, and the rows are joined in file order into one array (so the chunks,
 * and hence a fit, do not depend on the number of parts). A cut is only right if it is not inside a
 * quoted field; a part that meets a quoted field with a line break in it says so, and then the
 * whole file is read again on one thread.
 *
 * <p>Line numbers in messages are the file's, from 1; columns are named by their header name, else
 * by their 1-based number.
 */
public final class CsvLoader {

    /** Bytes looked at to detect the delimiter and estimate the row count. */
    private static final int SAMPLE_BYTES = 64 << 10;

    private static final char[] DELIMITERS = {',', ';', '\t', '|'};

    /** Smaller parts would not repay their thread (tests ask for parts explicitly). */
    private static final long MIN_PART_BYTES = 8L << 20;

    /** The largest Java array, in elements. */
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private CsvLoader() {}

    static InMemoryDataSource load(Path path, DataOptions o) {
        return load(path, path.toString(), o);
    }

    /** Reads {@code path}, calling it {@code file} in messages. */
    public static InMemoryDataSource load(Path path, String file, DataOptions o) {
        long size = size(path, file);
        Runtime rt = Runtime.getRuntime();
        long freeHeap = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        // parts hold their rows apart until they are joined, up to twice the rows' memory (about
        // the
        // file's size): read in parts only with that much heap to spare
        int parts =
                2 * size < freeHeap
                        ? (int)
                                Math.max(
                                        1,
                                        Math.min(rt.availableProcessors(), size / MIN_PART_BYTES))
                        : 1;
        return load(path, file, o, parts);
    }

    /** Reads the file in (at most) {@code parts} parts read in parallel. */
    static InMemoryDataSource load(Path path, DataOptions o, int parts) {
        return load(path, path.toString(), o, parts);
    }

    private static InMemoryDataSource load(Path path, String file, DataOptions o, int parts) {
        Sample sample = sample(path, file);
        long size = size(path, file);
        char delimiter = o.delimiter() != null ? o.delimiter() : sample.delimiter();
        try {
            InMemoryDataSource source =
                    read(path, file, o, delimiter, cuts(path, file, sample, size, parts), sample);
            if (source == null) {
                source = read(path, file, o, delimiter, new long[] {sample.start(), size}, sample);
            }
            return source;
        } catch (OutOfMemoryError e) {
            throw outOfMemory(file);
        }
    }

    private static GmmException outOfMemory(String file) {
        return GmmException.input(
                file
                        + ": not enough memory for its rows (Java heap "
                        + (Runtime.getRuntime().maxMemory() >> 20)
                        + " MiB); give Java more with -Xmx, or convert the file to NPY, which is read from disk as needed");
    }

    private static long size(Path path, String file) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            throw GmmException.input(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /**
     * Part boundaries: the first part starts after any byte-order mark, later ones right after a
     * line break near an equal share of the file, never inside the first line (the header).
     */
    private static long[] cuts(Path path, String file, Sample sample, long size, int parts) {
        List<Long> bounds = new ArrayList<>();
        bounds.add(sample.start());
        if (parts > 1 && sample.firstLineEnd() > 0) {
            try (InputStream in = Files.newInputStream(path)) {
                long at = 0;
                for (int k = 1; k < parts; k++) {
                    long target =
                            Math.max(
                                    size * k / parts,
                                    Math.max(sample.firstLineEnd(), bounds.get(bounds.size() - 1)));
                    in.skipNBytes(target - at);
                    at = target;
                    int b;
                    while ((b = in.read()) >= 0 && b != '\n') {
                        at++;
                    }
                    if (b < 0) {
                        break;
                    }
                    at++;
                    if (at < size) {
                        bounds.add(at);
                    }
                }
            } catch (IOException e) {
                throw GmmException.input(file + ": cannot read (" + e.getMessage() + ")");
            }
        }
        bounds.add(size);
        return bounds.stream().mapToLong(Long::longValue).toArray();
    }

    /** Reads the parts between {@code bounds}; null when a cut fell inside a quoted field. */
    private static InMemoryDataSource read(
            Path path, String file, DataOptions o, char delimiter, long[] bounds, Sample sample) {
        long estimatedRows = sample.estimatedRows();
        int n = bounds.length - 1;
        long size = bounds[n];
        Part[] parts = new Part[n];
        Thread[] threads = new Thread[n];
        try {
            for (int k = 0; k < n; k++) {
                parts[k] = new Part(path, file, delimiter, bounds[k], bounds[k + 1]);
            }
            Part first = parts[0];
            CloseableIterator<RowHandler> records = first.reader.iterator();
            if (!first.next(records)) {
                throw first.failure != null
                        ? first.failure
                        : GmmException.input(file + " is empty");
            }
            List<String> cells = new ArrayList<>(first.handler.endCapture());
            if (cells.size() > 1 && cells.get(cells.size() - 1).isBlank()) {
                // one trailing delimiter on a line is an empty last field, not a column
                cells.remove(cells.size() - 1);
            }
            int fields = cells.size();
            boolean header =
                    o.header() != null
                            ? o.header()
                            : cells.stream().anyMatch(cell -> !Cells.isNumber(cell));
            List<String> names = new ArrayList<>(fields);
            for (int j = 0; j < fields; j++) {
                names.add(header ? cells.get(j).strip() : "x" + j);
            }
            ColumnSelection columns = ColumnSelection.resolve(file, names, header, o);
            double[] shift =
                    o.precision() == Precision.FLOAT
                            ? sampleMeans(sample, delimiter, header, columns)
                            : null;
            for (int k = 0; k < n; k++) {
                // the first part's arrays take every part's rows in the end
                long rows =
                        k == 0
                                ? estimatedRows
                                : (long)
                                        Math.ceil(
                                                estimatedRows
                                                        * (double) (bounds[k + 1] - bounds[k])
                                                        / Math.max(1, size - bounds[0]));
                parts[k].prepare(columns, fields, o.precision(), rows, shift);
            }
            for (int k = 1; k < n; k++) {
                Part p = parts[k];
                threads[k] = new Thread(() -> p.run(p.reader.iterator(), null), "gmm-csv-" + k);
                threads[k].setDaemon(true);
                threads[k].start();
            }
            first.run(records, header ? null : cells);
        } finally {
            joinAll(threads);
            for (Part p : parts) {
                if (p != null) {
                    p.close();
                }
            }
        }
        long lineOffset = 0;
        for (int k = 0; k < n; k++) {
            Part p = parts[k];
            if (p.handler.quotedLineBreak && k < n - 1) {
                return null;
            }
            if (p.failure != null) {
                throw p.failure;
            }
            if (p.errorLine > 0) {
                throw GmmException.input(
                        file + ": line " + (lineOffset + p.errorLine) + p.errorTail);
            }
            // a part ends right after a line break, so its last line number is its count of lines
            lineOffset += p.handler.lastLine;
        }
        Rows all = parts[0].rows;
        for (int k = 1; k < n; k++) {
            all.append(parts[k].rows);
        }
        if (all.count == 0) {
            throw GmmException.input(file + " has a header but no rows");
        }
        return all.source(o.chunkRows());
    }

    private static void joinAll(Thread[] threads) {
        boolean interrupted = false;
        for (Thread t : threads) {
            while (t != null && t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // the file was only read; any failure that matters was met while reading
            }
        }
    }

    /**
     * One byte range of the file with its own reader and rows. A failure is kept, not thrown, so
     * that the first one in file order is reported; line numbers are counted from the part's start
     * until the parts before it are known.
     */
    private static final class Part {
        final RowHandler handler = new RowHandler();
        final CsvReader<RowHandler> reader;
        final String file;
        Rows rows;
        ColumnSelection columns;
        int fields;
        Precision precision;
        long estimatedRows;
        double[] shift;

        /** A line-numbered error: the part's own line number and the message after "line N". */
        long errorLine;

        String errorTail;
        GmmException failure;

        Part(Path path, String file, char delimiter, long start, long end) {
            this.file = file;
            InputStream in = null;
            try {
                in = Files.newInputStream(path);
                in.skipNBytes(start);
                reader =
                        CsvReader.builder()
                                .fieldSeparator(delimiter)
                                .skipEmptyLines(true)
                                .commentStrategy(CommentStrategy.SKIP)
                                .commentCharacter('#')
                                .ignoreDifferentFieldCount(
                                        true) // checked here, for a message with the line number
                                .build(
                                        handler,
                                        new InputStreamReader(
                                                new Range(in, end - start),
                                                StandardCharsets.UTF_8));
            } catch (IOException e) {
                closeQuietly(in);
                throw GmmException.input(file + ": cannot read (" + e.getMessage() + ")");
            }
        }

        void prepare(
                ColumnSelection columns,
                int fields,
                Precision precision,
                long estimatedRows,
                double[] shift) {
            this.shift = shift;
            this.columns = columns;
            this.fields = fields;
            this.precision = precision;
            this.estimatedRows = estimatedRows;
            handler.select(fields, columns);
        }

        /** Advances to the next record; false at the end or on a failure (kept). */
        boolean next(CloseableIterator<RowHandler> records) {
            try {
                if (!records.hasNext()) {
                    return false;
                }
                records.next();
                return true;
            } catch (CsvParseException | UncheckedIOException e) {
                Throwable cause =
                        e.getCause() instanceof UncheckedIOException io
                                ? io.getCause()
                                : e.getCause();
                failure =
                        GmmException.input(
                                file
                                        + ": cannot read ("
                                        + (cause != null ? cause.getMessage() : e.getMessage())
                                        + ")");
                return false;
            }
        }

        /**
         * Reads the part's records into rows (allocated here, so each thread touches its own
         * memory); {@code firstLine} is the first record's text when it is data, not a header.
         */
        void run(CloseableIterator<RowHandler> records, List<String> firstLine) {
            try {
                rows = new Rows(file, columns, precision, estimatedRows, shift);
                if (firstLine != null) {
                    for (int j = 0; j < fields; j++) {
                        char[] text = firstLine.get(j).toCharArray();
                        handler.cell(j, text, 0, text.length);
                    }
                    add(handler.line());
                }
                while (errorLine == 0 && next(records)) {
                    if (handler.unterminated) {
                        add(handler.line());
                        return;
                    }
                    if (handler.fields() != fields
                            && !(handler.fields() == fields + 1 && handler.trailingEmpty)) {
                        errorLine = handler.line();
                        errorTail =
                                " has "
                                        + handler.fields()
                                        + " field"
                                        + (handler.fields() == 1 ? "" : "s")
                                        + ", expected "
                                        + fields;
                        return;
                    }
                    add(handler.line());
                }
            } catch (GmmException e) {
                failure = e;
            } catch (OutOfMemoryError e) {
                failure = outOfMemory(file);
            } catch (RuntimeException e) {
                failure =
                        new GmmException(
                                GmmException.Category.INTERNAL,
                                file + ": reading failed (" + e + ")",
                                e);
            }
        }

        private void add(long line) {
            if (handler.badColumn >= 0) {
                String cell = handler.badText;
                String where = ", column " + columns.label(handler.badColumn);
                errorLine = line;
                errorTail =
                        handler.unterminated
                                ? where
                                        + ": unterminated quote (a quoted field runs on past the end of its line)"
                                : cell.isBlank()
                                        ? where + " is empty; every selected cell needs a number"
                                        : cell.indexOf('\0') >= 0
                                                ? where
                                                        + ": '"
                                                        + Cells.show(cell)
                                                        + "' has a NUL byte; is this a binary file?"
                                                : where
                                                        + ": '"
                                                        + Cells.show(cell)
                                                        + "' is "
                                                        + (Cells.isNumber(cell)
                                                                ? "not a finite number"
                                                                : "not a number");
                return;
            }
            String problem = rows.add(handler.values, handler.weight);
            if (problem != null) {
                errorLine = line;
                errorTail = problem;
            }
        }

        void close() {
            closeQuietly(reader);
        }
    }

    /**
     * An input stream that ends after {@code limit} bytes: a part's reader stops at the next cut.
     */
    private static final class Range extends FilterInputStream {
        private long left;

        Range(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }

    /**
     * Receives FastCSV's fields. The first record is kept as text; after {@link #select}, each
     * record's selected cells are parsed into {@link #values} and {@link #weight}, and the first
     * cell that fails is remembered for the reader to report.
     */
    private static final class RowHandler extends AbstractBaseCsvCallbackHandler<RowHandler> {
        private static final int SKIP = -1;
        private static final int WEIGHT = -2;

        private List<String> captured = new ArrayList<>();

        /** For each file column: the index in {@link #values}, {@link #WEIGHT} or {@link #SKIP}. */
        private int[] slots;

        double[] values;
        double weight;
        int badColumn = -1;
        String badText;
        boolean quotedLineBreak;

        /** The last record's extra field, past the columns, is empty: a trailing delimiter. */
        boolean trailingEmpty;

        /** The bad cell is a quoted field with a line break in it. */
        boolean unterminated;

        /** The starting line of the last record, empty lines included. */
        long lastLine;

        List<String> endCapture() {
            List<String> first = captured;
            captured = null;
            return first;
        }

        void select(int fields, ColumnSelection columns) {
            slots = new int[fields];
            Arrays.fill(slots, SKIP);
            int[] data = columns.data();
            for (int s = 0; s < data.length; s++) {
                slots[data[s]] = s;
            }
            if (columns.weights() >= 0) {
                slots[columns.weights()] = WEIGHT;
            }
            values = new double[data.length];
            captured = null;
        }

        long line() {
            return getStartingLineNumber();
        }

        int fields() {
            return getFieldCount();
        }

        @Override
        protected void handleBegin(long startingLineNumber) {
            badColumn = -1;
            trailingEmpty = false;
            unterminated = false;
            if (captured != null) {
                // FastCSV reports a blank line as a record of one empty field, then skips it
                captured.clear();
            }
        }

        @Override
        protected void handleField(int index, char[] buf, int offset, int len, boolean quoted) {
            boolean broken = false;
            if (quoted) {
                for (int i = offset; i < offset + len; i++) {
                    broken |= buf[i] == '\n' || buf[i] == '\r';
                }
                quotedLineBreak |= broken;
            }
            if (captured != null) {
                captured.add(new String(buf, offset, len));
            } else if (slots != null && index == slots.length) {
                trailingEmpty = len == 0 && !quoted;
            } else if (broken && index < slots.length && slots[index] != SKIP && badColumn < 0) {
                // numbers never span lines: this quote was never closed
                badColumn = index;
                badText = "";
                unterminated = true;
            } else {
                cell(index, buf, offset, len);
            }
        }

        void cell(int index, char[] buf, int offset, int len) {
            // a ragged row may have more fields than the first; the reader reports it
            if (index >= slots.length || slots[index] == SKIP || badColumn >= 0) {
                return;
            }
            double v = Cells.parse(buf, offset, len);
            if (!Double.isFinite(v)) {
                badColumn = index;
                badText = new String(buf, offset, len);
            } else if (slots[index] == WEIGHT) {
                weight = v;
            } else {
                values[slots[index]] = v;
            }
        }

        @Override
        protected RecordWrapper<RowHandler> buildRecord() {
            lastLine = getStartingLineNumber();
            return wrapRecord(this);
        }
    }

    /** A part's rows, in arrays that grow as needed (from an estimate, so rarely). */
    private static final class Rows {
        private final String file;
        private final ColumnSelection columns;
        private final int[] data;
        private final int dims;
        private double[] doubles;
        private float[] floats;
        private double[] weights;
        private int count;
        private int capacity;
        private boolean anyWeight;

        /** Float rows are stored less these column offsets. */
        private final double[] shift;

        Rows(
                String file,
                ColumnSelection columns,
                Precision precision,
                long estimatedRows,
                double[] shift) {
            this.shift = shift;
            this.file = file;
            this.columns = columns;
            this.data = columns.data();
            this.dims = data.length;
            this.capacity = (int) Math.max(16, Math.min(estimatedRows, MAX_ARRAY / dims));
            if (precision == Precision.FLOAT) {
                floats = new float[capacity * dims];
            } else {
                doubles = new double[capacity * dims];
            }
            weights = columns.weights() >= 0 ? new double[capacity] : null;
        }

        /**
         * Stores a parsed row; returns what is wrong with it (the message after "line N"), or null.
         */
        String add(double[] v, double weight) {
            reserve(count + 1L);
            int base = count * dims;
            if (doubles != null) {
                System.arraycopy(v, 0, doubles, base, dims);
            } else {
                for (int j = 0; j < dims; j++) {
                    if (Float.isInfinite((float) v[j])) {
                        return ", column "
                                + columns.label(data[j])
                                + ": "
                                + v[j]
                                + " is too large for float precision; use double";
                    }
                    float f = (float) (v[j] - shift[j]);
                    if (f == 0 && v[j] != shift[j]) {
                        return ", column "
                                + columns.label(data[j])
                                + ": "
                                + v[j]
                                + " differs from the column's other values by less than float precision holds; use double";
                    }
                    floats[base + j] = f;
                }
            }
            if (weights != null) {
                if (weight < 0) {
                    return ", column "
                            + columns.label(columns.weights())
                            + ": weight "
                            + weight
                            + " is negative; weights must be finite and non-negative";
                }
                weights[count] = weight;
                anyWeight |= weight > 0;
            }
            count++;
            return null;
        }

        /** Appends another part's rows after these. */
        void append(Rows other) {
            reserve((long) count + other.count);
            if (doubles != null) {
                System.arraycopy(other.doubles, 0, doubles, count * dims, other.count * dims);
            } else {
                System.arraycopy(other.floats, 0, floats, count * dims, other.count * dims);
            }
            if (weights != null) {
                System.arraycopy(other.weights, 0, weights, count, other.count);
                anyWeight |= other.anyWeight;
            }
            count += other.count;
        }

        private void reserve(long rows) {
            if (rows <= capacity) {
                return;
            }
            long limit = MAX_ARRAY / dims;
            if (rows > limit) {
                throw GmmException.input(
                        file
                                + ": more than "
                                + limit
                                + " rows of "
                                + dims
                                + " columns do not fit one Java array; convert it to NPY, which is streamed from disk");
            }
            capacity = (int) Math.min(Math.max(rows, capacity + (capacity >> 1)), limit);
            if (doubles != null) {
                doubles = Arrays.copyOf(doubles, capacity * dims);
            } else {
                floats = Arrays.copyOf(floats, capacity * dims);
            }
            if (weights != null) {
                weights = Arrays.copyOf(weights, capacity);
            }
        }

        InMemoryDataSource source(int chunkRows) {
            if (weights != null && !anyWeight) {
                throw GmmException.input(
                        file
                                + ": every weight in column "
                                + columns.label(columns.weights())
                                + " is zero");
            }
            return doubles != null
                    ? InMemoryDataSource.ofDoubles(
                            file, doubles, dims, count, weights, chunkRows, columns.dataNames())
                    : InMemoryDataSource.ofFloats(
                            file,
                            floats,
                            dims,
                            count,
                            weights,
                            chunkRows,
                            columns.dataNames(),
                            shift);
        }
    }

    /**
     * What the first bytes of a file tell: where the text starts (after a UTF-8 byte-order mark),
     * where its first non-blank line ends (0 if not within the sample), the likely delimiter and
     * the likely number of rows.
     */
    private record Sample(
            long start,
            long firstLineEnd,
            char delimiter,
            long estimatedRows,
            List<String> lines) {}

    /**
     * The mean of each selected column over the sampled lines (cells that do not parse are left
     * out; the reader reports them): the offset float rows are stored relative to. It only has to
     * be near the data, not exact, for float to keep the digits that vary.
     */
    private static double[] sampleMeans(
            Sample sample, char delimiter, boolean header, ColumnSelection columns) {
        int[] data = columns.data();
        double[] sum = new double[data.length];
        long[] count = new long[data.length];
        boolean first = header;
        for (String line : sample.lines()) {
            if (isComment(line)) {
                continue;
            }
            if (first) {
                first = false;
                continue;
            }
            String[] cells =
                    line.split(java.util.regex.Pattern.quote(String.valueOf(delimiter)), -1);
            for (int s = 0; s < data.length; s++) {
                if (data[s] < cells.length) {
                    String cell = cells[data[s]].strip();
                    if (cell.length() >= 2 && cell.startsWith("\"") && cell.endsWith("\"")) {
                        cell = cell.substring(1, cell.length() - 1);
                    }
                    double v = Cells.parse(cell.toCharArray(), 0, cell.length());
                    if (Double.isFinite(v) && Float.isFinite((float) v)) {
                        sum[s] += v;
                        count[s]++;
                    }
                }
            }
        }
        double[] mean = new double[data.length];
        for (int s = 0; s < data.length; s++) {
            mean[s] = count[s] > 0 && Double.isFinite(sum[s] / count[s]) ? sum[s] / count[s] : 0;
        }
        return mean;
    }

    private static Sample sample(Path path, String file) {
        byte[] head;
        long size;
        try (InputStream in = Files.newInputStream(path)) {
            size = Files.size(path);
            head = in.readNBytes(SAMPLE_BYTES);
        } catch (IOException e) {
            throw GmmException.input(file + ": cannot read (" + e.getMessage() + ")");
        }
        if (head.length >= 2
                && (head[0] == (byte) 0xFF && head[1] == (byte) 0xFE
                        || head[0] == (byte) 0xFE && head[1] == (byte) 0xFF)) {
            throw GmmException.input(file + ": the file is UTF-16 text; save it as UTF-8");
        }
        int start = head.length >= 3 && Arrays.equals(head, 0, 3, UTF8_BOM, 0, 3) ? 3 : 0;
        int end = head.length;
        if (head.length == SAMPLE_BYTES) {
            // drop the line the sample cut in two
            int lastBreak = lastIndexOf(head, (byte) '\n');
            end = lastBreak >= start ? lastBreak + 1 : head.length;
        }
        String text = new String(head, start, end - start, StandardCharsets.UTF_8);
        for (int i = start; i < end; i++) {
            if (head[i] == 0) {
                throw GmmException.input(
                        file
                                + ": byte "
                                + i
                                + " is a NUL byte; this looks like a binary file, not CSV text"
                                + " (gmm reads CSV, NPY, and either gzipped)");
            }
        }
        List<String> lines = text.lines().filter(l -> !l.isBlank() && !isComment(l)).toList();
        long estimate =
                lines.isEmpty()
                        ? 16
                        : (long) ((size - start) / ((double) (end - start) / lines.size()) * 1.05)
                                + 16;
        return new Sample(
                start, firstLineEnd(head, start, end), detectDelimiter(lines), estimate, lines);
    }

    /** The byte after the first line with something other than white space on it, or 0. */
    private static long firstLineEnd(byte[] head, int start, int end) {
        boolean content = false;
        for (int i = start; i < end; i++) {
            if (head[i] == '\n') {
                if (content) {
                    return i + 1;
                }
            } else if (head[i] != '\r' && head[i] != ' ' && head[i] != '\t') {
                content = true;
            }
        }
        return 0;
    }

    /**
     * The candidate found the same number of times, at least once, on every sampled line (quoted
     * text aside); the most frequent such one wins, ties going to the earlier in {@code , ; tab |}.
     * Without one, a comma: a file of one column has no delimiter to find.
     */
    private static char detectDelimiter(List<String> lines) {
        char best = ',';
        int bestCount = 0;
        for (char c : DELIMITERS) {
            int first = -1;
            boolean consistent = !lines.isEmpty();
            for (String line : lines) {
                int n = countOutsideQuotes(line, c);
                if (first < 0) {
                    first = n;
                }
                if (n == 0 || n != first) {
                    consistent = false;
                    break;
                }
            }
            if (consistent && first > bestCount) {
                best = c;
                bestCount = first;
            }
        }
        return best;
    }

    private static int countOutsideQuotes(String line, char c) {
        int n = 0;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            } else if (ch == c && !quoted) {
                n++;
            }
        }
        return n;
    }

    /** A line FastCSV skips as a comment: one that starts with '#'. */
    private static boolean isComment(String line) {
        return line.startsWith("#");
    }

    private static int lastIndexOf(byte[] a, byte b) {
        for (int i = a.length - 1; i >= 0; i--) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
