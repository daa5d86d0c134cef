/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm;

import java.util.Locale;

/** The floating-point width a backend stores rows in and, on devices, computes in. */
public enum Precision {
    /** 64-bit floating point. */
    DOUBLE(Double.BYTES),
    /**
     * 32-bit floating point: half the memory, computed with shifted statistics and double partial
     * sums.
     */
    FLOAT(Float.BYTES);

    private final int bytes;

    Precision(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes of one value. */
    public int bytes() {
        return bytes;
    }

    /** The name on the command line and in files: double or float. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The precision named {@code text} (double or float, any case). */
    public static Precision parse(String text) {
        for (Precision p : values()) {
            if (p.id().equalsIgnoreCase(text.trim())) {
                return p;
            }
        }
        throw GmmException.input("unknown precision '" + text + "'; expected double or float");
    }
}
