/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.spi;

/**
 * A kind of compute backend, found through {@link java.util.ServiceLoader} (a one-line {@code
 * META-INF/services/dev.gmm.spi.BackendProvider} file). Constructing a provider must be cheap and
 * must not touch native libraries: all probing happens in {@link #probe()}.
 */
public interface BackendProvider {

    /** The name users type after {@code --backend}: "cpu", "opencl", "cuda". */
    String name();

    /**
     * Preference for {@code auto}, higher is better. Called after {@link #probe()}, so it may
     * depend on what the probe found (OpenCL on a CPU device ranks below the pure-Java backend).
     */
    int rank();

    /**
     * Whether this backend can run here, and if not, why, in words a user can act on. Never throws.
     */
    Availability probe();

    /** Opens the backend; called only when {@link #probe()} said it is available. */
    ComputeBackend open(BackendOptions options);
}
