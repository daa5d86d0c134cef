/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.cli;

import dev.gmm.GmmException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Builds the command line with its output streams and error handling, so tests run it in-process
 * and read what it printed. Errors are one line on {@code err} and an exit code from {@link
 * ExitCodes}; a stack trace only with {@code --verbose}.
 */
public final class Cli {

    private Cli() {}

    public static CommandLine create(PrintWriter out, PrintWriter err) {
        CommandLine cmd = new CommandLine(new GmmCommand());
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setParameterExceptionHandler(
                (ex, args) -> {
                    CommandLine c = ex.getCommandLine();
                    c.getErr().println("gmm: " + ex.getMessage());
                    c.getErr()
                            .println(
                                    "Try '"
                                            + c.getCommandSpec().qualifiedName()
                                            + " --help' for more information.");
                    return ExitCodes.INPUT;
                });
        cmd.setExecutionExceptionHandler(
                (ex, c, parsed) -> {
                    PrintWriter e = c.getErr();
                    boolean verbose = verbose(parsed);
                    if (ex instanceof ClosedOutputException closed) {
                        e.println("gmm: " + closed.getMessage());
                        return ExitCodes.INTERNAL;
                    }
                    if (ex instanceof GmmException g) {
                        e.println("gmm: " + Flags.inCliTerms(g.getMessage()));
                        if (verbose) {
                            g.printStackTrace(e);
                        }
                        return g.category() == GmmException.Category.VERIFICATION
                                        || g.category() == GmmException.Category.INTERNAL
                                ? ExitCodes.INTERNAL
                                : ExitCodes.INPUT;
                    }
                    e.println(
                            "gmm: internal error: "
                                    + ex
                                    + (verbose ? "" : " (run with --verbose for details)"));
                    if (verbose) {
                        ex.printStackTrace(e);
                    }
                    return ExitCodes.INTERNAL;
                });
        return cmd;
    }

    /** Whether --verbose was given to the command or any subcommand on the line. */
    private static boolean verbose(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }
}
