/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The machine's multiply-add peak as the JVM reaches it, the figure the CPU backend's FLOP rate is
 * measured against: on every thread, 16 independent chains of vector FMAs on registers, no memory
 * traffic, in double. Each FMA counts as 2 flops per lane. Prints the best of ROUNDS rounds of
 * about half a second each.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector ... FmaPeak [THREADS] [ROUNDS]}
 */
public final class FmaPeak {

    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
    private static final long STEPS = 50_000_000L;
    private static volatile double sink;

    private FmaPeak() {}

    public static void main(String[] args) throws Exception {
        int threads =
                args.length > 0
                        ? Integer.parseInt(args[0])
                        : Runtime.getRuntime().availableProcessors();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            double best = 0;
            for (int r = 0; r < rounds; r++) {
                best = Math.max(best, rate(pool, threads));
            }
            System.out.printf(
                    Locale.ROOT,
                    "{\"threads\": %d, \"double_lanes\": %d, \"double_gflops\": %.1f}%n",
                    threads,
                    DOUBLES.length(),
                    best);
        } finally {
            pool.shutdownNow();
        }
    }

    /** GFLOP/s of all threads together, each running one chain set. */
    private static double rate(ExecutorService pool, int threads) throws Exception {
        List<Callable<Double>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            work.add(() -> doubles(STEPS));
        }
        long t0 = System.nanoTime();
        double sum = 0;
        for (Future<Double> f : pool.invokeAll(work)) {
            sum += f.get();
        }
        double seconds = (System.nanoTime() - t0) * 1e-9;
        // kept, so that the JIT cannot drop the chains as unused
        sink = sum;
        return 2.0 * 16 * DOUBLES.length() * STEPS * threads / seconds * 1e-9;
    }

    private static double doubles(long steps) {
        DoubleVector a = DoubleVector.broadcast(DOUBLES, 0.999999);
        DoubleVector b = DoubleVector.broadcast(DOUBLES, 1e-7);
        DoubleVector s0 = DoubleVector.broadcast(DOUBLES, 0.1);
        DoubleVector s1 = s0.add(0.01);
        DoubleVector s2 = s0.add(0.02);
        DoubleVector s3 = s0.add(0.03);
        DoubleVector s4 = s0.add(0.04);
        DoubleVector s5 = s0.add(0.05);
        DoubleVector s6 = s0.add(0.06);
        DoubleVector s7 = s0.add(0.07);
        DoubleVector s8 = s0.add(0.08);
        DoubleVector s9 = s0.add(0.09);
        DoubleVector s10 = s0.add(0.10);
        DoubleVector s11 = s0.add(0.11);
        DoubleVector s12 = s0.add(0.12);
        DoubleVector s13 = s0.add(0.13);
        DoubleVector s14 = s0.add(0.14);
        DoubleVector s15 = s0.add(0.15);
        for (long i = 0; i < steps; i++) {
            s0 = s0.fma(a, b);
            s1 = s1.fma(a, b);
            s2 = s2.fma(a, b);
            s3 = s3.fma(a, b);
            s4 = s4.fma(a, b);
            s5 = s5.fma(a, b);
            s6 = s6.fma(a, b);
            s7 = s7.fma(a, b);
            s8 = s8.fma(a, b);
            s9 = s9.fma(a, b);
            s10 = s10.fma(a, b);
            s11 = s11.fma(a, b);
            s12 = s12.fma(a, b);
            s13 = s13.fma(a, b);
            s14 = s14.fma(a, b);
            s15 = s15.fma(a, b);
        }
        return s0.add(s1)
                .add(s2)
                .add(s3)
                .add(s4)
                .add(s5)
                .add(s6)
                .add(s7)
                .add(s8)
                .add(s9)
                .add(s10)
                .add(s11)
                .add(s12)
                .add(s13)
                .add(s14)
                .add(s15)
                .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }
}
