/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm;

import java.util.Locale;

/**
 * How the EM loop chooses the models it evaluates. Either way every pass is the backend's ordinary
 * statistics pass, and the log-likelihoods of the models kept never decrease.
 */
public enum Acceleration {
    /**
     * SQUAREM (Varadhan and Roland, 2008): two EM steps, an extrapolated point along them, and an
     * EM step from it, three passes an iteration; the default. Where EM crawls it needs a fraction
     * of plain EM's passes.
     */
    SQUAREM,
    /** Plain EM, one pass a step: the iterates are scikit-learn's, step for step. */
    NONE;

    /** The name on the command line and in files: squarem or none. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The acceleration named {@code text} (squarem or none, any case). */
    public static Acceleration parse(String text) {
        for (Acceleration a : values()) {
            if (a.id().equalsIgnoreCase(text.trim())) {
                return a;
            }
        }
        throw GmmException.input("unknown acceleration '" + text + "'; expected squarem or none");
    }
}
