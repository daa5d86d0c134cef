/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.kernels.opencl;

import com.aparapi.Range;
import dev.gmm.spi.MixtureParameters;
import dev.gmm.spi.RowScores;
import dev.gmm.spi.SufficientStatistics;

/** What the backend asks of a chunk's kernel, whichever width it was generated in. */
interface ChunkKernel {

    SufficientStatistics statistics(Range range, MixtureParameters p);

    void score(Range range, MixtureParameters p, RowScores out);

    /** False when Aparapi ran the last launch in its Java thread pool instead of on the device. */
    boolean isRunningCL();

    void dispose();
}
