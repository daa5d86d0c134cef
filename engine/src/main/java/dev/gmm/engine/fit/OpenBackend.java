/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.engine.fit;

import dev.gmm.GmmException;
import dev.gmm.Precision;
import dev.gmm.spi.BackendOptions;
import dev.gmm.spi.BackendRegistry;
import dev.gmm.spi.BackendSelection;
import dev.gmm.spi.ComputeBackend;

/**
 * A backend chosen by name through the registry and opened, with the reason it was chosen.
 *
 * @param backend the open backend; {@link #close} closes it
 * @param selection which provider, and why
 */
public record OpenBackend(ComputeBackend backend, BackendSelection selection)
        implements AutoCloseable {

    /**
     * Opens {@code name} ({@code auto} for the best available) in {@code precision}; {@code device}
     * (may be null) picks a device of opencl or cuda, {@code threads} (0: one per processor) the
     * cpu backend's threads.
     */
    public static OpenBackend open(String name, Precision precision, String device, int threads) {
        if (threads < 0) {
            throw GmmException.input("threads must be >= 0 (0: one per processor), got " + threads);
        }
        BackendSelection s = BackendRegistry.load().select(name);
        return new OpenBackend(
                s.provider().open(new BackendOptions(precision, threads, device)), s);
    }

    @Override
    public void close() {
        backend.close();
    }
}
