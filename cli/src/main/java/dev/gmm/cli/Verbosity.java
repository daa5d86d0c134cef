/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.cli;

import picocli.CommandLine.Option;

/** --quiet and --verbose, shared by every subcommand. */
public final class Verbosity {

    @Option(
            names = {"-q", "--quiet"},
            description = "Print only results and errors.")
    boolean quiet;

    @Option(
            names = {"-v", "--verbose"},
            description = "Print more detail, and stack traces on errors.")
    boolean verbose;

    /** Fails when both are given: they ask for opposite things. */
    void check() {
        if (quiet && verbose) {
            throw dev.gmm.GmmException.input(
                    "--quiet and --verbose ask for opposite things; give one of them");
        }
    }
}
