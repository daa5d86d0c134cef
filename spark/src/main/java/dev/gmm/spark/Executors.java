/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.spark;

import dev.gmm.GaussianMixtureModel;
import dev.gmm.Precision;
import dev.gmm.spi.BackendOptions;
import dev.gmm.spi.BackendRegistry;
import dev.gmm.spi.ComputeBackend;
import dev.gmm.spi.EmStep;
import dev.gmm.spi.ScoreTotals;
import dev.gmm.spi.SufficientStatistics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

/**
 * What runs in an executor: one partition's statistics on a backend found by the engine's registry.
 * A backend is opened once per executor JVM and kept (a CUDA context or an OpenCL queue is worth
 * keeping across steps and tasks).
 */
final class Executors {

    private static final Map<String, ComputeBackend> BACKENDS = new ConcurrentHashMap<>();

    private Executors() {}

    /**
     * The backend {@code name} in {@code precision} with {@code threads} cpu threads, on the GPU
     * Spark gave the task when it gave one (spark.task.resource.gpu.amount), opened once per JVM
     * and device.
     */
    static ComputeBackend backend(String name, Precision precision, int threads) {
        String device = assignedGpu();
        return BACKENDS.computeIfAbsent(
                name + "/" + precision.id() + "/" + threads + "/" + device,
                key ->
                        BackendRegistry.load()
                                .select(name)
                                .provider()
                                .open(new BackendOptions(precision, threads, device)));
    }

    /** The first GPU address Spark's resource scheduling gave this task, or null. */
    private static String assignedGpu() {
        TaskContext task = TaskContext.get();
        if (task == null) {
            return null;
        }
        scala.Option<ResourceInformation> gpu = task.resources().get("gpu");
        return gpu.isDefined() && gpu.get().addresses().length > 0
                ? gpu.get().addresses()[0]
                : null;
    }

    /** The block's statistics under {@code model}, packed; zeros for an empty partition. */
    static double[] statistics(
            Block block,
            GaussianMixtureModel model,
            String backend,
            Precision precision,
            int threads) {
        if (block.weightless) {
            return SufficientStatistics.zero(model.parameters()).pack();
        }
        try (EmStep step = new EmStep(backend(backend, precision, threads), block.source())) {
            return step.statistics(model.parameters()).pack();
        }
    }

    /**
     * The block's scoring totals under {@code model} as {rows, total weight, log-likelihood,
     * entropy}; zeros for an empty partition.
     */
    static double[] scored(
            Block block,
            GaussianMixtureModel model,
            String backend,
            Precision precision,
            int threads) {
        if (block.weightless) {
            return new double[] {block.rows, 0, 0, 0};
        }
        try (EmStep step = new EmStep(backend(backend, precision, threads), block.source())) {
            ScoreTotals t = step.scored(model.parameters());
            return new double[] {t.rows(), t.totalWeight(), t.logLikelihood(), t.entropy()};
        }
    }
}
