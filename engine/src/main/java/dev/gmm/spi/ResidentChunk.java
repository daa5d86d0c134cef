/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.spi;

/**
 * A chunk of rows as a backend holds it (copied to a device once, reused every iteration). Closing
 * it frees what the backend allocated for it.
 */
public interface ResidentChunk extends AutoCloseable {

    /** Rows in the chunk. */
    int rows();

    @Override
    void close();
}
