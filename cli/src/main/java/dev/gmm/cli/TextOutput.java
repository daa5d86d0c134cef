/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.cli;

import dev.gmm.GaussianMixtureModel;
import dev.gmm.data.AtomicOutput;
import dev.gmm.data.DataSource;
import dev.gmm.spi.RowScores;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.BiConsumer;

/** Text results (CSV) to a file, written atomically, or to standard output; streamed either way. */
final class TextOutput {

    /** Writes the text. */
    @FunctionalInterface
    interface Body {
        void write(Writer w) throws IOException;
    }

    private TextOutput() {}

    /** To {@code output} when given, else to {@code stdout}. */
    static void write(Path output, Writer stdout, Body body) throws IOException {
        if (output != null) {
            AtomicOutput.write(
                    output,
                    out -> {
                        Writer w =
                                new BufferedWriter(
                                        new OutputStreamWriter(out, StandardCharsets.UTF_8),
                                        1 << 16);
                        body.write(w);
                        w.flush();
                    });
        } else {
            Writer checked = stdout instanceof PrintWriter pw ? new Checked(pw) : stdout;
            body.write(checked);
            checked.flush();
        }
    }

    /**
     * Standard output that stops the run once it is closed: a PrintWriter swallows write errors, so
     * a closed pipe ({@code gmm sample ... | head}) would otherwise let the run go on to the end.
     */
    private static final class Checked extends Writer {
        private final PrintWriter out;

        Checked(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void write(char[] buf, int off, int len) throws IOException {
            out.write(buf, off, len);
            check();
        }

        @Override
        public void write(String str) throws IOException {
            out.write(str);
            check();
        }

        @Override
        public void flush() throws IOException {
            check();
        }

        @Override
        public void close() throws IOException {
            flush();
        }

        private void check() throws IOException {
            // checkError flushes, which is what finds a closed pipe
            if (out.checkError()) {
                throw new ClosedOutputException();
            }
        }
    }

    /** Scores every chunk in order and writes what {@code format} makes of each chunk's scores. */
    static void scoredRows(
            Writer w,
            GaussianMixtureModel model,
            DataSource data,
            boolean responsibilities,
            BiConsumer<RowScores, StringBuilder> format)
            throws IOException {
        try {
            model.scoreChunks(
                    data,
                    responsibilities,
                    (scores, first) -> {
                        StringBuilder b = new StringBuilder(scores.rows() * 16);
                        format.accept(scores, b);
                        try {
                            w.write(b.toString());
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
