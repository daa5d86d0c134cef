/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.spark;

import dev.gmm.GmmException;
import java.util.function.Supplier;

/**
 * A GmmException raised in a task reaches the caller as itself, not wrapped in Spark's exceptions.
 */
final class Failures {

    private Failures() {}

    static <T> T unwrap(Supplier<T> job) {
        try {
            return job.get();
        } catch (GmmException e) {
            throw e;
        } catch (Exception e) {
            // Spark rethrows a task's failure as a SparkException, a checked exception Scala does
            // not declare
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof GmmException g) {
                    throw new GmmException(g.category(), g.getMessage(), e);
                }
            }
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new GmmException(
                    GmmException.Category.INTERNAL, "the Spark job failed: " + e.getMessage(), e);
        }
    }
}
