/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.engine.data;

import dev.gmm.data.DataChunk;
import dev.gmm.data.DataSource;
import java.util.List;

/** A data source that hands every call to another; subclasses change what they wrap. */
public abstract class ForwardingDataSource implements DataSource {

    private final DataSource source;

    protected ForwardingDataSource(DataSource source) {
        this.source = source;
    }

    /** The wrapped source. */
    protected DataSource source() {
        return source;
    }

    @Override
    public String name() {
        return source.name();
    }

    @Override
    public int dims() {
        return source.dims();
    }

    @Override
    public long rows() {
        return source.rows();
    }

    @Override
    public boolean weighted() {
        return source.weighted();
    }

    @Override
    public int chunkCount() {
        return source.chunkCount();
    }

    @Override
    public DataChunk chunk(int index) {
        return source.chunk(index);
    }

    @Override
    public List<String> columns() {
        return source.columns();
    }

    @Override
    public double[] storageOffset() {
        return source.storageOffset();
    }

    @Override
    public long bytes() {
        return source.bytes();
    }

    @Override
    public void close() {
        source.close();
    }
}
