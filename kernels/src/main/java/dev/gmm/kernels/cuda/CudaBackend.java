/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.kernels.cuda;

import dev.gmm.GmmException;
import dev.gmm.Precision;
import dev.gmm.data.DataChunk;
import dev.gmm.spi.BackendInfo;
import dev.gmm.spi.ComputeBackend;
import dev.gmm.spi.MixtureParameters;
import dev.gmm.spi.ResidentChunk;
import dev.gmm.spi.RowScores;
import dev.gmm.spi.SufficientStatistics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUevent;
import jcuda.driver.CUevent_flags;
import jcuda.driver.CUfunction;
import jcuda.driver.CUfunction_attribute;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.CUstream;
import jcuda.driver.CUstream_flags;
import jcuda.driver.JCudaDriver;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.jcublas.cublasMath;
import jcuda.jcublas.cublasOperation;
import jcuda.jcublas.cublasStatus;
import jcuda.nvrtc.JNvrtc;
import jcuda.nvrtc.nvrtcProgram;
import jcuda.nvrtc.nvrtcResult;

/**
 * The statistics pass and scoring on an NVIDIA GPU, through JCuda's driver API and the kernels of
 * {@code gmm.cu} (see {@link KernelPlan}). Rows are copied to the GPU once per chunk and stay
 * there; each step uploads the parameters, runs the fused statistics kernel and the block
 * reduction, and copies back one slot of K (1 + d + moments) + 2 doubles.
 */
final class CudaBackend implements ComputeBackend {

    /**
     * Resident blocks per multiprocessor the grid aims at; fixed, so a GPU model always sums in one
     * order.
     */
    private static final int BLOCKS_PER_MULTIPROCESSOR = 4;

    /** Rows staged through the heap per copy when loading, in bytes. */
    private static final long STAGING_BYTES = 32L << 20;

    /** Device memory for one slice of score outputs. */
    private static final long SCORE_SLICE_BYTES = 256L << 20;

    /**
     * Share of the free device memory offered for resident rows; the rest is kept for the driver
     * and scratch.
     */
    private static final double RESIDENT_SHARE = 0.8;

    /**
     * {@code -Dgmm.cuda.residentBytes=N} caps the resident budget at N bytes, so that a fit whose
     * rows would fit streams them chunk by chunk instead (the GPU bundle's streamed timing).
     */
    private static final long RESIDENT_CAP = Long.getLong("gmm.cuda.residentBytes", Long.MAX_VALUE);

    private final Precision precision;
    private final CudaEnvironment.Gpu gpu;
    private final CUcontext context;
    private final CUmodule module = new CUmodule();
    private final CUfunction statistics = new CUfunction();
    private final Map<String, CUfunction> tiledStatistics = new HashMap<>();
    private final CUfunction reduce = new CUfunction();
    private final CUfunction score = new CUfunction();
    private final Map<String, CUfunction> gemmKernels = new HashMap<>();
    private final String delivery;
    private final long budget;
    private final Set<Chunk> chunks = new LinkedHashSet<>();
    private final List<CUdeviceptr> scratch = new ArrayList<>();
    private Buffer means;
    private Buffer prec;
    private Buffer tiledMeans;
    private Buffer tiledPrec;
    private Buffer lognorm;
    private Buffer groups;
    private Buffer partials;
    private Buffer reduced;
    private Buffer[] gemmWorkspace;
    private cublasHandle cublas;
    private MixtureParameters uploaded;
    private KernelPlan plan;
    private boolean closed;

    CudaBackend(CudaEnvironment env, Precision precision, String deviceChoice) {
        this.precision = precision;
        this.gpu = choose(env, deviceChoice);
        this.context = env.context(gpu);
        current();
        this.delivery = loadModule(env);
        try {
            check(
                    JCudaDriver.cuModuleGetFunction(statistics, module, "gmm_statistics"),
                    "finding gmm_statistics");
            check(
                    JCudaDriver.cuModuleGetFunction(reduce, module, "gmm_reduce"),
                    "finding gmm_reduce");
            check(JCudaDriver.cuModuleGetFunction(score, module, "gmm_score"), "finding gmm_score");
            for (int dm : KernelPlan.TILED_DIMS) {
                String name = KernelPlan.tiledKernel(dm);
                CUfunction f = new CUfunction();
                check(JCudaDriver.cuModuleGetFunction(f, module, name), "finding " + name);
                tiledStatistics.put(name, f);
            }
            for (String name : GemmPass.KERNELS) {
                CUfunction f = new CUfunction();
                check(JCudaDriver.cuModuleGetFunction(f, module, name), "finding " + name);
                gemmKernels.put(name, f);
            }
            long[] free = new long[1];
            long[] total = new long[1];
            check(JCudaDriver.cuMemGetInfo(free, total), "reading free GPU memory");
            this.budget = Math.min((long) (free[0] * RESIDENT_SHARE), RESIDENT_CAP);
        } catch (RuntimeException e) {
            JCudaDriver.cuModuleUnload(module);
            throw e;
        }
    }

    private static CudaEnvironment.Gpu choose(CudaEnvironment env, String choice) {
        List<CudaEnvironment.Gpu> usable = env.gpus().stream().filter(env::canRun).toList();
        if (choice == null || choice.isBlank()) {
            if (usable.isEmpty()) {
                throw new GmmException(
                        GmmException.Category.BACKEND, "no GPU here can run the CUDA kernels");
            }
            return usable.get(0);
        }
        String wanted = choice.trim();
        for (CudaEnvironment.Gpu g : env.gpus()) {
            if (String.valueOf(g.index()).equals(wanted)
                    || g.name()
                            .toLowerCase(Locale.ROOT)
                            .contains(wanted.toLowerCase(Locale.ROOT))) {
                if (!env.canRun(g)) {
                    throw new GmmException(
                            GmmException.Category.BACKEND,
                            "GPU "
                                    + g.describe()
                                    + " is older than the shipped PTX and NVRTC 12 is not installed to compile for it");
                }
                return g;
            }
        }
        StringBuilder known = new StringBuilder();
        for (CudaEnvironment.Gpu g : env.gpus()) {
            known.append(known.length() == 0 ? "" : "; ").append(g.describe());
        }
        throw GmmException.input("no GPU matches '" + wanted + "'; GPUs: " + known);
    }

    /**
     * NVRTC compiles the source for this GPU when it is installed; otherwise, or when that fails,
     * the driver loads the shipped PTX. Returns how the kernels were delivered.
     */
    private String loadModule(CudaEnvironment env) {
        String whyNotNvrtc = "NVRTC 12 is not installed (" + env.nvrtcMissing() + ")";
        if (env.nvrtcVersion().isPresent()) {
            String version = env.nvrtcVersion().get();
            try {
                String arch = "sm_" + gpu.major() + gpu.minor();
                byte[] cubin =
                        env.compiled(arch + "/" + precision.id(), () -> compile(version, arch));
                check(
                        JCudaDriver.cuModuleLoadData(module, cubin),
                        "loading the kernels NVRTC compiled");
                return "kernels compiled by NVRTC " + version + " for " + arch;
            } catch (GmmException e) {
                whyNotNvrtc = e.getMessage();
            }
        }
        String why = whyNotNvrtc;
        KernelSource.Ptx ptx =
                KernelSource.ptx(precision)
                        .orElseThrow(
                                () ->
                                        new GmmException(
                                                GmmException.Category.BACKEND,
                                                "this build of gmm ships no PTX, and " + why));
        int loaded = JCudaDriver.cuModuleLoadData(module, ptx.text());
        if (loaded == CUresult.CUDA_ERROR_UNSUPPORTED_PTX_VERSION) {
            throw new GmmException(
                    GmmException.Category.BACKEND,
                    "the NVIDIA driver (CUDA "
                            + CudaEnvironment.version(env.driverVersion())
                            + ") cannot read the shipped PTX, made by CUDA "
                            + CudaEnvironment.version(ptx.cudaVersion())
                            + ": update the driver; "
                            + why);
        }
        check(loaded, "loading the shipped PTX (" + ptx.architecture() + "); " + why);
        return "kernels from the shipped PTX ("
                + ptx.architecture()
                + ", CUDA "
                + CudaEnvironment.version(ptx.cudaVersion())
                + "): "
                + why;
    }

    /**
     * The kernel source compiled by NVRTC for this GPU and precision. Machine code rather than PTX:
     * a driver loads a CUBIN from any CUDA 12 release, where PTX would need a driver at least as
     * new as the NVRTC that wrote it.
     */
    private byte[] compile(String nvrtcVersion, String arch) {
        nvrtcProgram program = new nvrtcProgram();
        nvrtc(
                JNvrtc.nvrtcCreateProgram(program, KernelSource.text(), "gmm.cu", 0, null, null),
                "creating the program");
        try {
            String[] options = {
                "--gpu-architecture=" + arch,
                "-DGMM_DOUBLE=" + (precision == Precision.DOUBLE ? 1 : 0),
                "-DGMM_THREADS=" + KernelPlan.THREADS,
            };
            int result = JNvrtc.nvrtcCompileProgram(program, options.length, options);
            if (result != nvrtcResult.NVRTC_SUCCESS) {
                String[] log = new String[1];
                JNvrtc.nvrtcGetProgramLog(program, log);
                String firstLine =
                        log[0] == null ? "" : log[0].strip().lines().findFirst().orElse("");
                throw new GmmException(
                        GmmException.Category.BACKEND,
                        "NVRTC "
                                + nvrtcVersion
                                + " could not compile gmm.cu for "
                                + arch
                                + ": "
                                + nvrtcResult.stringFor(result)
                                + " "
                                + firstLine);
            }
            long[] size = new long[1];
            nvrtc(JNvrtc.nvrtcGetCUBINSize(program, size), "sizing the CUBIN");
            byte[] cubin = new byte[(int) size[0]];
            nvrtc(JNvrtc.nvrtcGetCUBIN(program, cubin), "reading the CUBIN");
            return cubin;
        } finally {
            JNvrtc.nvrtcDestroyProgram(program);
        }
    }

    private static void nvrtc(int result, String what) {
        if (result != nvrtcResult.NVRTC_SUCCESS) {
            throw new GmmException(
                    GmmException.Category.BACKEND,
                    "NVRTC failed " + what + ": " + nvrtcResult.stringFor(result));
        }
    }

    static void check(int result, String what) {
        if (result != CUresult.CUDA_SUCCESS) {
            String hint =
                    result == CUresult.CUDA_ERROR_OUT_OF_MEMORY
                            ? ": the GPU is out of memory; use fewer or smaller chunks, Precision.FLOAT, or the cpu backend"
                            : "";
            throw new GmmException(
                    GmmException.Category.BACKEND,
                    "CUDA failed " + what + " (" + CUresult.stringFor(result) + ")" + hint);
        }
    }

    private void current() {
        if (closed) {
            throw new IllegalStateException("the CUDA backend is closed");
        }
        check(JCudaDriver.cuCtxSetCurrent(context), "making the context current");
    }

    @Override
    public BackendInfo info() {
        return new BackendInfo(
                "cuda",
                gpu.name() + " (compute capability " + gpu.major() + "." + gpu.minor() + ")",
                precision,
                String.format(
                        Locale.ROOT,
                        "%.1f GiB, %.1f GiB of it for resident rows",
                        gpu.memoryBytes() / (double) (1L << 30),
                        budget / (double) (1L << 30)),
                List.of(delivery, KernelPlan.paths(), streaming()));
    }

    @Override
    public long residentBudgetBytes() {
        return budget;
    }

    /** Device memory that grows to the largest size asked for and is reused. */
    private final class Buffer {
        private CUdeviceptr ptr;
        private long bytes;

        CUdeviceptr atLeast(long wanted) {
            if (ptr == null || bytes < wanted) {
                free();
                ptr = new CUdeviceptr();
                check(
                        JCudaDriver.cuMemAlloc(ptr, Math.max(1, wanted)),
                        "allocating " + wanted + " bytes");
                scratch.add(ptr);
                bytes = wanted;
            }
            return ptr;
        }

        void free() {
            if (ptr != null) {
                scratch.remove(ptr);
                JCudaDriver.cuMemFree(ptr);
                ptr = null;
            }
        }
    }

    /** Rows (and weights) resident on the GPU. */
    private final class Chunk implements ResidentChunk {
        final int rows;
        final int dims;
        final CUdeviceptr x = new CUdeviceptr();
        final CUdeviceptr w;
        private boolean freed;

        Chunk(DataChunk data) {
            rows = data.rows();
            dims = data.dims();
            long bytes = (long) rows * dims * precision.bytes();
            check(
                    JCudaDriver.cuMemAlloc(x, Math.max(1, bytes)),
                    String.format(
                            Locale.ROOT,
                            "allocating %.1f MiB for %d rows",
                            bytes / 1048576.0,
                            rows));
            CUdeviceptr weights = null;
            try {
                copyRows(data);
                if (data.weighted()) {
                    weights = new CUdeviceptr();
                    check(
                            JCudaDriver.cuMemAlloc(
                                    weights, Math.max(1, (long) rows * precision.bytes())),
                            "allocating row weights");
                    double[] host = new double[rows];
                    data.copyWeights(0, rows, host, 0);
                    upload(weights, host);
                }
            } catch (RuntimeException e) {
                JCudaDriver.cuMemFree(x);
                if (weights != null) {
                    JCudaDriver.cuMemFree(weights);
                }
                throw e;
            }
            w = weights;
        }

        /**
         * Copies the rows up in slices, so the heap holds at most {@link #STAGING_BYTES} of them at
         * once.
         */
        private void copyRows(DataChunk data) {
            long rowBytes = (long) dims * precision.bytes();
            int slice = (int) Math.max(1, Math.min(rows, STAGING_BYTES / Math.max(1, rowBytes)));
            float[] f = precision == Precision.FLOAT ? new float[slice * dims] : null;
            double[] v = precision == Precision.DOUBLE ? new double[slice * dims] : null;
            for (int from = 0; from < rows; from += slice) {
                int count = Math.min(slice, rows - from);
                CUdeviceptr dst = x.withByteOffset(from * rowBytes);
                if (f != null) {
                    data.copyRows(from, count, f, 0);
                    check(
                            JCudaDriver.cuMemcpyHtoD(dst, Pointer.to(f), count * rowBytes),
                            "copying rows to the GPU");
                } else {
                    data.copyRows(from, count, v, 0);
                    check(
                            JCudaDriver.cuMemcpyHtoD(dst, Pointer.to(v), count * rowBytes),
                            "copying rows to the GPU");
                }
            }
        }

        @Override
        public int rows() {
            return rows;
        }

        @Override
        public void close() {
            if (!freed) {
                freed = true;
                chunks.remove(this);
                if (!closed) {
                    current();
                    JCudaDriver.cuMemFree(x);
                    if (w != null) {
                        JCudaDriver.cuMemFree(w);
                    }
                }
            }
        }
    }

    /** {@code v} in the device's precision into {@code dst}. */
    private void upload(CUdeviceptr dst, double[] v) {
        if (precision == Precision.FLOAT) {
            check(
                    JCudaDriver.cuMemcpyHtoD(
                            dst, Pointer.to(KernelPlan.toFloats(v)), (long) v.length * Float.BYTES),
                    "copying to the GPU");
        } else {
            check(
                    JCudaDriver.cuMemcpyHtoD(dst, Pointer.to(v), (long) v.length * Double.BYTES),
                    "copying to the GPU");
        }
    }

    private CUdeviceptr realBuffer(Buffer b, double[] v) {
        CUdeviceptr ptr = b.atLeast((long) v.length * precision.bytes());
        upload(ptr, v);
        return ptr;
    }

    @Override
    public ResidentChunk load(DataChunk rows) {
        current();
        Chunk c = new Chunk(rows);
        chunks.add(c);
        return c;
    }

    private Chunk chunk(ResidentChunk resident, MixtureParameters p) {
        if (!(resident instanceof Chunk c) || !chunks.contains(c)) {
            throw new IllegalArgumentException("not a chunk this CUDA backend holds");
        }
        p.requireDimensions(c.dims);
        return c;
    }

    /** The plan for p's shape on this GPU. */
    private KernelPlan planFor(MixtureParameters p) {
        int tiledShared =
                Boolean.getBoolean(KernelPlan.SHARED_OPT_IN_PROPERTY)
                        ? gpu.sharedOptIn()
                        : KernelPlan.SHARED_BYTES;
        return KernelPlan.of(p, precision, tiledShared);
    }

    /** Dynamic shared memory each kernel has been allowed beyond the default, by opting in. */
    private final Map<CUfunction, Integer> sharedAllowed = new HashMap<>();

    /** Lets {@code f} take {@code dynamicBytes} of shared memory when that is over the default. */
    private void allowShared(CUfunction f, int dynamicBytes) {
        if (dynamicBytes + KernelPlan.STATIC_SHARED_BYTES <= KernelPlan.SHARED_BYTES
                || sharedAllowed.getOrDefault(f, 0) >= dynamicBytes) {
            return;
        }
        check(
                JCudaDriver.cuFuncSetAttribute(
                        f,
                        CUfunction_attribute.CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES,
                        dynamicBytes),
                "opting in to " + dynamicBytes + " bytes of shared memory");
        sharedAllowed.put(f, dynamicBytes);
    }

    /** Uploads p once for all the chunks of a step (the driver hands the same object to each). */
    private void parameters(MixtureParameters p) {
        if (p == uploaded) {
            return;
        }
        if (means == null) {
            means = new Buffer();
            prec = new Buffer();
            tiledMeans = new Buffer();
            tiledPrec = new Buffer();
            lognorm = new Buffer();
            groups = new Buffer();
            partials = new Buffer();
            reduced = new Buffer();
        }
        KernelPlan next = planFor(p);
        if (plan == null || !plan.fits(p)) {
            int[] table = next.groups();
            CUdeviceptr g = groups.atLeast((long) table.length * Integer.BYTES);
            check(
                    JCudaDriver.cuMemcpyHtoD(
                            g, Pointer.to(table), (long) table.length * Integer.BYTES),
                    "copying the group table");
        }
        plan = next;
        realBuffer(means, p.means());
        realBuffer(prec, p.precision());
        realBuffer(lognorm, p.logNormalizers());
        if (plan.tiledDims() > 0) {
            realBuffer(tiledMeans, plan.tiledMeans(p));
            realBuffer(tiledPrec, plan.tiledPrecision(p));
        }
        uploaded = p;
    }

    private int maxBlocks() {
        return BLOCKS_PER_MULTIPROCESSOR * Math.max(1, gpu.multiprocessors());
    }

    @Override
    public SufficientStatistics accumulate(ResidentChunk resident, MixtureParameters p) {
        current();
        Chunk c = chunk(resident, p);
        parameters(p);
        if (plan.gemm()) {
            return plan.statistics(gemmStatistics(c, p), p, plan.deviceValues(p.means()), c.rows);
        }
        int slot = plan.slotLength();
        partials.atLeast(partialBytes(c.rows));
        CUdeviceptr out = reduced.atLeast((long) slot * Double.BYTES);
        launchStatistics(c.rows, c.x, c.w, out, null);
        return plan.statistics(doubles(out, slot), p, plan.deviceValues(p.means()), c.rows);
    }

    /** The first {@code count} doubles at {@code src}: reduced statistics, copied back. */
    private static double[] doubles(CUdeviceptr src, int count) {
        double[] host = new double[count];
        check(
                JCudaDriver.cuMemcpyDtoH(Pointer.to(host), src, (long) count * Double.BYTES),
                "copying the statistics back");
        return host;
    }

    /** Bytes of the partial sums of a statistics pass over {@code rows} rows. */
    private long partialBytes(int rows) {
        return (long) plan.statisticsBlocks(rows, maxBlocks()) * plan.slotLength() * Double.BYTES;
    }

    /**
     * Launches the fused statistics kernel over {@code rows} rows and the reduction of its partials
     * into {@code out}, on {@code stream} (null: the default stream). The partials buffer must
     * already hold {@link #partialBytes} for them.
     */
    private void launchStatistics(
            int rows, CUdeviceptr x, CUdeviceptr w, CUdeviceptr out, CUstream stream) {
        int blocks = plan.statisticsBlocks(rows, maxBlocks());
        boolean tiled = plan.tiledDims() > 0;
        CUfunction f = tiled ? tiledStatistics.get(plan.statisticsKernel()) : statistics;
        allowShared(f, plan.statisticsSharedBytes());
        Launch stats = new Launch(f);
        plan.statisticsArgs(
                stats,
                rows,
                x,
                w,
                new KernelPlan.ParameterBuffers<>(
                        means.ptr,
                        prec.ptr,
                        tiledMeans.ptr,
                        tiledPrec.ptr,
                        lognorm.ptr,
                        groups.ptr),
                partials.ptr);
        stats.run(blocks, plan.statisticsSharedBytes(), stream);
        Launch sum = new Launch(reduce);
        plan.reduceArgs(sum, partials.ptr, blocks, out);
        sum.run(plan.reduceBlocks(), 0, stream);
    }

    /**
     * -Dgmm.cuda.overlap=true: rows that are not resident stream in slices through pinned buffers,
     * each copy overlapping the statistics of the slice before ({@link SlicedPass}). Off by
     * default, as it has not yet run on a GPU: streamed chunks are then loaded whole, one at a
     * time.
     */
    static final String OVERLAP_PROPERTY = "gmm.cuda.overlap";

    /** -Dgmm.cuda.sliceBytes=N: bytes of rows per slice when streaming with overlap. */
    private static final long SLICE_BYTES = Long.getLong("gmm.cuda.sliceBytes", 32L << 20);

    private Streamer streamer;

    /** How rows beyond the resident budget reach the GPU, in words, for {@code gmm backends}. */
    static String streaming() {
        return Boolean.getBoolean(OVERLAP_PROPERTY)
                ? "rows beyond the resident budget stream in slices of "
                        + (SLICE_BYTES >> 20)
                        + " MiB, each copy overlapping the kernels (-D"
                        + OVERLAP_PROPERTY
                        + "=true; not yet verified on a GPU)"
                : "rows beyond the resident budget are copied a chunk at a time (slices overlapping"
                        + " the kernels with -D"
                        + OVERLAP_PROPERTY
                        + "=true, not yet verified on a GPU)";
    }

    @Override
    public SufficientStatistics accumulateStreamed(DataChunk rows, MixtureParameters p) {
        current();
        p.requireDimensions(rows.dims());
        parameters(p);
        if (!Boolean.getBoolean(OVERLAP_PROPERTY) || plan.gemm()) {
            return ComputeBackend.super.accumulateStreamed(rows, p);
        }
        // the parameters' copies ran on the default stream, which the slices' streams do not wait
        // on
        check(JCudaDriver.cuCtxSynchronize(), "waiting for the parameters' copy");
        int sliceRows = SlicedPass.sliceRows(SLICE_BYTES, rows.dims(), precision.bytes());
        if (streamer == null || !streamer.holds(sliceRows, rows.dims())) {
            if (streamer != null) {
                streamer.free();
            }
            streamer = new Streamer(sliceRows, rows.dims());
        }
        int slot = plan.slotLength();
        int slices = Math.max(1, (rows.rows() + sliceRows - 1) / sliceRows);
        partials.atLeast(partialBytes(Math.min(sliceRows, rows.rows())));
        reduced.atLeast((long) slices * slot * Double.BYTES);
        double[] sums = SlicedPass.run(streamer, rows, sliceRows, slot);
        return plan.statistics(sums, p, plan.deviceValues(p.means()), rows.rows());
    }

    /**
     * {@link SlicedPass} on the GPU: two pinned staging buffers, two device row buffers, a stream
     * for the copies and one for the kernels, ordered by events. The slices' reduced slots go to
     * {@code reduced}, one after another.
     */
    private final class Streamer implements SlicedPass.Device {
        private final int sliceRows;
        private final int dims;
        private final Pointer[] hostX = new Pointer[SlicedPass.BUFFERS];
        private final Pointer[] hostW = new Pointer[SlicedPass.BUFFERS];
        private final CUdeviceptr[] devX = new CUdeviceptr[SlicedPass.BUFFERS];
        private final CUdeviceptr[] devW = new CUdeviceptr[SlicedPass.BUFFERS];
        private final CUevent[] uploaded = new CUevent[SlicedPass.BUFFERS];
        private final CUevent[] computed = new CUevent[SlicedPass.BUFFERS];
        private final CUstream copies = new CUstream();
        private final CUstream kernels = new CUstream();
        private final float[] floats;
        private final double[] doubles;
        private final double[] weights;
        private boolean weighted;

        Streamer(int sliceRows, int dims) {
            this.sliceRows = sliceRows;
            this.dims = dims;
            long real = precision.bytes();
            long bytes = (long) sliceRows * dims * real;
            floats = precision == Precision.FLOAT ? new float[sliceRows * dims] : null;
            doubles = precision == Precision.DOUBLE ? new double[sliceRows * dims] : null;
            weights = new double[sliceRows];
            try {
                check(
                        JCudaDriver.cuStreamCreate(copies, CUstream_flags.CU_STREAM_NON_BLOCKING),
                        "creating a stream");
                check(
                        JCudaDriver.cuStreamCreate(kernels, CUstream_flags.CU_STREAM_NON_BLOCKING),
                        "creating a stream");
                for (int b = 0; b < SlicedPass.BUFFERS; b++) {
                    hostX[b] = new Pointer();
                    check(JCudaDriver.cuMemAllocHost(hostX[b], bytes), "pinning host memory");
                    hostW[b] = new Pointer();
                    check(
                            JCudaDriver.cuMemAllocHost(hostW[b], sliceRows * real),
                            "pinning host memory");
                    devX[b] = new CUdeviceptr();
                    check(JCudaDriver.cuMemAlloc(devX[b], bytes), "allocating a slice");
                    devW[b] = new CUdeviceptr();
                    check(JCudaDriver.cuMemAlloc(devW[b], sliceRows * real), "allocating a slice");
                    uploaded[b] = new CUevent();
                    check(
                            JCudaDriver.cuEventCreate(
                                    uploaded[b], CUevent_flags.CU_EVENT_DISABLE_TIMING),
                            "creating an event");
                    computed[b] = new CUevent();
                    check(
                            JCudaDriver.cuEventCreate(
                                    computed[b], CUevent_flags.CU_EVENT_DISABLE_TIMING),
                            "creating an event");
                }
            } catch (RuntimeException e) {
                free();
                throw e;
            }
        }

        boolean holds(int rows, int d) {
            return rows == sliceRows && d == dims;
        }

        @Override
        public void stage(int buffer, DataChunk data, int from, int count) {
            weighted = data.weighted();
            check(JCudaDriver.cuEventSynchronize(uploaded[buffer]), "waiting for a copy");
            long real = precision.bytes();
            java.nio.ByteBuffer x =
                    hostX[buffer]
                            .getByteBuffer(0, (long) count * dims * real)
                            .order(java.nio.ByteOrder.nativeOrder());
            if (floats != null) {
                data.copyRows(from, count, floats, 0);
                x.asFloatBuffer().put(floats, 0, count * dims);
            } else {
                data.copyRows(from, count, doubles, 0);
                x.asDoubleBuffer().put(doubles, 0, count * dims);
            }
            if (weighted) {
                data.copyWeights(from, count, weights, 0);
                java.nio.ByteBuffer w =
                        hostW[buffer]
                                .getByteBuffer(0, count * real)
                                .order(java.nio.ByteOrder.nativeOrder());
                if (floats != null) {
                    java.nio.FloatBuffer f = w.asFloatBuffer();
                    for (int i = 0; i < count; i++) {
                        f.put(i, (float) weights[i]);
                    }
                } else {
                    w.asDoubleBuffer().put(weights, 0, count);
                }
            }
        }

        @Override
        public void upload(int buffer, int count) {
            long real = precision.bytes();
            check(JCudaDriver.cuStreamWaitEvent(copies, computed[buffer], 0), "ordering a copy");
            check(
                    JCudaDriver.cuMemcpyHtoDAsync(
                            devX[buffer], hostX[buffer], (long) count * dims * real, copies),
                    "copying a slice to the GPU");
            if (weighted) {
                check(
                        JCudaDriver.cuMemcpyHtoDAsync(
                                devW[buffer], hostW[buffer], count * real, copies),
                        "copying a slice's weights to the GPU");
            }
            check(JCudaDriver.cuEventRecord(uploaded[buffer], copies), "recording a copy");
        }

        @Override
        public void statistics(int buffer, int count, int index) {
            check(JCudaDriver.cuStreamWaitEvent(kernels, uploaded[buffer], 0), "ordering a pass");
            CUdeviceptr out =
                    reduced.ptr.withByteOffset((long) index * plan.slotLength() * Double.BYTES);
            launchStatistics(count, devX[buffer], weighted ? devW[buffer] : null, out, kernels);
            check(JCudaDriver.cuEventRecord(computed[buffer], kernels), "recording a pass");
        }

        @Override
        public double[] finish(int slices) {
            check(JCudaDriver.cuStreamSynchronize(kernels), "waiting for the slices");
            return doubles(reduced.ptr, slices * plan.slotLength());
        }

        /** Frees what was made; the constructor calls it when it fails halfway. */
        void free() {
            JCudaDriver.cuCtxSynchronize();
            for (int b = 0; b < SlicedPass.BUFFERS; b++) {
                for (Pointer host : new Pointer[] {hostX[b], hostW[b]}) {
                    if (host != null) {
                        JCudaDriver.cuMemFreeHost(host);
                    }
                }
                for (CUdeviceptr dev : new CUdeviceptr[] {devX[b], devW[b]}) {
                    if (dev != null) {
                        JCudaDriver.cuMemFree(dev);
                    }
                }
                for (CUevent event : new CUevent[] {uploaded[b], computed[b]}) {
                    if (event != null) {
                        JCudaDriver.cuEventDestroy(event);
                    }
                }
            }
            JCudaDriver.cuStreamDestroy(copies);
            JCudaDriver.cuStreamDestroy(kernels);
        }
    }

    @Override
    public void score(ResidentChunk resident, MixtureParameters p, RowScores out) {
        current();
        Chunk c = chunk(resident, p);
        if (out.rows() != c.rows || out.components() != p.components()) {
            throw new IllegalArgumentException(
                    "scores sized for "
                            + out.rows()
                            + " x "
                            + out.components()
                            + ", chunk is "
                            + c.rows
                            + " x "
                            + p.components());
        }
        parameters(p);
        int k = p.components();
        boolean withResp = out.responsibilities() != null;
        long real = precision.bytes();
        long perRow = real + Integer.BYTES + (withResp ? k * real : 0);
        int slice = (int) Math.max(1, Math.min(c.rows, SCORE_SLICE_BYTES / perRow));
        CUdeviceptr logl = new CUdeviceptr();
        CUdeviceptr labels = new CUdeviceptr();
        CUdeviceptr resp = new CUdeviceptr();
        try {
            check(JCudaDriver.cuMemAlloc(logl, slice * real), "allocating scores");
            check(
                    JCudaDriver.cuMemAlloc(labels, (long) slice * Integer.BYTES),
                    "allocating labels");
            if (withResp) {
                check(
                        JCudaDriver.cuMemAlloc(resp, slice * k * real),
                        "allocating responsibilities");
            }
            for (int from = 0; from < c.rows; from += slice) {
                int count = Math.min(slice, c.rows - from);
                Launch scores = new Launch(score);
                plan.scoreArgs(
                        scores,
                        count,
                        c.x.withByteOffset((long) from * c.dims * real),
                        means.ptr,
                        prec.ptr,
                        lognorm.ptr,
                        logl,
                        labels,
                        withResp ? resp : null);
                scores.run(plan.blocks(count, maxBlocks()), plan.sharedBytes());
                download(logl, out.logDensity(), from, count);
                int[] l = new int[count];
                check(
                        JCudaDriver.cuMemcpyDtoH(
                                Pointer.to(l), labels, (long) count * Integer.BYTES),
                        "copying labels back");
                System.arraycopy(l, 0, out.labels(), from, count);
                if (withResp) {
                    download(resp, out.responsibilities(), from * k, count * k);
                }
            }
        } finally {
            JCudaDriver.cuMemFree(logl);
            JCudaDriver.cuMemFree(labels);
            if (withResp) {
                JCudaDriver.cuMemFree(resp);
            }
        }
    }

    /** {@code count} device values into {@code dst[at..]}, widened to double. */
    private void download(CUdeviceptr src, double[] dst, int at, int count) {
        if (precision == Precision.DOUBLE) {
            double[] v = new double[count];
            check(
                    JCudaDriver.cuMemcpyDtoH(Pointer.to(v), src, (long) count * Double.BYTES),
                    "copying scores back");
            System.arraycopy(v, 0, dst, at, count);
        } else {
            float[] v = new float[count];
            check(
                    JCudaDriver.cuMemcpyDtoH(Pointer.to(v), src, (long) count * Float.BYTES),
                    "copying scores back");
            for (int i = 0; i < count; i++) {
                dst[at + i] = v[i];
            }
        }
    }

    /** The GEMM statistics pass over a chunk, on JCublas; the slot {@link KernelPlan} unpacks. */
    private double[] gemmStatistics(Chunk c, MixtureParameters p) {
        GemmPass pass = new GemmPass(p.covarianceType(), p.dimensions(), p.components(), precision);
        if (gemmWorkspace == null) {
            gemmWorkspace = new Buffer[GemmPass.Part.values().length];
            for (int i = 0; i < gemmWorkspace.length; i++) {
                gemmWorkspace[i] = new Buffer();
            }
        }
        CUdeviceptr[] parts = new CUdeviceptr[gemmWorkspace.length];
        for (GemmPass.Part part : GemmPass.Part.values()) {
            parts[part.ordinal()] = gemmWorkspace[part.ordinal()].atLeast(pass.bytes(part));
        }
        GemmPass.Workspace<CUdeviceptr> ws =
                new GemmPass.Workspace<>(
                        parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]);
        return pass.run(new GemmDevice(), ws, c.rows, c.x, c.w, means.ptr, prec.ptr, lognorm.ptr);
    }

    /** This backend's kernels and cuBLAS, for {@link GemmPass}. */
    private final class GemmDevice implements GemmPass.Device<CUdeviceptr> {
        @Override
        public GemmPass.Launch<CUdeviceptr> kernel(String name) {
            return new Launch(gemmKernels.get(name));
        }

        @Override
        public GemmPass.Blas<CUdeviceptr> blas() {
            return CudaBackend.this::gemmStridedBatched;
        }

        @Override
        public double[] read(CUdeviceptr buffer, int count) {
            return doubles(buffer, count);
        }
    }

    /**
     * -Dgmm.cuda.tf32=true lets cuBLAS round float GEMM inputs to TF32 on tensor cores; off, its
     * float GEMMs are IEEE single precision throughout.
     */
    static final String TF32_PROPERTY = "gmm.cuda.tf32";

    /** The thin JCublas adapter: the only part of the GEMM pass that needs a GPU to run. */
    private void gemmStridedBatched(
            boolean transA,
            boolean transB,
            int m,
            int n,
            int k,
            CUdeviceptr a,
            long aOffset,
            int lda,
            long strideA,
            CUdeviceptr b,
            long bOffset,
            int ldb,
            long strideB,
            CUdeviceptr c,
            long cOffset,
            int ldc,
            long strideC,
            int batch) {
        if (cublas == null) {
            cublasHandle handle = new cublasHandle();
            try {
                cublasCheck(JCublas2.cublasCreate(handle), "starting cuBLAS");
            } catch (LinkageError e) {
                throw new GmmException(
                        GmmException.Category.BACKEND,
                        "cuBLAS could not be loaded ("
                                + e.getMessage()
                                + "); run without -D"
                                + KernelPlan.CUBLAS_PROPERTY);
            }
            cublasCheck(
                    JCublas2.cublasSetMathMode(
                            handle,
                            Boolean.getBoolean(TF32_PROPERTY)
                                    ? cublasMath.CUBLAS_TF32_TENSOR_OP_MATH
                                    : cublasMath.CUBLAS_DEFAULT_MATH),
                    "setting cuBLAS's math mode");
            cublas = handle;
        }
        long real = precision.bytes();
        int opA = transA ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N;
        int opB = transB ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N;
        Pointer pa = a.withByteOffset(aOffset * real);
        Pointer pb = b.withByteOffset(bOffset * real);
        Pointer pc = c.withByteOffset(cOffset * real);
        int status;
        if (precision == Precision.FLOAT) {
            Pointer one = Pointer.to(new float[] {1f});
            Pointer zero = Pointer.to(new float[] {0f});
            status =
                    JCublas2.cublasSgemmStridedBatched(
                            cublas, opA, opB, m, n, k, one, pa, lda, strideA, pb, ldb, strideB,
                            zero, pc, ldc, strideC, batch);
        } else {
            Pointer one = Pointer.to(new double[] {1});
            Pointer zero = Pointer.to(new double[] {0});
            status =
                    JCublas2.cublasDgemmStridedBatched(
                            cublas, opA, opB, m, n, k, one, pa, lda, strideA, pb, ldb, strideB,
                            zero, pc, ldc, strideC, batch);
        }
        cublasCheck(status, "in a batched GEMM");
    }

    private static void cublasCheck(int status, String what) {
        if (status != cublasStatus.CUBLAS_STATUS_SUCCESS) {
            throw new GmmException(
                    GmmException.Category.BACKEND,
                    "cuBLAS failed " + what + " (" + cublasStatus.stringFor(status) + ")");
        }
    }

    /** A launch of one kernel: its arguments as the driver API takes them, in the plan's order. */
    private static final class Launch implements GemmPass.Launch<CUdeviceptr> {
        private final CUfunction function;
        private final List<Pointer> args = new ArrayList<>();

        Launch(CUfunction function) {
            this.function = function;
        }

        @Override
        public Launch buffer(CUdeviceptr b) {
            args.add(Pointer.to(b != null ? b : new CUdeviceptr()));
            return this;
        }

        @Override
        public Launch integer(int v) {
            args.add(Pointer.to(new int[] {v}));
            return this;
        }

        @Override
        public void run(int blocks) {
            run(blocks, 0, null);
        }

        void run(int blocks, int sharedBytes) {
            run(blocks, sharedBytes, null);
        }

        void run(int blocks, int sharedBytes, CUstream stream) {
            check(
                    JCudaDriver.cuLaunchKernel(
                            function,
                            blocks,
                            1,
                            1,
                            KernelPlan.THREADS,
                            1,
                            1,
                            sharedBytes,
                            stream,
                            Pointer.to(args.toArray(Pointer[]::new)),
                            null),
                    "launching a kernel");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            current();
            for (Chunk c : new ArrayList<>(chunks)) {
                c.close();
            }
            for (CUdeviceptr ptr : new ArrayList<>(scratch)) {
                JCudaDriver.cuMemFree(ptr);
            }
            scratch.clear();
            if (streamer != null) {
                streamer.free();
            }
            if (cublas != null) {
                JCublas2.cublasDestroy(cublas);
            }
            JCudaDriver.cuModuleUnload(module);
        } finally {
            closed = true;
        }
    }
}
