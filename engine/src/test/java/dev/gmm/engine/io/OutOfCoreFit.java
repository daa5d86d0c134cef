/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.engine.io;

import dev.gmm.Precision;
import dev.gmm.data.DataFiles;
import dev.gmm.data.DataOptions;
import dev.gmm.data.DataSource;
import dev.gmm.engine.cpu.CpuBackend;
import dev.gmm.engine.fit.EmDriver;
import dev.gmm.engine.fit.FitOptions;
import java.nio.file.Path;

/**
 * Fits 2 components by 3 EM steps (tol 0) to a data file on the CPU and prints the lower bound,
 * exactly; {@link OutOfCoreFitTest} runs it in a JVM whose heap is much smaller than the file.
 */
public final class OutOfCoreFit {

    private OutOfCoreFit() {}

    public static void main(String[] args) {
        System.out.println(fit(Path.of(args[0])));
    }

    static double fit(Path file) {
        try (DataSource source = DataFiles.open(file, DataOptions.defaults());
                CpuBackend cpu = new CpuBackend(Precision.DOUBLE, 0)) {
            return new EmDriver()
                    .fit(source, FitOptions.of(2).withMaxIter(3).withTol(0), cpu)
                    .convergence()
                    .lowerBound();
        }
    }
}
