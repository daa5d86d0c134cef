/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.cli;

import dev.gmm.data.AtomicOutput;
import java.io.PrintWriter;

/** Entry point of the shaded jar and the ./gmm launcher. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        AtomicOutput.onDiscard(
                target -> {
                    System.err.println(
                            "gmm: stopped before " + target + " was complete; it was not written");
                    System.err.flush();
                });
        int code = Cli.create(out, err).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }
}
