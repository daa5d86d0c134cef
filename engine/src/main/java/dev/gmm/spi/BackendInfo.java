/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.spi;

import dev.gmm.Precision;
import java.util.List;

/**
 * What an open backend runs on, for summaries and reports.
 *
 * @param backend provider name
 * @param device the device in words ("Java, 2 threads", "NVIDIA H100 80GB HBM3")
 * @param precision the width it computes in
 * @param memory memory it can use, in words
 * @param notes anything a user should know (a fallback mode, a path switched off)
 */
public record BackendInfo(
        String backend, String device, Precision precision, String memory, List<String> notes) {

    /** Backend information; the notes are copied. */
    public BackendInfo {
        notes = List.copyOf(notes);
    }
}
