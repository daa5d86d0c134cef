/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm;

import java.util.Locale;

/** The floating-point width a backend stores rows in and, on devices, computes in. */
public enum Precision {
    DOUBLE(Double.BYTES),
    FLOAT(Float.BYTES);

    private final int bytes;

    Precision(int bytes) {
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Precision parse(String text) {
        for (Precision p : values()) {
            if (p.id().equalsIgnoreCase(text.trim())) {
                return p;
            }
        }
        throw GmmException.input("unknown precision '" + text + "'; expected double or float");
    }
}
