/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.cli;

import dev.gmm.GmmException;
import dev.gmm.data.AtomicOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files one run of a command reads and writes. Every output is checked and given its temporary
 * file before any work starts; the outputs are moved into place together by {@link #commit} once
 * all of them are written, and a run that fails anywhere before that leaves none of them behind.
 *
 * <p>An output may not be an input of the same run (except one read whole first, such as a model
 * updated in place), nor the same file as another output; devices and FIFOs are written into and
 * may take several outputs.
 */
final class RunFiles implements AutoCloseable {

    private record Input(String what, Path path, boolean readFirst) {}

    private record Output(String option, Path given, Path resolved, AtomicOutput.Pending pending) {}

    private final List<Input> inputs = new ArrayList<>();
    private final List<Output> outputs = new ArrayList<>();

    /** An input that no output may replace ({@code what} names it in messages: "the data"). */
    RunFiles input(String what, Path path) {
        if (path != null) {
            inputs.add(new Input(what, path, false));
        }
        return this;
    }

    /** An input read whole before anything is written, which an output may therefore replace. */
    RunFiles inputReadFirst(String what, Path path) {
        if (path != null) {
            inputs.add(new Input(what, path, true));
        }
        return this;
    }

    /**
     * Checks {@code target} (given with {@code option}) and reserves it; returns the path to write
     * instead of it, or null when {@code target} is null.
     */
    Path output(String option, Path target) {
        if (target == null) {
            return null;
        }
        Path resolved = AtomicOutput.resolve(target);
        boolean special =
                Files.exists(resolved)
                        && !Files.isRegularFile(resolved)
                        && !Files.isDirectory(resolved);
        if (!special) {
            for (Input in : inputs) {
                if (!in.readFirst() && same(in.path(), resolved)) {
                    throw GmmException.input(
                            option
                                    + " "
                                    + target
                                    + " would overwrite "
                                    + in.what()
                                    + " ("
                                    + in.path()
                                    + "); write it to another file");
                }
            }
            for (Output o : outputs) {
                if (same(o.resolved(), resolved)) {
                    throw GmmException.input(
                            o.option()
                                    + " "
                                    + o.given()
                                    + " and "
                                    + option
                                    + " "
                                    + target
                                    + " name the same file; give each output its own");
                }
            }
        }
        AtomicOutput.Pending pending = AtomicOutput.open(target);
        outputs.add(new Output(option, target, resolved, pending));
        return pending.path();
    }

    /** Moves every output into place, in the order they were reserved. */
    void commit() {
        for (Output o : outputs) {
            o.pending().commit();
        }
    }

    /** Deletes the temporary file of every output not committed. */
    @Override
    public void close() {
        for (Output o : outputs) {
            o.pending().close();
        }
    }

    private static boolean same(Path a, Path b) {
        if (Files.exists(a) && Files.exists(b)) {
            try {
                return Files.isSameFile(a, b);
            } catch (IOException e) {
                // fall through to comparing names
            }
        }
        return AtomicOutput.resolve(a)
                .toAbsolutePath()
                .normalize()
                .equals(b.toAbsolutePath().normalize());
    }
}
