/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.bench.jmh;

import dev.gmm.bench.BenchFiles;
import dev.gmm.data.DataChunk;
import dev.gmm.data.DataFiles;
import dev.gmm.data.DataOptions;
import dev.gmm.data.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * Loading a data file, as {@code gmm fit} does: {@link DataFiles#open}, then every row read once
 * through the chunks, so a memory-mapped NPY pays for its reads as a parsed CSV does. The file
 * (same numbers in both formats) is written once per trial into a temporary folder. The primary
 * score is loads per second; the secondary score {@code rows} is rows per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class LoadBenchmark {

    /** Rows per read, as a backend's block would take them. */
    private static final int READ_ROWS = 4096;

    @Param({"csv", "npy"})
    public String format;

    @Param({"1000000"})
    public int rows;

    @Param({"2", "16"})
    public int cols;

    private Path dir;
    private Path file;
    private double[] buffer;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("gmm-load-bench");
        file = dir.resolve("data." + format);
        if (format.equals("csv")) {
            BenchFiles.writeCsv(file, rows, cols);
        } else if (format.equals("npy")) {
            BenchFiles.writeNpy(file, rows, cols);
        } else {
            throw new IllegalArgumentException("format is csv or npy, not " + format);
        }
        buffer = new double[READ_ROWS * cols];
    }

    /** Rows read, reported by JMH as a rate beside the primary score. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class RowCount {
        public long rows;
    }

    /** One load of the whole file. */
    @Benchmark
    public double load(RowCount count) {
        try (DataSource source = DataFiles.open(file, DataOptions.defaults())) {
            double checksum = 0;
            for (int c = 0; c < source.chunkCount(); c++) {
                DataChunk chunk = source.chunk(c);
                for (int from = 0; from < chunk.rows(); from += READ_ROWS) {
                    int n = Math.min(READ_ROWS, chunk.rows() - from);
                    chunk.copyRows(from, n, buffer, 0);
                    checksum += buffer[n * cols - 1];
                }
            }
            count.rows += source.rows();
            return checksum;
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
    }
}
