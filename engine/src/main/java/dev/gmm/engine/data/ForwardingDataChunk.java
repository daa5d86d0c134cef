/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.engine.data;

import dev.gmm.Precision;
import dev.gmm.data.DataChunk;

/** A chunk that hands every call to another; subclasses change how rows are copied. */
public abstract class ForwardingDataChunk implements DataChunk {

    private final DataChunk chunk;

    protected ForwardingDataChunk(DataChunk chunk) {
        this.chunk = chunk;
    }

    /** The wrapped chunk. */
    protected DataChunk chunk() {
        return chunk;
    }

    @Override
    public int rows() {
        return chunk.rows();
    }

    @Override
    public int dims() {
        return chunk.dims();
    }

    @Override
    public Precision storage() {
        return chunk.storage();
    }

    @Override
    public void copyRows(int from, int count, double[] dst, int dstOff) {
        chunk.copyRows(from, count, dst, dstOff);
    }

    @Override
    public void copyRows(int from, int count, float[] dst, int dstOff) {
        chunk.copyRows(from, count, dst, dstOff);
    }

    @Override
    public boolean weighted() {
        return chunk.weighted();
    }

    @Override
    public void copyWeights(int from, int count, double[] dst, int dstOff) {
        chunk.copyWeights(from, count, dst, dstOff);
    }
}
