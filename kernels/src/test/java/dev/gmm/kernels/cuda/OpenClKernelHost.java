/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.kernels.cuda;

import static org.jocl.CL.CL_CONTEXT_PLATFORM;
import static org.jocl.CL.CL_DEVICE_EXTENSIONS;
import static org.jocl.CL.CL_DEVICE_MAX_COMPUTE_UNITS;
import static org.jocl.CL.CL_DEVICE_NAME;
import static org.jocl.CL.CL_DEVICE_TYPE_ALL;
import static org.jocl.CL.CL_MEM_COPY_HOST_PTR;
import static org.jocl.CL.CL_MEM_READ_ONLY;
import static org.jocl.CL.CL_MEM_READ_WRITE;
import static org.jocl.CL.CL_PLATFORM_NAME;
import static org.jocl.CL.CL_PROGRAM_BUILD_LOG;
import static org.jocl.CL.CL_TRUE;

import dev.gmm.Precision;
import dev.gmm.data.DataChunk;
import dev.gmm.engine.conformance.ConformanceCase;
import dev.gmm.engine.cpu.CpuBackend;
import dev.gmm.kernels.opencl.SignalChaining;
import dev.gmm.spi.BackendInfo;
import dev.gmm.spi.ComputeBackend;
import dev.gmm.spi.MixtureParameters;
import dev.gmm.spi.ResidentChunk;
import dev.gmm.spi.RowScores;
import dev.gmm.spi.SufficientStatistics;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.jocl.cl_event;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_platform_id;
import org.jocl.cl_program;
import org.junit.jupiter.api.Assumptions;

/**
 * A test host that runs the CUDA kernel source, compiled as OpenCL C, through JOCL, and launches it
 * the way {@link CudaBackend} does (same {@link KernelPlan}, same arguments, blocks of {@link
 * KernelPlan#THREADS}): with PoCL, CI checks the kernels' arithmetic on a machine with no GPU. The
 * first OpenCL device found is used; the program is built once per precision.
 */
final class OpenClKernelHost implements ComputeBackend {

    /** The OpenCL device, or why there is none. */
    record Device(
            cl_device_id id,
            cl_platform_id platform,
            String name,
            int computeUnits,
            String missing) {}

    private static Device device;
    private static final Map<Precision, Program> PROGRAMS = new EnumMap<>(Precision.class);

    private record Program(
            cl_context context,
            cl_command_queue queue,
            cl_kernel statistics,
            cl_kernel reduce,
            cl_kernel score,
            Map<String, cl_kernel> tiled,
            Map<String, cl_kernel> gemm) {}

    private final Precision precision;
    private final Program program;
    private final int maxBlocks;
    private final List<cl_mem> chunkBuffers = new ArrayList<>();

    /** Sub-tile and tile rows of the GEMM pass for full and tied covariances, or null. */
    private final int[] gemmTiles;

    /** Rows of a slice when streaming ({@link SlicedPass}), or 0 to load whole chunks. */
    private final int sliceRows;

    /** Shared (local) memory the tiled kernels may take per block, as a GPU's opt-in allows. */
    private final int tiledShared;

    private OpenClKernelHost(
            Precision precision,
            Program program,
            int maxBlocks,
            int[] gemmTiles,
            int sliceRows,
            int tiledShared) {
        this.precision = precision;
        this.program = program;
        this.maxBlocks = maxBlocks;
        this.gemmTiles = gemmTiles;
        this.sliceRows = sliceRows;
        this.tiledShared = tiledShared;
    }

    /**
     * The first OpenCL device with fp64 (the kernels' partial sums are double), or why there is
     * none.
     */
    static synchronized Device device() {
        if (device == null) {
            device = findDevice();
        }
        return device;
    }

    private static Device findDevice() {
        Optional<String> unsafe = SignalChaining.missing();
        if (unsafe.isPresent()) {
            return new Device(null, null, null, 0, unsafe.get());
        }
        try {
            CL.setExceptionsEnabled(false);
            int[] count = new int[1];
            // the ICD loader answers CL_PLATFORM_NOT_FOUND_KHR, not 0 platforms, when none is
            // installed
            if (CL.clGetPlatformIDs(0, null, count) != CL.CL_SUCCESS || count[0] == 0) {
                return new Device(
                        null,
                        null,
                        null,
                        0,
                        "no OpenCL platform is installed (for CPUs: apt-get install pocl-opencl-icd)");
            }
            CL.setExceptionsEnabled(true);
            cl_platform_id[] platforms = new cl_platform_id[count[0]];
            CL.clGetPlatformIDs(platforms.length, platforms, null);
            List<String> without = new ArrayList<>();
            for (cl_platform_id platform : platforms) {
                int[] n = new int[1];
                try {
                    CL.clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, 0, null, n);
                } catch (CLException e) {
                    continue;
                }
                cl_device_id[] ids = new cl_device_id[n[0]];
                CL.clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, ids.length, ids, null);
                for (cl_device_id id : ids) {
                    String name = string(id, CL_DEVICE_NAME) + " (" + platformName(platform) + ")";
                    if (!string(id, CL_DEVICE_EXTENSIONS).contains("cl_khr_fp64")) {
                        without.add(name);
                        continue;
                    }
                    int[] units = new int[1];
                    CL.clGetDeviceInfo(
                            id,
                            CL_DEVICE_MAX_COMPUTE_UNITS,
                            Sizeof.cl_int,
                            Pointer.to(units),
                            null);
                    return new Device(id, platform, name, units[0], null);
                }
            }
            return new Device(
                    null,
                    null,
                    null,
                    0,
                    "no OpenCL device with fp64"
                            + (without.isEmpty()
                                    ? ""
                                    : " (found only " + String.join(", ", without) + ")"));
        } catch (LinkageError e) {
            return new Device(
                    null,
                    null,
                    null,
                    0,
                    "JOCL found no OpenCL loader, libOpenCL.so (apt-get install "
                            + "ocl-icd-libopencl1; the build links it into target/opencl-loader): "
                            + e.getMessage());
        } catch (CLException e) {
            return new Device(
                    null, null, null, 0, "OpenCL failed listing its devices: " + e.getMessage());
        }
    }

    /** Skips the calling test, saying why, where there is no OpenCL device to run the kernels. */
    static void assumeDevice() {
        Device dev = device();
        Assumptions.assumeTrue(
                dev.missing() == null,
                () -> "the CUDA kernels run here as OpenCL C, and " + dev.missing());
    }

    /** The CPU reference's statistics for a case, on one thread in double. */
    static SufficientStatistics cpuStatistics(ConformanceCase c) {
        try (CpuBackend cpu = new CpuBackend(Precision.DOUBLE, 1);
                ResidentChunk r = cpu.load(c.data())) {
            return cpu.accumulate(r, c.parameters().parameters());
        }
    }

    /** The kernels' tolerance against the CPU reference ({@code CudaKernelsOnOpenClTest}). */
    static double tolerance(Precision precision) {
        return precision == Precision.DOUBLE ? 1e-12 : 2e-4;
    }

    static OpenClKernelHost open(Precision precision) {
        return open(precision, null, 0, KernelPlan.SHARED_BYTES);
    }

    /**
     * A host whose tiled kernels may take {@code tiledShared} bytes of local memory per block, as
     * the CUDA backend allows them with {@link KernelPlan#SHARED_OPT_IN_PROPERTY}.
     */
    static OpenClKernelHost withSharedMemory(Precision precision, int tiledShared) {
        return open(precision, null, 0, tiledShared);
    }

    /**
     * A host that streams rows it is handed unloaded ({@link #accumulateStreamed}) in slices of
     * {@code sliceRows}, copies on a queue of their own overlapping the kernels, as the CUDA
     * backend does with two streams.
     */
    static OpenClKernelHost sliced(Precision precision, int sliceRows) {
        return open(precision, null, sliceRows, KernelPlan.SHARED_BYTES);
    }

    /**
     * A host whose statistics pass for full and tied covariances is {@link GemmPass}, with tiles of
     * {@code tileRows} rows in sub-tiles of {@code subRows} and {@link JavaBlas} for its GEMMs.
     */
    static OpenClKernelHost gemm(Precision precision, int subRows, int tileRows) {
        return open(precision, new int[] {subRows, tileRows}, 0, KernelPlan.SHARED_BYTES);
    }

    private static synchronized OpenClKernelHost open(
            Precision precision, int[] gemmTiles, int sliceRows, int tiledShared) {
        Device dev = device();
        if (dev.missing() != null) {
            throw new IllegalStateException(dev.missing());
        }
        Program program = PROGRAMS.computeIfAbsent(precision, p -> build(dev, p));
        // a few tiles per block, so the tests cross tile boundaries within a block as a GPU does
        return new OpenClKernelHost(
                precision,
                program,
                Math.max(2, 2 * dev.computeUnits()),
                gemmTiles,
                sliceRows,
                tiledShared);
    }

    private static Program build(Device dev, Precision precision) {
        cl_context_properties props = new cl_context_properties();
        props.addProperty(CL_CONTEXT_PLATFORM, dev.platform());
        cl_context context =
                CL.clCreateContext(props, 1, new cl_device_id[] {dev.id()}, null, null, null);
        @SuppressWarnings("deprecation")
        cl_command_queue queue = CL.clCreateCommandQueue(context, dev.id(), 0, null);
        cl_program program =
                CL.clCreateProgramWithSource(
                        context, 1, new String[] {KernelSource.text()}, null, null);
        String options =
                "-DGMM_DOUBLE="
                        + (precision == Precision.DOUBLE ? 1 : 0)
                        + " -DGMM_THREADS="
                        + KernelPlan.THREADS;
        try {
            CL.clBuildProgram(program, 0, null, options, null, null);
        } catch (CLException e) {
            throw new IllegalStateException(
                    "gmm.cu does not build as OpenCL C: " + buildLog(program, dev.id()), e);
        }
        Map<String, cl_kernel> tiled = new HashMap<>();
        for (int dm : KernelPlan.TILED_DIMS) {
            String name = KernelPlan.tiledKernel(dm);
            tiled.put(name, CL.clCreateKernel(program, name, null));
        }
        Map<String, cl_kernel> gemm = new HashMap<>();
        for (String name : GemmPass.KERNELS) {
            gemm.put(name, CL.clCreateKernel(program, name, null));
        }
        return new Program(
                context,
                queue,
                CL.clCreateKernel(program, "gmm_statistics", null),
                CL.clCreateKernel(program, "gmm_reduce", null),
                CL.clCreateKernel(program, "gmm_score", null),
                tiled,
                gemm);
    }

    @Override
    public BackendInfo info() {
        return new BackendInfo(
                "cuda kernels on OpenCL", device().name(), precision, "host memory", List.of());
    }

    private final class Chunk implements ResidentChunk {
        final int rows;
        final int dims;
        final cl_mem x;
        final cl_mem w;

        Chunk(DataChunk data) {
            rows = data.rows();
            dims = data.dims();
            x =
                    realBuffer(
                            rows * dims,
                            (dst, off) -> data.copyRows(0, rows, dst, off),
                            (dst, off) -> data.copyRows(0, rows, dst, off));
            if (data.weighted()) {
                double[] weights = new double[rows];
                data.copyWeights(0, rows, weights, 0);
                w = readOnly(weights);
            } else {
                w = null;
            }
        }

        @Override
        public int rows() {
            return rows;
        }

        @Override
        public void close() {
            release(x);
            release(w);
        }
    }

    private interface Fill<T> {
        void into(T dst, int offset);
    }

    private cl_mem realBuffer(int length, Fill<float[]> floats, Fill<double[]> doubles) {
        if (precision == Precision.FLOAT) {
            float[] v = new float[length];
            floats.into(v, 0);
            return track(
                    CL.clCreateBuffer(
                            program.context(),
                            CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR,
                            (long) Sizeof.cl_float * Math.max(1, length),
                            Pointer.to(v),
                            null));
        }
        double[] v = new double[length];
        doubles.into(v, 0);
        return track(
                CL.clCreateBuffer(
                        program.context(),
                        CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR,
                        (long) Sizeof.cl_double * Math.max(1, length),
                        Pointer.to(v),
                        null));
    }

    /** {@code v} as the device's REAL: rounded to float in float precision. */
    private cl_mem readOnly(double[] v) {
        return realBuffer(
                v.length,
                (dst, off) -> {
                    float[] f = KernelPlan.toFloats(v);
                    System.arraycopy(f, 0, dst, off, f.length);
                },
                (dst, off) -> System.arraycopy(v, 0, dst, off, v.length));
    }

    private cl_mem ints(int[] v) {
        return track(
                CL.clCreateBuffer(
                        program.context(),
                        CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR,
                        (long) Sizeof.cl_int * v.length,
                        Pointer.to(v),
                        null));
    }

    private cl_mem scratch(long bytes) {
        return track(
                CL.clCreateBuffer(
                        program.context(), CL_MEM_READ_WRITE, Math.max(1, bytes), null, null));
    }

    private cl_mem track(cl_mem m) {
        chunkBuffers.add(m);
        return m;
    }

    private void release(cl_mem m) {
        if (m != null && chunkBuffers.remove(m)) {
            CL.clReleaseMemObject(m);
        }
    }

    @Override
    public ResidentChunk load(DataChunk rows) {
        return new Chunk(rows);
    }

    @Override
    public SufficientStatistics accumulate(ResidentChunk resident, MixtureParameters p) {
        Chunk c = (Chunk) resident;
        KernelPlan plan = KernelPlan.of(p, precision, tiledShared);
        double[] deviceMeans = plan.deviceValues(p.means());
        if (gemmTiles != null && p.covarianceType().needsCrossMoments()) {
            return gemmStatistics(c, p, plan, deviceMeans);
        }
        int blocks = plan.statisticsBlocks(c.rows, maxBlocks);
        int slot = plan.slotLength();
        cl_mem partials = scratch((long) blocks * slot * Sizeof.cl_double);
        cl_mem reduced = scratch((long) slot * Sizeof.cl_double);
        try (Params dp = new Params(plan, p)) {
            enqueueStatistics(program.queue(), plan, dp, c.rows, c.x, c.w, partials, reduced, null);
            CL.clFinish(program.queue());
            return plan.statistics(read(reduced, slot), p, deviceMeans, c.rows);
        } finally {
            release(partials);
            release(reduced);
        }
    }

    /** A host made to stream keeps nothing resident, so a driver streams every chunk to it. */
    @Override
    public long residentBudgetBytes() {
        return sliceRows > 0 ? 0 : Long.MAX_VALUE;
    }

    @Override
    public SufficientStatistics accumulateStreamed(DataChunk rows, MixtureParameters p) {
        if (sliceRows == 0) {
            return ComputeBackend.super.accumulateStreamed(rows, p);
        }
        KernelPlan plan = KernelPlan.of(p, precision, tiledShared);
        try (Sliced sliced = new Sliced(plan, p, rows)) {
            double[] slot = SlicedPass.run(sliced, rows, sliceRows, plan.slotLength());
            return plan.statistics(slot, p, plan.deviceValues(p.means()), rows.rows());
        }
    }

    /**
     * {@link SlicedPass} on OpenCL: rows staged in direct buffers, written on a queue of their own
     * without blocking, the kernels on the program's queue, ordered by events.
     */
    private final class Sliced implements SlicedPass.Device, AutoCloseable {
        private final KernelPlan plan;
        private final Params dp;
        private final int dims;
        private final boolean weighted;
        private final cl_command_queue copies;
        private final ByteBuffer[] hostX = new ByteBuffer[SlicedPass.BUFFERS];
        private final ByteBuffer[] hostW = new ByteBuffer[SlicedPass.BUFFERS];
        private final cl_mem[] devX = new cl_mem[SlicedPass.BUFFERS];
        private final cl_mem[] devW = new cl_mem[SlicedPass.BUFFERS];
        private final cl_event[] uploaded = new cl_event[SlicedPass.BUFFERS];
        private final cl_event[] computed = new cl_event[SlicedPass.BUFFERS];
        private final cl_mem partials;
        private final cl_mem reduced;
        private final cl_mem out;

        @SuppressWarnings("deprecation")
        Sliced(KernelPlan plan, MixtureParameters p, DataChunk rows) {
            this.plan = plan;
            this.dp = new Params(plan, p);
            this.dims = rows.dims();
            this.weighted = rows.weighted();
            this.copies = CL.clCreateCommandQueue(program.context(), device().id(), 0, null);
            int slice = Math.min(sliceRows, Math.max(1, rows.rows()));
            long bytes = (long) slice * dims * precision.bytes();
            for (int b = 0; b < SlicedPass.BUFFERS; b++) {
                hostX[b] = ByteBuffer.allocateDirect((int) bytes).order(ByteOrder.nativeOrder());
                devX[b] = scratch(bytes);
                if (weighted) {
                    hostW[b] =
                            ByteBuffer.allocateDirect(slice * precision.bytes())
                                    .order(ByteOrder.nativeOrder());
                    devW[b] = scratch((long) slice * precision.bytes());
                }
            }
            int slot = plan.slotLength();
            partials =
                    scratch(
                            (long) plan.statisticsBlocks(slice, maxBlocks)
                                    * slot
                                    * Sizeof.cl_double);
            reduced = scratch((long) slot * Sizeof.cl_double);
            int slices = Math.max(1, (rows.rows() + sliceRows - 1) / sliceRows);
            out = scratch((long) slices * slot * Sizeof.cl_double);
        }

        @Override
        public void stage(int buffer, DataChunk data, int from, int count) {
            if (uploaded[buffer] != null) {
                CL.clWaitForEvents(1, new cl_event[] {uploaded[buffer]});
            }
            ByteBuffer x = hostX[buffer].clear();
            if (precision == Precision.FLOAT) {
                float[] v = new float[count * dims];
                data.copyRows(from, count, v, 0);
                x.asFloatBuffer().put(v);
            } else {
                double[] v = new double[count * dims];
                data.copyRows(from, count, v, 0);
                x.asDoubleBuffer().put(v);
            }
            if (weighted) {
                double[] v = new double[count];
                data.copyWeights(from, count, v, 0);
                ByteBuffer w = hostW[buffer].clear();
                if (precision == Precision.FLOAT) {
                    w.asFloatBuffer().put(KernelPlan.toFloats(v));
                } else {
                    w.asDoubleBuffer().put(v);
                }
            }
        }

        @Override
        public void upload(int buffer, int count) {
            cl_event[] after = computed[buffer] == null ? null : new cl_event[] {computed[buffer]};
            cl_event done = new cl_event();
            long real = precision.bytes();
            CL.clEnqueueWriteBuffer(
                    copies,
                    devX[buffer],
                    false,
                    0,
                    (long) count * dims * real,
                    Pointer.to(hostX[buffer]),
                    after == null ? 0 : 1,
                    after,
                    weighted ? null : done);
            if (weighted) {
                CL.clEnqueueWriteBuffer(
                        copies,
                        devW[buffer],
                        false,
                        0,
                        count * real,
                        Pointer.to(hostW[buffer]),
                        0,
                        null,
                        done);
            }
            replace(uploaded, buffer, done);
        }

        @Override
        public void statistics(int buffer, int count, int index) {
            enqueueStatistics(
                    program.queue(),
                    plan,
                    dp,
                    count,
                    devX[buffer],
                    devW[buffer],
                    partials,
                    reduced,
                    uploaded[buffer]);
            long slot = (long) plan.slotLength() * Sizeof.cl_double;
            cl_event done = new cl_event();
            CL.clEnqueueCopyBuffer(
                    program.queue(), reduced, out, 0, index * slot, slot, 0, null, done);
            replace(computed, buffer, done);
        }

        @Override
        public double[] finish(int slices) {
            CL.clFinish(copies);
            CL.clFinish(program.queue());
            return read(out, slices * plan.slotLength());
        }

        private void replace(cl_event[] events, int buffer, cl_event next) {
            if (events[buffer] != null) {
                CL.clReleaseEvent(events[buffer]);
            }
            events[buffer] = next;
        }

        @Override
        public void close() {
            CL.clFinish(copies);
            CL.clFinish(program.queue());
            for (int b = 0; b < SlicedPass.BUFFERS; b++) {
                replace(uploaded, b, null);
                replace(computed, b, null);
                release(devX[b]);
                release(devW[b]);
            }
            release(partials);
            release(reduced);
            release(out);
            dp.close();
            CL.clReleaseCommandQueue(copies);
        }
    }

    private double[] read(cl_mem doubles, int count) {
        double[] out = new double[count];
        CL.clEnqueueReadBuffer(
                program.queue(),
                doubles,
                CL_TRUE,
                0,
                (long) count * Sizeof.cl_double,
                Pointer.to(out),
                0,
                null,
                null);
        return out;
    }

    /** The parameters on the device, as the statistics kernels read them. */
    private final class Params implements AutoCloseable {
        final cl_mem means;
        final cl_mem prec;
        final cl_mem lognorm;
        final cl_mem groups;
        final cl_mem tiledMeans;
        final cl_mem tiledPrec;

        Params(KernelPlan plan, MixtureParameters p) {
            means = readOnly(p.means());
            prec = readOnly(p.precision());
            lognorm = readOnly(p.logNormalizers());
            groups = ints(plan.groups());
            boolean tiled = plan.tiledDims() > 0;
            tiledMeans = tiled ? readOnly(plan.tiledMeans(p)) : null;
            tiledPrec = tiled ? readOnly(plan.tiledPrecision(p)) : null;
        }

        @Override
        public void close() {
            for (cl_mem m : new cl_mem[] {means, prec, lognorm, groups, tiledMeans, tiledPrec}) {
                release(m);
            }
        }
    }

    /**
     * Enqueues on {@code queue}, after {@code after} (or at once when null), the statistics kernel
     * over {@code rows} rows and the reduction of its partials into {@code reduced}.
     */
    private void enqueueStatistics(
            cl_command_queue queue,
            KernelPlan plan,
            Params dp,
            int rows,
            cl_mem x,
            cl_mem w,
            cl_mem partials,
            cl_mem reduced,
            cl_event after) {
        boolean tiled = plan.tiledDims() > 0;
        int blocks = plan.statisticsBlocks(rows, maxBlocks);
        cl_kernel statistics =
                tiled ? program.tiled().get(plan.statisticsKernel()) : program.statistics();
        Args args = new Args(statistics);
        plan.statisticsArgs(
                args,
                rows,
                x,
                w,
                new KernelPlan.ParameterBuffers<>(
                        dp.means, dp.prec, dp.tiledMeans, dp.tiledPrec, dp.lognorm, dp.groups),
                partials);
        args.local(plan.statisticsSharedBytes());
        enqueue(queue, statistics, blocks, after, null);
        plan.reduceArgs(new Args(program.reduce()), partials, blocks, reduced);
        enqueue(queue, program.reduce(), plan.reduceBlocks(), null, null);
    }

    private static void enqueue(
            cl_command_queue queue, cl_kernel kernel, int blocks, cl_event after, cl_event done) {
        CL.clEnqueueNDRangeKernel(
                queue,
                kernel,
                1,
                null,
                new long[] {(long) blocks * KernelPlan.THREADS},
                new long[] {KernelPlan.THREADS},
                after == null ? 0 : 1,
                after == null ? null : new cl_event[] {after},
                done);
    }

    private SufficientStatistics gemmStatistics(
            Chunk c, MixtureParameters p, KernelPlan plan, double[] deviceMeans) {
        GemmPass pass =
                new GemmPass(
                        p.covarianceType(),
                        p.dimensions(),
                        p.components(),
                        precision,
                        gemmTiles[0],
                        gemmTiles[1]);
        List<cl_mem> held = new ArrayList<>();
        try {
            cl_mem means = readOnly(p.means());
            cl_mem prec = readOnly(p.precision());
            cl_mem lognorm = readOnly(p.logNormalizers());
            held.addAll(List.of(means, prec, lognorm));
            cl_mem[] parts = new cl_mem[GemmPass.Part.values().length];
            for (GemmPass.Part part : GemmPass.Part.values()) {
                parts[part.ordinal()] = scratch(pass.bytes(part));
                held.add(parts[part.ordinal()]);
            }
            GemmPass.Workspace<cl_mem> ws =
                    new GemmPass.Workspace<>(
                            parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]);
            double[] slot = pass.run(new GemmDevice(), ws, c.rows, c.x, c.w, means, prec, lognorm);
            return plan.statistics(slot, p, deviceMeans, c.rows);
        } finally {
            held.forEach(this::release);
        }
    }

    /** The kernels of this host's program and {@link JavaBlas}, for {@link GemmPass}. */
    private final class GemmDevice implements GemmPass.Device<cl_mem> {
        @Override
        public GemmPass.Launch<cl_mem> kernel(String name) {
            return new Args(program.gemm().get(name));
        }

        @Override
        public GemmPass.Blas<cl_mem> blas() {
            return new JavaBlas();
        }

        @Override
        public double[] read(cl_mem buffer, int count) {
            return OpenClKernelHost.this.read(buffer, count);
        }
    }

    /**
     * {@link GemmPass.Blas} in plain Java on the host's buffers: reads them, multiplies, writes C
     * back. Sums run in the device's precision in index order, a plain model of a device GEMM's
     * rounding (a GPU's blocked sums round less).
     */
    private final class JavaBlas implements GemmPass.Blas<cl_mem> {
        @Override
        public void gemmStridedBatched(
                boolean transA,
                boolean transB,
                int m,
                int n,
                int k,
                cl_mem a,
                long aOffset,
                int lda,
                long strideA,
                cl_mem b,
                long bOffset,
                int ldb,
                long strideB,
                cl_mem c,
                long cOffset,
                int ldc,
                long strideC,
                int batch) {
            double[] av = readAll(a);
            double[] bv = readAll(b);
            double[] cv = readAll(c);
            boolean single = precision == Precision.FLOAT;
            for (int i = 0; i < batch; i++) {
                long ao = aOffset + i * strideA;
                long bo = bOffset + i * strideB;
                long co = cOffset + i * strideC;
                for (int col = 0; col < n; col++) {
                    for (int row = 0; row < m; row++) {
                        double sum = 0;
                        float fsum = 0;
                        for (int l = 0; l < k; l++) {
                            double x =
                                    av[
                                            (int)
                                                    (ao
                                                            + (transA
                                                                    ? (long) row * lda + l
                                                                    : (long) l * lda + row))];
                            double y =
                                    bv[
                                            (int)
                                                    (bo
                                                            + (transB
                                                                    ? (long) l * ldb + col
                                                                    : (long) col * ldb + l))];
                            if (single) {
                                fsum += (float) x * (float) y;
                            } else {
                                sum += x * y;
                            }
                        }
                        cv[(int) (co + (long) col * ldc + row)] = single ? fsum : sum;
                    }
                }
            }
            writeAll(c, cv);
        }

        private double[] readAll(cl_mem m) {
            long[] size = new long[1];
            CL.clGetMemObjectInfo(m, CL.CL_MEM_SIZE, Sizeof.size_t, Pointer.to(size), null);
            double[] out = new double[(int) (size[0] / precision.bytes())];
            readReals(m, out);
            return out;
        }

        private void writeAll(cl_mem m, double[] v) {
            Pointer data =
                    precision == Precision.FLOAT
                            ? Pointer.to(KernelPlan.toFloats(v))
                            : Pointer.to(v);
            CL.clEnqueueWriteBuffer(
                    program.queue(),
                    m,
                    CL_TRUE,
                    0,
                    (long) v.length * precision.bytes(),
                    data,
                    0,
                    null,
                    null);
        }
    }

    @Override
    public void score(ResidentChunk resident, MixtureParameters p, RowScores out) {
        Chunk c = (Chunk) resident;
        KernelPlan plan = KernelPlan.of(p, precision, tiledShared);
        int k = p.components();
        boolean withResp = out.responsibilities() != null;
        long real = precision.bytes();
        cl_mem means = readOnly(p.means());
        cl_mem prec = readOnly(p.precision());
        cl_mem lognorm = readOnly(p.logNormalizers());
        cl_mem logl = scratch(c.rows * real);
        cl_mem labels = scratch((long) c.rows * Sizeof.cl_int);
        cl_mem resp = withResp ? scratch((long) c.rows * k * real) : null;
        try {
            Args args = new Args(program.score());
            plan.scoreArgs(args, c.rows, c.x, means, prec, lognorm, logl, labels, resp);
            args.local(plan.sharedBytes());
            launch(program.score(), plan.blocks(c.rows, maxBlocks));
            readReals(logl, out.logDensity());
            CL.clEnqueueReadBuffer(
                    program.queue(),
                    labels,
                    CL_TRUE,
                    0,
                    (long) c.rows * Sizeof.cl_int,
                    Pointer.to(out.labels()),
                    0,
                    null,
                    null);
            if (withResp) {
                readReals(resp, out.responsibilities());
            }
        } finally {
            for (cl_mem m : new cl_mem[] {means, prec, lognorm, logl, labels, resp}) {
                release(m);
            }
        }
    }

    private void readReals(cl_mem src, double[] dst) {
        if (precision == Precision.DOUBLE) {
            CL.clEnqueueReadBuffer(
                    program.queue(),
                    src,
                    CL_TRUE,
                    0,
                    (long) dst.length * Sizeof.cl_double,
                    Pointer.to(dst),
                    0,
                    null,
                    null);
            return;
        }
        float[] f = new float[dst.length];
        CL.clEnqueueReadBuffer(
                program.queue(),
                src,
                CL_TRUE,
                0,
                (long) f.length * Sizeof.cl_float,
                Pointer.to(f),
                0,
                null,
                null);
        for (int i = 0; i < f.length; i++) {
            dst[i] = f[i];
        }
    }

    private void launch(cl_kernel kernel, int blocks) {
        enqueue(program.queue(), kernel, blocks, null, null);
        CL.clFinish(program.queue());
    }

    /** Kernel arguments in the plan's order, then the dynamic local memory. */
    private final class Args implements GemmPass.Launch<cl_mem> {
        private final cl_kernel kernel;
        private int index;

        private Args(cl_kernel kernel) {
            this.kernel = kernel;
        }

        @Override
        public void run(int blocks) {
            launch(kernel, blocks);
        }

        @Override
        public Args buffer(cl_mem m) {
            // a null buffer is a null pointer in the kernel, as CUDA gets for an absent array
            CL.clSetKernelArg(kernel, index++, Sizeof.cl_mem, m == null ? null : Pointer.to(m));
            return this;
        }

        @Override
        public Args integer(int v) {
            CL.clSetKernelArg(kernel, index++, Sizeof.cl_int, Pointer.to(new int[] {v}));
            return this;
        }

        Args local(long bytes) {
            CL.clSetKernelArg(kernel, index++, bytes, null);
            return this;
        }
    }

    private static String string(cl_device_id id, int param) {
        long[] size = new long[1];
        CL.clGetDeviceInfo(id, param, 0, null, size);
        byte[] buffer = new byte[(int) size[0]];
        CL.clGetDeviceInfo(id, param, buffer.length, Pointer.to(buffer), null);
        return new String(
                buffer, 0, Math.max(0, buffer.length - 1), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String platformName(cl_platform_id platform) {
        long[] size = new long[1];
        CL.clGetPlatformInfo(platform, CL_PLATFORM_NAME, 0, null, size);
        byte[] buffer = new byte[(int) size[0]];
        CL.clGetPlatformInfo(platform, CL_PLATFORM_NAME, buffer.length, Pointer.to(buffer), null);
        return new String(
                buffer, 0, Math.max(0, buffer.length - 1), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String buildLog(cl_program program, cl_device_id id) {
        long[] size = new long[1];
        CL.clGetProgramBuildInfo(program, id, CL_PROGRAM_BUILD_LOG, 0, null, size);
        byte[] buffer = new byte[(int) size[0]];
        CL.clGetProgramBuildInfo(
                program, id, CL_PROGRAM_BUILD_LOG, buffer.length, Pointer.to(buffer), null);
        return new String(buffer, java.nio.charset.StandardCharsets.UTF_8).trim();
    }

    @Override
    public void close() {
        for (cl_mem m : new ArrayList<>(chunkBuffers)) {
            release(m);
        }
    }
}
