/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.kernels.cuda;

import dev.gmm.data.DataChunk;

/**
 * A statistics pass over rows that are not resident, in slices through two staging buffers on the
 * host and two row buffers on the device: while the device computes the statistics of one slice,
 * the next one is copied up on another stream, and the host stages the one after that. The CUDA
 * backend runs it with pinned buffers, two streams and events; the OpenCL test host with two queues
 * and events, so CI runs the multi-slice order with tiny slices.
 *
 * <p>Each slice's statistics are reduced into a slot of their own, and the slots are added in slice
 * order in double: the result depends on the slice size, never on how the copies and kernels
 * overlap.
 */
final class SlicedPass {

    /** Staging and device row buffers, used in turn. */
    static final int BUFFERS = 2;

    private SlicedPass() {}

    /** What a device does for one slice; each call only starts the work, except {@link #finish}. */
    interface Device {
        /**
         * Fills host staging buffer {@code buffer} with rows {@code [from, from + count)} of {@code
         * data} (and their weights), once the copy that last read that buffer has finished.
         */
        void stage(int buffer, DataChunk data, int from, int count);

        /**
         * Starts copying staging buffer {@code buffer} into device buffer {@code buffer}, once the
         * statistics that last read that device buffer have finished.
         */
        void upload(int buffer, int count);

        /**
         * Starts the statistics of the {@code count} rows in device buffer {@code buffer}, once
         * their copy has finished, reduced into slice {@code index}'s slot.
         */
        void statistics(int buffer, int count, int index);

        /** Waits for the work started, and returns the {@code slices} slots one after another. */
        double[] finish(int slices);
    }

    /** Rows of a slice of {@code sliceBytes}: at least one. */
    static int sliceRows(long sliceBytes, int dims, int realBytes) {
        long rowBytes = (long) Math.max(1, dims) * realBytes;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, sliceBytes / rowBytes));
    }

    /**
     * One pass over {@code data} in slices of {@code sliceRows}; returns the sum of the slices'
     * slots of {@code slotLength} doubles.
     */
    static double[] run(Device device, DataChunk data, int sliceRows, int slotLength) {
        int rows = data.rows();
        if (rows == 0) {
            return new double[slotLength];
        }
        int slices = Math.max(1, (rows + sliceRows - 1) / sliceRows);
        for (int s = 0; s < slices; s++) {
            int buffer = s % BUFFERS;
            int from = s * sliceRows;
            int count = Math.min(sliceRows, rows - from);
            device.stage(buffer, data, from, count);
            device.upload(buffer, count);
            device.statistics(buffer, count, s);
        }
        double[] all = device.finish(slices);
        double[] sum = new double[slotLength];
        for (int s = 0; s < slices; s++) {
            for (int e = 0; e < slotLength; e++) {
                sum[e] += all[s * slotLength + e];
            }
        }
        return sum;
    }
}
