/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * What a command prints besides its results: notes on {@code err} (so results on {@code out} stay
 * clean for pipes), and progress that rewrites one line, only on a terminal and never with --quiet.
 * Progress goes to the terminal itself, not to {@code err}: stderr then carries whole lines only.
 */
final class Console {

    private final PrintWriter out;
    private final PrintWriter err;
    private final Verbosity verbosity;
    private final PrintWriter terminal;
    private boolean progressShown;

    Console(PrintWriter out, PrintWriter err, Verbosity verbosity) {
        this.out = out;
        this.err = err;
        this.verbosity = verbosity;
        java.io.Console console = System.console();
        this.terminal = console != null && !verbosity.quiet ? console.writer() : null;
    }

    PrintWriter out() {
        return out;
    }

    /** A summary line on {@code out}, unless --quiet. */
    void summary(String format, Object... args) {
        if (!verbosity.quiet) {
            clearProgress();
            out.println(String.format(Locale.ROOT, format, args));
        }
    }

    /** A note on {@code err}, unless --quiet. */
    void note(String format, Object... args) {
        if (!verbosity.quiet) {
            clearProgress();
            err.println(String.format(Locale.ROOT, format, args));
        }
    }

    /** Detail on {@code err}, only with --verbose. */
    void detail(String format, Object... args) {
        if (verbosity.verbose && !verbosity.quiet) {
            clearProgress();
            err.println(String.format(Locale.ROOT, format, args));
        }
    }

    /** A progress line that replaces the previous one; only on a terminal. */
    void progress(String format, Object... args) {
        if (terminal != null) {
            terminal.print("\r\033[K" + String.format(Locale.ROOT, format, args));
            terminal.flush();
            progressShown = true;
        }
    }

    void clearProgress() {
        if (progressShown) {
            terminal.print("\r\033[K");
            terminal.flush();
            progressShown = false;
        }
    }
}
