/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.spi;

import dev.gmm.GmmException;
import dev.gmm.Precision;

/**
 * How to open a backend.
 *
 * @param precision width the backend stores rows in and, on devices, computes in
 * @param threads host threads for the CPU backend; 0 means one per available processor
 * @param device device index or name substring for device backends; null or empty for the default
 */
public record BackendOptions(Precision precision, int threads, String device) {

    /** Options, checked. */
    public BackendOptions {
        if (precision == null) {
            throw GmmException.input("precision is required");
        }
        if (threads < 0) {
            throw GmmException.input("threads must be >= 0");
        }
    }

    /** {@code precision}, one thread per processor, the default device. */
    public static BackendOptions defaults(Precision precision) {
        return new BackendOptions(precision, 0, null);
    }
}
