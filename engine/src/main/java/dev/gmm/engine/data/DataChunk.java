package dev.gmm.engine.data;

import dev.gmm.engine.Precision;

/**
 * A block of rows, {@code rows() x dims()}, with optional row weights. Backends copy rows out of
 * it in whichever width they compute in; a chunk may live on the heap or in a mapped file.
 */
public interface DataChunk {

    int rows();

    int dims();

    /** The width the rows are stored in. */
    Precision storage();

    /** Copies rows {@code [from, from+count)} row-major into {@code dst} at {@code dstOff}. */
    void copyRows(int from, int count, double[] dst, int dstOff);

    /** Copies rows {@code [from, from+count)} row-major into {@code dst}, rounding to float. */
    void copyRows(int from, int count, float[] dst, int dstOff);

    boolean weighted();

    /** Copies the weights of rows {@code [from, from+count)}; ones when the chunk is unweighted. */
    void copyWeights(int from, int count, double[] dst, int dstOff);
}
