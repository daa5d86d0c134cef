/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.cli;

import java.io.IOException;

/**
 * Standard output was closed while a command was still writing to it (the reader of a pipe quit).
 */
final class ClosedOutputException extends IOException {

    private static final long serialVersionUID = 1L;

    ClosedOutputException() {
        super(
                "standard output was closed before all rows were written (the reading end of the pipe quit); stopped");
    }
}
