/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.cli;

/** The exit codes of every gmm command, as the README documents them. */
public final class ExitCodes {

    /** Done. */
    public static final int OK = 0;

    /**
     * A defect of gmm, a device result that disagreed with the CPU reference under --verify, or
     * standard output closed before the results were all written.
     */
    public static final int INTERNAL = 1;

    /**
     * Bad input, bad arguments, or a backend that cannot run here: the message says what to change.
     */
    public static final int INPUT = 2;

    private ExitCodes() {}
}
