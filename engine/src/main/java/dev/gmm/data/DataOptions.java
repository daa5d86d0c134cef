/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.data;

import dev.gmm.GmmException;
import dev.gmm.Precision;
import java.util.List;

/**
 * How to read a data file. Immutable; start from {@link #defaults()} and change with the {@code
 * with...} methods.
 *
 * @param delimiter CSV field separator; null: detected among {@code , ; tab |} from the first lines
 * @param header whether a CSV's first row names the columns; null: detected (a header is a first
 *     row with a cell that is not a number)
 * @param columns the data columns, in order, each a column name or a 0-based index (a text that is
 *     a header name is the name, else a non-negative integer is an index); empty: every column
 *     except the weights column. NPY columns are named x0, x1, ...
 * @param weightsColumn the column holding row weights (name or 0-based index), or null for none
 * @param precision the width CSV rows are kept in on the heap; an NPY file stays in its own dtype
 * @param chunkRows rows per chunk; 0: the source's default (one chunk up to 256 MiB for CSV, about
 *     64 MiB of file per mapped chunk for NPY)
 */
public record DataOptions(
        Character delimiter,
        Boolean header,
        List<String> columns,
        String weightsColumn,
        Precision precision,
        int chunkRows) {

    /** Options, checked; null columns mean all and a null precision double. */
    public DataOptions {
        if (delimiter != null && (delimiter == '"' || delimiter == '\r' || delimiter == '\n')) {
            throw GmmException.input("the delimiter cannot be a quote or a line break");
        }
        columns = columns == null ? List.of() : List.copyOf(columns);
        if (precision == null) {
            precision = Precision.DOUBLE;
        }
        if (chunkRows < 0) {
            throw GmmException.input("chunk rows must be >= 0 (0: the default), got " + chunkRows);
        }
    }

    /** Everything detected, all columns, no weights, double precision, default chunks. */
    public static DataOptions defaults() {
        return new DataOptions(null, null, List.of(), null, Precision.DOUBLE, 0);
    }

    /** These options with {@code d} as the CSV delimiter (null: detected). */
    public DataOptions withDelimiter(Character d) {
        return new DataOptions(d, header, columns, weightsColumn, precision, chunkRows);
    }

    /** These options with a header or not (null: detected). */
    public DataOptions withHeader(Boolean h) {
        return new DataOptions(delimiter, h, columns, weightsColumn, precision, chunkRows);
    }

    /** These options with these data columns, by name or 0-based index (empty: all). */
    public DataOptions withColumns(List<String> c) {
        return new DataOptions(delimiter, header, c, weightsColumn, precision, chunkRows);
    }

    /** These options with a weights column, by name or 0-based index (null: none). */
    public DataOptions withWeightsColumn(String w) {
        return new DataOptions(delimiter, header, columns, w, precision, chunkRows);
    }

    /** These options with CSV rows kept in {@code p}. */
    public DataOptions withPrecision(Precision p) {
        return new DataOptions(delimiter, header, columns, weightsColumn, p, chunkRows);
    }

    /** These options with {@code rows} rows per chunk (0: the default). */
    public DataOptions withChunkRows(int rows) {
        return new DataOptions(delimiter, header, columns, weightsColumn, precision, rows);
    }
}
