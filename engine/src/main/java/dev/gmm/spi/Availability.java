/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.spi;

import java.util.List;

/**
 * What a probe found: whether the backend can run, a one-line summary (the reason when it cannot),
 * and the devices it would use, one line each.
 */
public record Availability(boolean available, String summary, List<String> devices) {

    /** An availability; the device list is copied. */
    public Availability {
        devices = List.copyOf(devices);
    }

    /** Available, with a summary and the devices in words. */
    public static Availability available(String summary, List<String> devices) {
        return new Availability(true, summary, devices);
    }

    /** Not available, and why, in words a user can act on. */
    public static Availability unavailable(String reason) {
        return new Availability(false, reason, List.of());
    }
}
