/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.kernels.opencl;

import com.aparapi.Range;
import com.aparapi.device.OpenCLDevice;
import dev.gmm.GmmException;
import dev.gmm.Precision;
import dev.gmm.data.DataChunk;
import dev.gmm.spi.BackendInfo;
import dev.gmm.spi.ComputeBackend;
import dev.gmm.spi.MixtureParameters;
import dev.gmm.spi.ResidentChunk;
import dev.gmm.spi.RowScores;
import dev.gmm.spi.SufficientStatistics;
import java.util.List;

/**
 * The statistics pass on an OpenCL device, through Aparapi kernels written in Java. Rows go to the
 * device once per chunk; each pass uploads only the parameters and reads back one slice of partial
 * sums per work-group. Aparapi's fallback to Java threads is treated as a failure, never passed off
 * as an OpenCL run.
 */
final class AparapiBackend implements ComputeBackend {

    /** Work-items per group: a multiple of every GPU's SIMD width, and cheap on CPU devices. */
    static final int LOCAL_SIZE = 64;

    private final OpenCLDevice device;
    private final Precision precision;
    private final long residentBudget;

    AparapiBackend(OpenCLDevice device, Precision precision) {
        // leave room for the partial sums, the parameters and what else shares the device
        this(device, precision, device.getGlobalMemSize() / 2);
    }

    /** With an explicit budget for resident rows, so that tests can make a small device. */
    AparapiBackend(OpenCLDevice device, Precision precision, long residentBudget) {
        this.device = device;
        this.precision = precision;
        this.residentBudget = residentBudget;
    }

    @Override
    public BackendInfo info() {
        return new BackendInfo(
                "opencl",
                OpenClDevices.describe(device),
                precision,
                (device.getGlobalMemSize() >> 20) + " MiB device memory",
                List.of());
    }

    @Override
    public long residentBudgetBytes() {
        return Math.min(residentBudget, heapRoom());
    }

    /**
     * Half the heap still free: Aparapi moves rows to the device from Java arrays, so a resident
     * chunk is also held on the heap, and rows beyond this are streamed instead of running the JVM
     * out of memory.
     */
    static long heapRoom() {
        Runtime rt = Runtime.getRuntime();
        return (rt.maxMemory() - (rt.totalMemory() - rt.freeMemory())) / 2;
    }

    @Override
    public ResidentChunk load(DataChunk rows) {
        long bytes = (long) rows.rows() * rows.dims() * precision.bytes();
        if (bytes > device.getMaxMemAllocSize()) {
            throw new GmmException(
                    GmmException.Category.BACKEND,
                    "a chunk of "
                            + (bytes >> 20)
                            + " MiB exceeds the largest buffer "
                            + OpenClDevices.describe(device)
                            + " allows ("
                            + (device.getMaxMemAllocSize() >> 20)
                            + " MiB)");
        }
        return new Chunk(rows);
    }

    @Override
    public SufficientStatistics accumulate(ResidentChunk chunk, MixtureParameters p) {
        Chunk c = (Chunk) chunk;
        SufficientStatistics st = c.kernel(p).statistics(c.range, p);
        c.checkRanOnDevice();
        return st;
    }

    @Override
    public void score(ResidentChunk chunk, MixtureParameters p, RowScores out) {
        Chunk c = (Chunk) chunk;
        c.kernel(p).score(c.range, p, out);
        c.checkRanOnDevice();
    }

    @Override
    public void close() {
        // kernels belong to chunks, which their owners close
    }

    /** A chunk's rows in the backend's width, and the kernel for the current parameter shape. */
    private final class Chunk implements ResidentChunk {
        private final int rows;
        private final int dims;
        private final float[] floats;
        private final double[] doubles;
        private final double[] weights;
        private ChunkKernel kernel;
        private KernelShape shape;
        private Range range;

        Chunk(DataChunk data) {
            rows = data.rows();
            dims = data.dims();
            if (precision == Precision.FLOAT) {
                floats = new float[rows * dims];
                data.copyRows(0, rows, floats, 0);
                doubles = null;
            } else {
                doubles = new double[rows * dims];
                data.copyRows(0, rows, doubles, 0);
                floats = null;
            }
            if (data.weighted()) {
                weights = new double[rows];
                data.copyWeights(0, rows, weights, 0);
            } else {
                weights = null;
            }
        }

        /**
         * The kernel for p's shape: reused across passes, rebuilt (rows uploaded again) when the
         * shape changes.
         */
        ChunkKernel kernel(MixtureParameters p) {
            p.requireDimensions(dims);
            if (kernel != null && shape.fits(p)) {
                return kernel;
            }
            close();
            shape =
                    KernelShape.of(
                            p,
                            rows,
                            precision.bytes(),
                            device.getLocalMemSize(),
                            device.getMaxComputeUnits());
            if (precision == Precision.FLOAT) {
                float[] w = null;
                if (weights != null) {
                    w = new float[rows];
                    for (int i = 0; i < rows; i++) {
                        w[i] = (float) weights[i];
                    }
                }
                kernel = new FloatStatisticsKernel(floats, w, rows, dims, shape);
            } else {
                kernel = new DoubleStatisticsKernel(doubles, weights, rows, dims, shape);
            }
            range = device.createRange(shape.groups() * LOCAL_SIZE, LOCAL_SIZE);
            return kernel;
        }

        void checkRanOnDevice() {
            if (!kernel.isRunningCL()) {
                String hint =
                        precision == Precision.DOUBLE
                                ? "; the device may lack double precision (fp64): try Precision.FLOAT"
                                : "";
                throw new GmmException(
                        GmmException.Category.BACKEND,
                        "the OpenCL kernel could not run on "
                                + OpenClDevices.describe(device)
                                + " and Aparapi fell back to Java threads (its log above says why)"
                                + hint);
            }
        }

        @Override
        public int rows() {
            return rows;
        }

        @Override
        public void close() {
            if (kernel != null) {
                kernel.dispose();
                kernel = null;
            }
        }
    }
}
