/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.kernels.cuda;

import dev.gmm.GmmException;
import dev.gmm.spi.Availability;
import dev.gmm.spi.BackendOptions;
import dev.gmm.spi.BackendProvider;
import dev.gmm.spi.ComputeBackend;

/**
 * NVIDIA GPUs through JCuda: ranked above every other backend, since where it runs it is the
 * fastest. Constructing it touches no native library; {@link #probe()} loads JCuda's.
 */
public final class CudaBackendProvider implements BackendProvider {

    public static final String NAME = "cuda";
    public static final int RANK = 300;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int rank() {
        return RANK;
    }

    @Override
    public Availability probe() {
        return CudaEnvironment.get().availability();
    }

    @Override
    public ComputeBackend open(BackendOptions options) {
        CudaEnvironment env = CudaEnvironment.get();
        if (!env.available()) {
            throw new GmmException(
                    GmmException.Category.BACKEND,
                    "backend cuda is not available: " + env.unavailableReason());
        }
        return new CudaBackend(env, options.precision(), options.device());
    }
}
