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
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

/**
 * What runs in an executor: one partition's statistics on a backend found by the engine's registry.
 * A backend is opened once per executor JVM and kept (a CUDA context or an OpenCL queue is worth
 * keeping across steps and tasks).
 */
final class Executors {

    private static final Map<String, ComputeBackend> BACKENDS = new ConcurrentHashMap<>();

    /** A block's rows held by a device backend, and their bytes there. */
    private record Held(EmStep step, long bytes) {}

    /** A block (by identity: Spark hands a task the cached object) on one backend. */
    private record Key(Block block, ComputeBackend backend) {}

    /**
     * Blocks a device backend holds between steps, least recently used first. Without them every
     * step would copy each block's rows to the device again. A backend holds at most its resident
     * budget; the fit's last pass releases them ({@link #lastStatistics}, {@link #lastScored}), and
     * blocks that outlive that (a fit that failed) go when newer ones need the room.
     */
    private static final Map<Key, Held> HELD = new LinkedHashMap<>(16, 0.75f, true);

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
        return onStep(
                block,
                backend(backend, precision, threads),
                precision,
                step -> step.statistics(model.parameters()).pack());
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
        return onStep(
                block,
                backend(backend, precision, threads),
                precision,
                step -> {
                    ScoreTotals t = step.scored(model.parameters());
                    return new double[] {t.rows(), t.totalWeight(), t.logLikelihood(), t.entropy()};
                });
    }

    /**
     * The fit's last statistics pass. Where the backend gives the entropy with the statistics, no
     * scoring pass follows, and the block's held rows are released.
     */
    static double[] lastStatistics(
            Block block,
            GaussianMixtureModel model,
            String backend,
            Precision precision,
            int threads) {
        double[] packed = statistics(block, model, backend, precision, threads);
        if (!Double.isNaN(SufficientStatistics.unpack(model.parameters(), packed).entropy())) {
            release(block);
        }
        return packed;
    }

    /** The fit's scoring pass, its last: the block's held rows are released after it. */
    static double[] lastScored(
            Block block,
            GaussianMixtureModel model,
            String backend,
            Precision precision,
            int threads) {
        try {
            return scored(block, model, backend, precision, threads);
        } finally {
            release(block);
        }
    }

    /**
     * {@code work} on the block's rows in {@code b}: held across steps by a device backend (one
     * with a finite resident budget), made for this task alone on the cpu backend, whose rows cost
     * nothing to load.
     */
    private static double[] onStep(
            Block block, ComputeBackend b, Precision precision, Function<EmStep, double[]> work) {
        if (b.residentBudgetBytes() == Long.MAX_VALUE) {
            try (EmStep step = new EmStep(b, block.source())) {
                return work.apply(step);
            }
        }
        // a device backend's buffers serve one pass at a time
        synchronized (b) {
            return work.apply(held(block, b, precision));
        }
    }

    /** The block's step on {@code b}, made (and room made for it) on first use. */
    private static EmStep held(Block block, ComputeBackend b, Precision precision) {
        synchronized (HELD) {
            Key key = new Key(block, b);
            Held h = HELD.get(key);
            if (h == null) {
                long bytes = (long) block.rows * block.dims * precision.bytes();
                long used = 0;
                for (Map.Entry<Key, Held> e : HELD.entrySet()) {
                    used += e.getKey().backend() == b ? e.getValue().bytes() : 0;
                }
                Iterator<Map.Entry<Key, Held>> oldest = HELD.entrySet().iterator();
                while (used + bytes > b.residentBudgetBytes() && oldest.hasNext()) {
                    Map.Entry<Key, Held> e = oldest.next();
                    if (e.getKey().backend() == b) {
                        used -= e.getValue().bytes();
                        e.getValue().step().close();
                        oldest.remove();
                    }
                }
                h = new Held(new EmStep(b, block.source()), bytes);
                HELD.put(key, h);
            }
            return h.step();
        }
    }

    /** Releases what any backend in this JVM holds of {@code block}. */
    static void release(Block block) {
        Map<Key, Held> gone = new LinkedHashMap<>();
        synchronized (HELD) {
            Iterator<Map.Entry<Key, Held>> it = HELD.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<Key, Held> e = it.next();
                if (e.getKey().block() == block) {
                    gone.put(e.getKey(), e.getValue());
                    it.remove();
                }
            }
        }
        // outside the map's lock, as a pass takes the backend's lock first: once a running pass
        // is done with the rows
        gone.forEach(
                (key, h) -> {
                    synchronized (key.backend()) {
                        h.step().close();
                    }
                });
    }
}
