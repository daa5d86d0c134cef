/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No output destroys anything: not an input of the same run, not a device, a FIFO or a link, not a
 * read-only file; every output is checked before the work, and a failed run leaves none.
 */
class OutputSafetyTest {

    @TempDir Path dir;

    private Path data;
    private Path model;

    @BeforeEach
    void copyData() throws IOException {
        data = Files.copy(CommandsTest.BLOBS, dir.resolve("data.csv"));
        model = dir.resolve("model.json");
        Run fit = Run.of("fit", data.toString(), "-k", "2", "-o", model.toString(), "-q");
        assertEquals(0, fit.code(), fit.toString());
    }

    @Test
    void anOutputOverTheDataIsRefusedBeforeAnyWork() throws IOException {
        byte[] before = Files.readAllBytes(data);
        assertRefused(
                Run.of("fit", data.toString(), "-k", "2", "-o", data.toString()),
                "would overwrite the data");
        assertRefused(
                Run.of("fit", data.toString(), "-k", "2", "--report", data.toString()),
                "would overwrite the data");
        assertRefused(
                Run.of("predict", "-m", model.toString(), data.toString(), "-o", data.toString()),
                "would overwrite the data");
        assertRefused(
                Run.of(
                        "score",
                        "-m",
                        model.toString(),
                        data.toString(),
                        "--per-sample",
                        "-o",
                        data.toString()),
                "would overwrite the data");
        assertRefused(
                Run.of("select", data.toString(), "-k", "1..2", "-o", data.toString()),
                "would overwrite the data");
        assertArrayEquals(before, Files.readAllBytes(data), "the data is untouched");
    }

    @Test
    void anOutputOverTheModelIsRefusedButAWarmStartMayUpdateItsModel() throws IOException {
        byte[] before = Files.readAllBytes(model);
        assertRefused(
                Run.of("predict", "-m", model.toString(), data.toString(), "-o", model.toString()),
                "would overwrite the model");
        assertRefused(
                Run.of("sample", "-m", model.toString(), "-n", "5", "-o", model.toString()),
                "would overwrite the model");
        assertArrayEquals(before, Files.readAllBytes(model));
        Run update =
                Run.of(
                        "fit",
                        data.toString(),
                        "--init-model",
                        model.toString(),
                        "-o",
                        model.toString(),
                        "-q");
        assertEquals(0, update.code(), "a model updated in place is read first: " + update);
    }

    @Test
    void anOutputThroughALinkToTheDataIsRefused() throws IOException {
        Path link = dir.resolve("link.csv");
        Files.createSymbolicLink(link, data.getFileName());
        byte[] before = Files.readAllBytes(data);
        assertRefused(
                Run.of("fit", data.toString(), "-k", "2", "-o", link.toString()),
                "would overwrite the data");
        Path hard = dir.resolve("hard.csv");
        Files.createLink(hard, data);
        assertRefused(
                Run.of("fit", hard.toString(), "-k", "2", "-o", data.toString()),
                "would overwrite the data");
        assertArrayEquals(before, Files.readAllBytes(data));
    }

    @Test
    void twoOutputsOfOneRunMayNotNameTheSameFile() {
        Path x = dir.resolve("x.json");
        assertRefused(
                Run.of(
                        "fit",
                        data.toString(),
                        "-k",
                        "2",
                        "-o",
                        x.toString(),
                        "--report",
                        x.toString()),
                "the same file");
        Path png = dir.resolve("m.png");
        assertRefused(
                Run.of(
                        "fit",
                        data.toString(),
                        "-k",
                        "2",
                        "-o",
                        png.toString(),
                        "--plot",
                        png.toString()),
                "the same file");
        assertFalse(Files.exists(x));
        assertFalse(Files.exists(png));
    }

    @Test
    void aFailingLaterOutputLeavesNoEarlierOneBehind() throws IOException {
        Path out = dir.resolve("new.json");
        assertRefused(
                Run.of(
                        "fit",
                        data.toString(),
                        "-k",
                        "2",
                        "-o",
                        out.toString(),
                        "--report",
                        dir.resolve("nodir").resolve("r.json").toString()),
                "does not exist");
        assertRefused(
                Run.of(
                        "fit",
                        data.toString(),
                        "-k",
                        "2",
                        "-o",
                        out.toString(),
                        "--plot",
                        dir.resolve("p.png").toString(),
                        "--dims",
                        "0,7"),
                "--dims 7");
        assertRefused(
                Run.of(
                        "fit",
                        data.toString(),
                        "-k",
                        "2",
                        "-o",
                        out.toString(),
                        "--plot",
                        dir.resolve("p.txt").toString()),
                "png");
        assertFalse(Files.exists(out), "no model written by a run that failed");
        assertNoTemporaries();
    }

    @Test
    void aLinkIsWrittenThroughAndStaysALink() throws IOException {
        Path target = dir.resolve("real.json");
        Path link = dir.resolve("link.json");
        Files.createSymbolicLink(link, target.getFileName());
        Run r = Run.of("fit", data.toString(), "-k", "2", "-o", link.toString(), "-q");
        assertEquals(0, r.code(), r.toString());
        assertTrue(Files.isSymbolicLink(link), "the link stays a link");
        assertTrue(
                Files.readString(target).contains("covarianceType"), "its target holds the model");
    }

    @Test
    void aFifoReceivesTheStreamAndStaysAFifo() throws Exception {
        Path fifo = dir.resolve("labels.fifo");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        Assumptions.assumeTrue(
                mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0, "mkfifo is not available");
        List<String> received = new ArrayList<>();
        Thread reader =
                new Thread(
                        () -> {
                            try {
                                received.addAll(Files.readAllLines(fifo));
                            } catch (IOException e) {
                                received.add("read failed: " + e);
                            }
                        });
        reader.start();
        Run r = Run.of("predict", "-m", model.toString(), data.toString(), "-o", fifo.toString());
        reader.join(30_000);
        assertEquals(0, r.code(), r.toString());
        assertEquals("label", received.get(0));
        assertEquals(2001, received.size());
        assertFalse(Files.isRegularFile(fifo), "the FIFO was not replaced by a file");
    }

    @Test
    void aCharacterDeviceIsWrittenIntoNotReplaced() {
        Path devNull = Path.of("/dev/null");
        Assumptions.assumeTrue(
                Files.exists(devNull) && !Files.isRegularFile(devNull), "no /dev/null here");
        Run r = Run.of("fit", data.toString(), "-k", "2", "-o", devNull.toString(), "-q");
        assertEquals(0, r.code(), r.toString());
        assertFalse(Files.isRegularFile(devNull), "/dev/null is still a device");
        Run sample = Run.of("sample", "-m", model.toString(), "-n", "10", "-o", "/dev/null", "-q");
        assertEquals(0, sample.code(), sample.toString());
        assertFalse(Files.isRegularFile(devNull));
    }

    @Test
    void aReadOnlyTargetIsRefusedAndSaysPermissionDenied() throws IOException {
        Path ro = Files.writeString(dir.resolve("ro.json"), "keep me");
        Assumptions.assumeTrue(
                Files.getFileStore(ro).supportsFileAttributeView("posix"), "no POSIX permissions");
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r--r--r--"));
        assertRefused(
                Run.of("fit", data.toString(), "-k", "2", "-o", ro.toString()),
                "permission denied");
        assertEquals("keep me", Files.readString(ro));
    }

    @Test
    void aFolderAsOutputIsRefused() {
        assertRefused(
                Run.of("fit", data.toString(), "-k", "2", "-o", dir.toString()), "is a folder");
    }

    @Test
    void aModelFileIsTheSameByteForByteForAnyThreadCount() throws IOException {
        Path one = dir.resolve("one.json");
        Path three = dir.resolve("three.json");
        Path r1 = dir.resolve("r1.json");
        assertEquals(
                0,
                Run.of(
                                "fit",
                                data.toString(),
                                "-k",
                                "3",
                                "--backend",
                                "cpu",
                                "--threads",
                                "1",
                                "-o",
                                one.toString(),
                                "--report",
                                r1.toString(),
                                "-q")
                        .code());
        assertEquals(
                0,
                Run.of(
                                "fit",
                                data.toString(),
                                "-k",
                                "3",
                                "--backend",
                                "cpu",
                                "--threads",
                                "3",
                                "-o",
                                three.toString(),
                                "-q")
                        .code());
        assertArrayEquals(Files.readAllBytes(one), Files.readAllBytes(three));
        assertTrue(Files.readString(r1).contains("1 thread"), "the report keeps the run's facts");
    }

    private void assertRefused(Run r, String mention) {
        assertEquals(2, r.code(), r.toString());
        assertTrue(
                r.err().startsWith("gmm: ") && r.err().strip().lines().count() == 1, r.toString());
        assertTrue(r.err().contains(mention), "mentions '" + mention + "': " + r);
        assertEquals("", r.out(), "no summary of work that did not happen: " + r);
    }

    private void assertNoTemporaries() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(
                    List.of(),
                    files.filter(p -> p.getFileName().toString().startsWith(".")).toList());
        }
    }
}
