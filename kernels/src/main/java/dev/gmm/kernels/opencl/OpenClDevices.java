/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.kernels.opencl;

import com.aparapi.device.Device;
import com.aparapi.device.OpenCLDevice;
import com.aparapi.internal.opencl.OpenCLPlatform;
import dev.gmm.GmmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The OpenCL devices Aparapi sees, in a fixed order, and how to pick one by index or name. */
final class OpenClDevices {

    private OpenClDevices() {}

    /** Every device of every platform; an empty list when there is no OpenCL runtime. */
    static List<OpenCLDevice> list() {
        List<OpenCLDevice> out = new ArrayList<>();
        for (OpenCLPlatform platform : OpenCLPlatform.getUncachedOpenCLPlatforms()) {
            out.addAll(platform.getOpenCLDevices());
        }
        return out;
    }

    static boolean isGpu(OpenCLDevice d) {
        return d.getType() == Device.TYPE.GPU;
    }

    static String describe(OpenCLDevice d) {
        return d.getName().trim()
                + " ("
                + d.getType()
                + ", "
                + d.getOpenCLPlatform().getName().trim()
                + ")";
    }

    static String detail(int index, OpenCLDevice d) {
        return "["
                + index
                + "] "
                + describe(d)
                + ", "
                + d.getMaxComputeUnits()
                + " compute units, "
                + (d.getGlobalMemSize() >> 20)
                + " MiB, local memory "
                + (d.getLocalMemSize() >> 10)
                + " KiB";
    }

    /**
     * The device {@code wanted} names (an index into {@link #list()}, or part of a device name), or
     * when it is empty the best: a GPU before anything else, then the most compute units.
     */
    static OpenCLDevice select(List<OpenCLDevice> devices, String wanted) {
        if (devices.isEmpty()) {
            throw new GmmException(GmmException.Category.BACKEND, "no OpenCL device");
        }
        if (wanted == null || wanted.isBlank()) {
            OpenCLDevice best = devices.get(0);
            for (OpenCLDevice d : devices) {
                if (isGpu(d) && !isGpu(best)
                        || isGpu(d) == isGpu(best)
                                && d.getMaxComputeUnits() > best.getMaxComputeUnits()) {
                    best = d;
                }
            }
            return best;
        }
        String w = wanted.trim();
        if (w.chars().allMatch(Character::isDigit)) {
            int i = Integer.parseInt(w);
            if (i < devices.size()) {
                return devices.get(i);
            }
        } else {
            for (OpenCLDevice d : devices) {
                if (d.getName().toLowerCase(Locale.ROOT).contains(w.toLowerCase(Locale.ROOT))) {
                    return d;
                }
            }
        }
        List<String> known = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            known.add(detail(i, devices.get(i)));
        }
        throw GmmException.input(
                "no OpenCL device matches '" + w + "'" + "; devices: " + String.join("; ", known));
    }
}
