/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.data;

import java.util.ArrayList;
import java.util.List;

/**
 * A data set as a fixed sequence of chunks. Chunk boundaries never change for a given source, so
 * statistics merged chunk by chunk in order are reproducible. A source may hold its rows on the
 * heap or stream them from a file; {@link #chunk} may be called again for the same index.
 */
public interface DataSource extends AutoCloseable {

    /** What to call the data in messages: a file name, or a short description. */
    String name();

    /** Columns of each row. */
    int dims();

    /** Rows in all chunks together. */
    long rows();

    /** Whether the rows carry weights. */
    boolean weighted();

    /** How many chunks the rows are cut into; fixed for a source. */
    int chunkCount();

    /** Chunk {@code index}, from 0; may be asked for again. */
    DataChunk chunk(int index);

    /**
     * A name for each column, for summaries and model files ("x0", "x1", ... when the data has
     * none).
     */
    default List<String> columns() {
        List<String> names = new ArrayList<>(dims());
        for (int j = 0; j < dims(); j++) {
            names.add("x" + j);
        }
        return names;
    }

    /**
     * The per-column offset that float rows are stored relative to (every chunk's {@link
     * DataChunk#storageOffset()}), or null when rows are stored as they are.
     */
    default double[] storageOffset() {
        return null;
    }

    /** Bytes the rows take in the width they are stored in (for residency decisions). */
    long bytes();

    @Override
    default void close() {}
}
