/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.engine.fit;

import dev.gmm.CovarianceType;
import dev.gmm.GmmException;
import java.util.Locale;

/**
 * What a fit will hold on the Java heap besides the rows, estimated before anything is allocated:
 * the parameters (covariance and precision-factor blocks, several copies across an EM step), the
 * statistics of every thread, and the initialisation sample. A fit that cannot fit is refused in
 * one line with the figure and what to change, instead of an OutOfMemoryError deep in the fit. All
 * sizes are long: {@code d^2 K} overflows int long before memory runs out.
 */
final class MemoryCheck {

    /** The largest Java array, in elements. */
    static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    /** Copies of the parameter blocks alive at once: model, precision factors, M-step and init. */
    private static final int PARAMETER_COPIES = 6;

    private MemoryCheck() {}

    /** Bytes the fit needs on the heap, rows aside. */
    static long bytes(CovarianceType type, int k, int d, int threads, long sampleRows) {
        long block = type.blockLength(d);
        long blocks = type.blocks(k) * block;
        long moments = (long) k * (1 + d + momentDoubles(type, d));
        return Double.BYTES
                * (PARAMETER_COPIES * (blocks + (long) k * d)
                        + (threads + 2L) * moments
                        + sampleRows * d);
    }

    /**
     * Fails when one block would not fit a Java array, or the fit needs more heap than is free.
     *
     * @param name the data's name, for the message
     */
    static void check(
            String name, CovarianceType type, int k, int d, int threads, long sampleRows) {
        long block = type.blockLength(d);
        String fewer =
                type.needsCrossMoments()
                        ? "use CovarianceType.DIAG, or fewer columns"
                        : "use fewer columns";
        if (block > MAX_ARRAY) {
            throw GmmException.input(
                    name
                            + ": a "
                            + type.id()
                            + " covariance of "
                            + d
                            + " columns has "
                            + block
                            + " entries per component, more than one Java array holds; "
                            + fewer);
        }
        long statistics = (long) k * (1 + d + momentDoubles(type, d));
        if (statistics > MAX_ARRAY) {
            throw GmmException.input(
                    name
                            + ": the statistics of K="
                            + k
                            + " "
                            + type.id()
                            + " components on "
                            + d
                            + " columns have "
                            + statistics
                            + " entries, more than one Java array holds; "
                            + fewer
                            + " or components");
        }
        long need = bytes(type, k, d, threads, sampleRows);
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (need > free) {
            throw GmmException.input(
                    String.format(
                            Locale.ROOT,
                            "%s: a %s fit of K=%d on %d columns needs about %s of memory, and the Java heap has %s free (of %s);"
                                    + " use %sfewer columns or components, or a larger Java heap (-Xmx)",
                            name,
                            type.id(),
                            k,
                            d,
                            size(need),
                            size(free),
                            size(rt.maxMemory()),
                            type.needsCrossMoments() ? "CovarianceType.DIAG, " : ""));
        }
    }

    private static long momentDoubles(CovarianceType type, int d) {
        return type.needsCrossMoments() ? (long) d * (d + 1) / 2 : d;
    }

    static String size(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
        }
        return String.format(Locale.ROOT, "%.0f MiB", Math.max(1, bytes / (double) (1L << 20)));
    }
}
