/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.kernels.cuda;

import dev.gmm.Precision;
import dev.gmm.spi.Availability;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;
import jcuda.nvrtc.JNvrtc;

/**
 * What this machine offers the CUDA backend, found once per JVM (a native library that failed to
 * load stays failed): the driver, the GPUs, and how the kernels can be delivered (NVRTC compiling
 * the source for the GPU at hand, or the PTX the build shipped). Finding out never throws; every
 * reason it gives is a sentence saying what to install or change.
 */
final class CudaEnvironment {

    /** cuInit's answer when the driver predates the CUDA version JCuda was built for. */
    private static final int CUDA_ERROR_INSUFFICIENT_DRIVER = 35;

    /** JCuda 12's natives are built for CUDA 12.0. */
    private static final int JCUDA_CUDA_VERSION = 12000;

    private static final Pattern MISSING_LIBRARY =
            Pattern.compile("(lib[\\w.+-]+\\.so[.\\d]*): cannot open shared object file");
    private static final Pattern UNDEFINED_SYMBOL = Pattern.compile("undefined symbol: (\\w+)");

    /**
     * One GPU as the driver describes it; {@code sharedOptIn} is the shared memory a block may have
     * when its kernel opts in.
     */
    record Gpu(
            int index,
            String name,
            int major,
            int minor,
            long memoryBytes,
            int multiprocessors,
            int sharedOptIn) {

        String describe() {
            return String.format(
                    Locale.ROOT,
                    "%d: %s, compute capability %d.%d, %d multiprocessors, %.1f GiB",
                    index,
                    name,
                    major,
                    minor,
                    multiprocessors,
                    memoryBytes / (double) (1L << 30));
        }
    }

    private static CudaEnvironment found;

    private final Map<Integer, CUcontext> contexts = new HashMap<>();
    private final Map<String, byte[]> compiled = new HashMap<>();

    private final String unavailable;
    private final int driverVersion;
    private final List<Gpu> gpus;
    private final String nvrtc;
    private final String nvrtcMissing;
    private final KernelSource.Ptx ptx;

    private CudaEnvironment(
            String unavailable,
            int driverVersion,
            List<Gpu> gpus,
            String nvrtc,
            String nvrtcMissing,
            KernelSource.Ptx ptx) {
        this.unavailable = unavailable;
        this.driverVersion = driverVersion;
        this.gpus = List.copyOf(gpus);
        this.nvrtc = nvrtc;
        this.nvrtcMissing = nvrtcMissing;
        this.ptx = ptx;
    }

    private static CudaEnvironment unavailable(String reason) {
        return new CudaEnvironment(reason, 0, List.of(), null, null, null);
    }

    /** The environment, found on first use. Never throws. */
    static synchronized CudaEnvironment get() {
        if (found == null) {
            try {
                found = detect();
            } catch (RuntimeException | LinkageError e) {
                found =
                        unavailable(
                                "the CUDA backend could not start ("
                                        + e
                                        + "); use the cpu backend");
            }
        }
        return found;
    }

    private static CudaEnvironment detect() {
        int init;
        try {
            init = JCudaDriver.cuInit(0);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            return unavailable(whyNativeFailed(e));
        }
        if (init == CUresult.CUDA_ERROR_NO_DEVICE) {
            return unavailable(
                    "the NVIDIA driver is installed but reports no GPU: check nvidia-smi and "
                            + "CUDA_VISIBLE_DEVICES (in a container, start it with the GPUs, e.g. docker run --gpus all)");
        }
        if (init == CUDA_ERROR_INSUFFICIENT_DRIVER) {
            return unavailable(
                    "the NVIDIA driver is older than CUDA 12.0, which the CUDA backend needs: "
                            + "install driver 525 or later");
        }
        if (init == CUresult.CUDA_ERROR_STUB_LIBRARY) {
            return unavailable(
                    "the libcuda.so.1 found is the CUDA toolkit's stub, not the NVIDIA driver: install "
                            + "the driver (or, in a container, start it with the GPUs) and keep the stubs directory off LD_LIBRARY_PATH");
        }
        if (init != CUresult.CUDA_SUCCESS) {
            return unavailable(
                    "the NVIDIA driver did not start (cuInit: "
                            + CUresult.stringFor(init)
                            + "): check that nvidia-smi works");
        }
        int[] value = new int[1];
        JCudaDriver.cuDriverGetVersion(value);
        int driver = value[0];
        if (driver < JCUDA_CUDA_VERSION) {
            return unavailable(
                    "the NVIDIA driver supports CUDA "
                            + version(driver)
                            + ", older than the CUDA 12.0 the CUDA backend needs: install driver 525 or later");
        }
        JCudaDriver.cuDeviceGetCount(value);
        if (value[0] == 0) {
            return unavailable(
                    "the NVIDIA driver reports no GPU: check nvidia-smi and CUDA_VISIBLE_DEVICES");
        }
        List<Gpu> gpus = new ArrayList<>();
        for (int i = 0; i < value[0]; i++) {
            gpus.add(describe(i));
        }
        String nvrtc = null;
        String nvrtcMissing = null;
        try {
            int[] major = new int[1];
            int[] minor = new int[1];
            JNvrtc.nvrtcVersion(major, minor);
            nvrtc = major[0] + "." + minor[0];
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            nvrtcMissing = whyNativeFailed(e);
        }
        KernelSource.Ptx ptx = KernelSource.ptx(Precision.FLOAT).orElse(null);
        if (nvrtc == null) {
            if (ptx == null) {
                return unavailable(
                        "this build of gmm ships no PTX (nvcc was absent when it was built) and NVRTC 12 "
                                + "is not installed ("
                                + nvrtcMissing
                                + "): install CUDA 12's NVRTC (libnvrtc.so.12) or use a build made with nvcc");
            }
            if (driver < ptx.cudaVersion()) {
                return unavailable(
                        "the NVIDIA driver supports CUDA "
                                + version(driver)
                                + ", older than the CUDA "
                                + version(ptx.cudaVersion())
                                + " that made the shipped PTX: update the driver to one for CUDA "
                                + version(ptx.cudaVersion())
                                + " or later, or install CUDA 12's NVRTC (libnvrtc.so.12) so the "
                                + "kernels are compiled for this driver");
            }
            if (gpus.stream().noneMatch(g -> runsShippedPtx(g, ptx))) {
                return unavailable(
                        "the GPUs here are older than compute capability "
                                + ptx.major()
                                + "."
                                + ptx.minor()
                                + ", the oldest the shipped PTX runs on, and NVRTC 12 (libnvrtc.so.12), which would compile "
                                + "for them, is not installed");
            }
        }
        return new CudaEnvironment(null, driver, gpus, nvrtc, nvrtcMissing, ptx);
    }

    private static Gpu describe(int index) {
        CUdevice device = new CUdevice();
        JCudaDriver.cuDeviceGet(device, index);
        byte[] name = new byte[256];
        JCudaDriver.cuDeviceGetName(name, name.length, device);
        int end = 0;
        while (end < name.length && name[end] != 0) {
            end++;
        }
        long[] memory = new long[1];
        JCudaDriver.cuDeviceTotalMem(memory, device);
        return new Gpu(
                index,
                new String(name, 0, end, StandardCharsets.US_ASCII),
                attribute(device, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR),
                attribute(device, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR),
                memory[0],
                attribute(device, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT),
                attribute(
                        device,
                        CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN));
    }

    private static int attribute(CUdevice device, int attribute) {
        int[] v = new int[1];
        JCudaDriver.cuDeviceGetAttribute(v, attribute, device);
        return v[0];
    }

    /**
     * A sentence for a JCuda native library that would not load, naming the system library it
     * lacked.
     */
    static String whyNativeFailed(Throwable e) {
        String message = String.valueOf(e.getMessage());
        Matcher missing = MISSING_LIBRARY.matcher(message);
        if (missing.find()) {
            String library = missing.group(1);
            if (library.startsWith("libcuda.so")) {
                return "no NVIDIA driver here ("
                        + library
                        + " was not found): install the NVIDIA driver, 525 or "
                        + "later, on a machine with an NVIDIA GPU";
            }
            if (library.startsWith("libnvrtc.so")) {
                return library + " was not found";
            }
            return library + " was not found; it is part of CUDA 12";
        }
        Matcher symbol = UNDEFINED_SYMBOL.matcher(message);
        if (symbol.find()) {
            return "the NVIDIA driver lacks "
                    + symbol.group(1)
                    + ", which CUDA 12 has: install driver 525 or later";
        }
        if (e instanceof NoClassDefFoundError) {
            return "JCuda's native library failed to load earlier in this process";
        }
        String os = System.getProperty("os.name") + " " + System.getProperty("os.arch");
        return "JCuda has no native library for "
                + os
                + " in this build: the CUDA backend runs on Linux x86-64";
    }

    static String version(int cudaVersion) {
        return cudaVersion / 1000 + "." + cudaVersion % 1000 / 10;
    }

    private static boolean runsShippedPtx(Gpu g, KernelSource.Ptx ptx) {
        return g.major() * 10 + g.minor() >= ptx.major() * 10 + ptx.minor();
    }

    /**
     * The primary context of {@code g}, retained once and kept for the life of the process, so that
     * opening the backend again (restarts, tests) does not create a context each time.
     */
    synchronized CUcontext context(Gpu g) {
        CUcontext context = contexts.get(g.index());
        if (context == null) {
            CUdevice device = new CUdevice();
            CudaBackend.check(
                    JCudaDriver.cuDeviceGet(device, g.index()), "selecting GPU " + g.index());
            context = new CUcontext();
            CudaBackend.check(
                    JCudaDriver.cuDevicePrimaryCtxRetain(context, device),
                    "creating a context on " + g.name());
            contexts.put(g.index(), context);
        }
        return context;
    }

    /**
     * What NVRTC made for {@code key} earlier in this process, so each GPU and precision compiles
     * once.
     */
    synchronized byte[] compiled(String key, Supplier<byte[]> compile) {
        return compiled.computeIfAbsent(key, k -> compile.get());
    }

    boolean available() {
        return unavailable == null;
    }

    /** Why the backend cannot run here, or null when it can. */
    String unavailableReason() {
        return unavailable;
    }

    List<Gpu> gpus() {
        return gpus;
    }

    int driverVersion() {
        return driverVersion;
    }

    /** NVRTC's version when it is installed. */
    Optional<String> nvrtcVersion() {
        return Optional.ofNullable(nvrtc);
    }

    /** Why NVRTC cannot be used, when it cannot. */
    String nvrtcMissing() {
        return nvrtcMissing;
    }

    Optional<KernelSource.Ptx> shippedPtx() {
        return Optional.ofNullable(ptx);
    }

    /**
     * Whether {@code g} can run the kernels: NVRTC compiles for any GPU, the shipped PTX needs its
     * target or newer.
     */
    boolean canRun(Gpu g) {
        return nvrtc != null
                || ptx != null && runsShippedPtx(g, ptx) && driverVersion >= ptx.cudaVersion();
    }

    /** How the kernels reach the GPU, in words. */
    String kernelDelivery() {
        if (nvrtc != null) {
            return "kernels compiled at run time by NVRTC " + nvrtc;
        }
        return "kernels from the shipped PTX ("
                + ptx.architecture()
                + ", CUDA "
                + version(ptx.cudaVersion())
                + "; NVRTC 12 not found)";
    }

    Availability availability() {
        if (!available()) {
            return Availability.unavailable(unavailable);
        }
        List<String> devices = new ArrayList<>();
        for (Gpu g : gpus) {
            devices.add(g.describe() + (canRun(g) ? "" : " (too old for the shipped PTX)"));
        }
        return Availability.available(
                "NVIDIA driver for CUDA "
                        + version(driverVersion)
                        + "; "
                        + kernelDelivery()
                        + "; float and double; "
                        + KernelPlan.paths()
                        + "; "
                        + CudaBackend.streaming(),
                devices);
    }
}
