/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.kernels.opencl;

import com.aparapi.device.OpenCLDevice;
import dev.gmm.spi.Availability;
import dev.gmm.spi.BackendOptions;
import dev.gmm.spi.BackendProvider;
import dev.gmm.spi.ComputeBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * OpenCL through Aparapi. Ranked above the pure-Java backend when a GPU is present, below it when
 * the only devices are CPUs (PoCL on a CPU is a check of the kernels, not a speed-up).
 */
public final class AparapiBackendProvider implements BackendProvider {

    public static final String NAME = "opencl";
    static final int GPU_RANK = 200;
    static final int CPU_RANK = 50;

    private List<OpenCLDevice> devices;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int rank() {
        return devices != null && devices.stream().anyMatch(OpenClDevices::isGpu)
                ? GPU_RANK
                : CPU_RANK;
    }

    @Override
    public Availability probe() {
        Optional<String> unsafe = SignalChaining.missing();
        if (unsafe.isPresent()) {
            devices = List.of();
            return Availability.unavailable(unsafe.get());
        }
        try {
            devices = OpenClDevices.list();
        } catch (Throwable t) {
            // a missing or broken OpenCL runtime shows up as a linkage error from Aparapi's native
            // library
            devices = List.of();
            return Availability.unavailable(
                    "no OpenCL runtime could be loaded ("
                            + t.getClass().getSimpleName()
                            + ": "
                            + t.getMessage()
                            + "); install an OpenCL driver: a GPU vendor's, or pocl-opencl-icd for CPUs");
        }
        if (devices.isEmpty()) {
            return Availability.unavailable(
                    "no OpenCL platform or device found; install an OpenCL driver: a GPU vendor's, "
                            + "or for CPUs PoCL (apt-get install pocl-opencl-icd ocl-icd-libopencl1)");
        }
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            lines.add(OpenClDevices.detail(i, devices.get(i)));
        }
        return Availability.available(
                "Aparapi kernels, float and double (double needs fp64 on the device)", lines);
    }

    @Override
    public ComputeBackend open(BackendOptions options) {
        if (devices == null) {
            probe();
        }
        return new AparapiBackend(
                OpenClDevices.select(devices, options.device()), options.precision());
    }
}
