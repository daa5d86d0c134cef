/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.bench.jmh;

import dev.gmm.CovarianceType;
import dev.gmm.GaussianMixtureModel;
import dev.gmm.Precision;
import dev.gmm.data.InMemoryDataSource;
import dev.gmm.data.SyntheticData;
import dev.gmm.engine.MaximizationStep;
import dev.gmm.engine.fit.ChunkSet;
import dev.gmm.spi.BackendOptions;
import dev.gmm.spi.BackendRegistry;
import dev.gmm.spi.BackendSelection;
import dev.gmm.spi.ComputeBackend;
import dev.gmm.spi.SufficientStatistics;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One EM step (the statistics pass on a backend, then the M-step on the host) with the rows already
 * resident, over a grid of shapes. The data and the starting model are made once per trial from a
 * seed; a backend that cannot run here makes its trials fail with its reason.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class EmStepBenchmark {

    @Param({"cpu", "opencl", "cuda"})
    public String backend;

    @Param({"200000"})
    public int n;

    @Param({"2", "16", "64"})
    public int d;

    @Param({"8"})
    public int k;

    @Param({"full", "diag"})
    public String covarianceType;

    @Param({"double", "float"})
    public String precision;

    private ComputeBackend open;
    private ChunkSet chunks;
    private GaussianMixtureModel start;

    @Setup(Level.Trial)
    public void setUp() {
        CovarianceType type = CovarianceType.parse(covarianceType);
        GaussianMixtureModel truth = SyntheticData.mixture(type, k, d, 42, 0.0);
        start = SyntheticData.mixture(type, k, d, 42, 0.5);
        double[] x = SyntheticData.rows(truth, n, 42);
        BackendSelection s = BackendRegistry.load().select(backend);
        open = s.provider().open(new BackendOptions(Precision.parse(precision), 0, null));
        chunks = new ChunkSet(open, InMemoryDataSource.ofDoubles("jmh", x, d, null));
    }

    @Benchmark
    public GaussianMixtureModel emStep() {
        SufficientStatistics st = chunks.accumulate(start.parameters());
        return MaximizationStep.apply(st, start, 1e-6, "benchmark").model();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        chunks.close();
        open.close();
    }
}
