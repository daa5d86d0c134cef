/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gmm.GaussianMixture;
import dev.gmm.GaussianMixtureModel;
import dev.gmm.Precision;
import dev.gmm.data.DataFiles;
import dev.gmm.data.DataOptions;
import dev.gmm.data.DataSource;
import dev.gmm.data.NpyWriter;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real standalone cluster on this machine: a Spark Master and two Workers started as separate
 * JVMs on 127.0.0.1 (Spark's own classes), the job submitted to it with the job jar, executors in
 * other processes loading the engine's backend; the result equals the engine's fit of the same
 * rows. Every process it starts is stopped at the end.
 */
class StandaloneClusterIT {

    private static final Path TARGET = Path.of("target").toAbsolutePath();

    @TempDir Path dir;

    private final List<Process> started = new ArrayList<>();

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static List<String> jvmOptions() {
        List<String> o = new ArrayList<>(List.of("-XX:+IgnoreUnrecognizedVMOptions", "-Xmx512m"));
        for (String p :
                new String[] {
                    "java.lang",
                    "java.lang.invoke",
                    "java.lang.reflect",
                    "java.io",
                    "java.net",
                    "java.nio",
                    "java.util",
                    "java.util.concurrent",
                    "java.util.concurrent.atomic",
                    "jdk.internal.ref",
                    "sun.nio.ch",
                    "sun.nio.cs",
                    "sun.security.action",
                    "sun.util.calendar"
                }) {
            o.add("--add-opens=java.base/" + p + "=ALL-UNNAMED");
        }
        o.add("-Djdk.reflect.useDirectMethodHandle=false");
        o.add("-Dio.netty.tryReflectionSetAccessible=true");
        return o;
    }

    /**
     * A SPARK_HOME whose jars/ holds the Spark jars Maven resolved, as the Workers want to find
     * them.
     */
    private Path sparkHome(String classpath) throws IOException {
        Path home = Files.createDirectories(dir.resolve("spark-home"));
        Path jars = Files.createDirectories(home.resolve("jars"));
        for (String entry : classpath.split(java.io.File.pathSeparator)) {
            Path jar = Path.of(entry);
            if (entry.endsWith(".jar") && Files.exists(jar)) {
                Files.createSymbolicLink(jars.resolve(jar.getFileName()), jar);
            }
        }
        return home;
    }

    private Process start(String name, Path home, List<String> command) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(jvmOptions());
        cmd.addAll(command);
        ProcessBuilder b =
                new ProcessBuilder(cmd)
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve(name + ".log").toFile());
        b.environment().put("SPARK_HOME", home.toString());
        b.environment().put("SPARK_SCALA_VERSION", "2.13");
        b.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process p = b.start();
        started.add(p);
        return p;
    }

    private void awaitLog(String name, String text, long seconds) throws Exception {
        Path log = dir.resolve(name + ".log");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(
                name
                        + " did not log '"
                        + text
                        + "':\n"
                        + (Files.exists(log) ? Files.readString(log) : ""));
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void aJobSubmittedToAMasterAndTwoWorkersFitsAsTheEngineDoes() throws Exception {
        String classpath = Files.readString(TARGET.resolve("spark-classpath.txt")).strip();
        Path jobJar = TARGET.resolve("gmm-spark-job.jar");
        Path home = sparkHome(classpath);
        Path data = dir.resolve("rows.npy");
        SplittableRandom rng = new SplittableRandom(21);
        try (NpyWriter w = NpyWriter.create(data, Precision.DOUBLE, 20_000, 2)) {
            for (int i = 0; i < 20_000; i++) {
                double c = i % 2 == 0 ? -2 : 3;
                w.writeRow(new double[] {c + rng.nextGaussian(), c * 0.5 + rng.nextGaussian()});
            }
        }
        Path start = dir.resolve("start.json");
        GaussianMixtureModel engine;
        try (DataSource rows = DataFiles.open(data, DataOptions.defaults())) {
            GaussianMixture.builder()
                    .components(2)
                    .maxIter(1)
                    .backend("cpu")
                    .build()
                    .fit(rows)
                    .save(start);
            engine =
                    GaussianMixture.builder()
                            .initModel(GaussianMixtureModel.load(start))
                            .maxIter(8)
                            .tol(0)
                            .backend("cpu")
                            .build()
                            .fit(rows);
        }
        int port = freePort();
        String master = "spark://127.0.0.1:" + port;
        try {
            start(
                    "master",
                    home,
                    List.of(
                            "-cp",
                            classpath,
                            "org.apache.spark.deploy.master.Master",
                            "--host",
                            "127.0.0.1",
                            "--port",
                            Integer.toString(port),
                            "--webui-port",
                            Integer.toString(freePort())));
            awaitLog("master", "I have been elected leader", 60);
            for (int w = 1; w <= 2; w++) {
                Path work = Files.createDirectories(dir.resolve("work-" + w));
                start(
                        "worker-" + w,
                        home,
                        List.of(
                                "-cp",
                                classpath,
                                "org.apache.spark.deploy.worker.Worker",
                                "--host",
                                "127.0.0.1",
                                "--cores",
                                "1",
                                "--memory",
                                "1g",
                                "--webui-port",
                                Integer.toString(freePort()),
                                "--work-dir",
                                work.toString(),
                                master));
            }
            awaitLog("master", "Registering worker", 60);
            Path report = dir.resolve("r.json");
            String executorOptions =
                    String.join(
                                    " ",
                                    jvmOptions().stream()
                                            .filter(o -> !o.startsWith("-Xmx"))
                                            .toList())
                            + " --add-modules=jdk.incubator.vector";
            Process driver =
                    start(
                            "driver",
                            home,
                            List.of(
                                    "-cp",
                                    jobJar + java.io.File.pathSeparator + classpath,
                                    "dev.gmm.spark.FitJob",
                                    "fit",
                                    data.toString(),
                                    "--init-model",
                                    start.toString(),
                                    "--max-iter",
                                    "8",
                                    "--tol",
                                    "0",
                                    "--partitions",
                                    "2",
                                    "--master",
                                    master,
                                    "--report",
                                    report.toString(),
                                    "--conf",
                                    "spark.jars=" + jobJar,
                                    "--conf",
                                    "spark.driver.host=127.0.0.1",
                                    "--conf",
                                    "spark.executor.memory=512m",
                                    "--conf",
                                    "spark.cores.max=2",
                                    "--conf",
                                    "spark.executor.extraJavaOptions=" + executorOptions,
                                    "--conf",
                                    "spark.ui.enabled=false"));
            assertTrue(driver.waitFor(180, TimeUnit.SECONDS), "the job finished");
            String log = Files.readString(dir.resolve("driver.log"));
            assertEquals(0, driver.exitValue(), log);
            JsonNode r = new ObjectMapper().readTree(report.toFile());
            assertEquals(
                    engine.summary().lowerBound(),
                    r.get("lowerBound").asDouble(),
                    1e-10 * Math.abs(engine.summary().lowerBound()),
                    "the cluster's fit is the engine's");
            assertEquals(8, r.get("iterations").asInt());
            List<Path> executorLogs;
            try (var s = Files.walk(dir)) {
                executorLogs =
                        s.filter(
                                        p ->
                                                p.getFileName().toString().equals("stderr")
                                                        && p.toString().contains("work-"))
                                .toList();
            }
            assertTrue(executorLogs.size() >= 1, "executors ran in the workers' own processes");
        } finally {
            for (Process p : started) {
                p.descendants().forEach(ProcessHandle::destroy);
                p.destroy();
            }
            for (Process p : started) {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
            for (Process p : started) {
                assertTrue(
                        !p.isAlive() && p.descendants().noneMatch(ProcessHandle::isAlive),
                        "every started process stopped");
            }
        }
    }
}
