/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmm.Precision;
import dev.gmm.data.NpyWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Input as people have it: gzip, standard input, pipes, comments, trailing delimiters, columns in
 * another order; and input that is wrong, refused with one line that says why, never echoing binary
 * bytes or a huge field.
 */
class InputTest {

    @TempDir Path dir;

    private String blobsCsv() throws IOException {
        return Files.readString(CommandsTest.BLOBS);
    }

    private double meanOf(Run r) {
        assertEquals(0, r.code(), r.toString());
        return Double.parseDouble(r.out().trim());
    }

    private Path model() {
        Path m = dir.resolve("m.json");
        if (!Files.exists(m)) {
            assertEquals(
                    0,
                    Run.of(
                                    "fit",
                                    CommandsTest.BLOBS.toString(),
                                    "-k",
                                    "2",
                                    "-o",
                                    m.toString(),
                                    "-q")
                            .code());
        }
        return m;
    }

    private double reference() {
        return meanOf(
                Run.of("score", "-m", model().toString(), CommandsTest.BLOBS.toString(), "-q"));
    }

    @Test
    void gzipIsReadWhateverTheName() throws IOException {
        byte[] gz = gzip(blobsCsv().getBytes(StandardCharsets.UTF_8));
        Path named = Files.write(dir.resolve("blobs.csv.gz"), gz);
        Path unnamed = Files.write(dir.resolve("blobs.data"), gz);
        assertEquals(
                reference(),
                meanOf(Run.of("score", "-m", model().toString(), named.toString(), "-q")),
                0);
        assertEquals(
                reference(),
                meanOf(Run.of("score", "-m", model().toString(), unnamed.toString(), "-q")),
                0);
        Path npy = dir.resolve("rows.npy");
        assertEquals(
                0,
                Run.of("sample", "-m", model().toString(), "-n", "50", "-o", npy.toString(), "-q")
                        .code());
        Path npyGz = Files.write(dir.resolve("rows.npy.gz"), gzip(Files.readAllBytes(npy)));
        assertEquals(
                meanOf(Run.of("score", "-m", model().toString(), npy.toString(), "-q")),
                meanOf(Run.of("score", "-m", model().toString(), npyGz.toString(), "-q")),
                0);
        Path broken =
                Files.write(dir.resolve("cut.csv.gz"), java.util.Arrays.copyOf(gz, gz.length / 2));
        assertRefused(Run.of("score", "-m", model().toString(), broken.toString()), "gzip");
    }

    @Test
    void npyDescrWithoutByteOrderOrWithEqualsIsNativeOrder() throws IOException {
        for (String descr : List.of("f8", "=f8")) {
            Path p =
                    npy(
                            "native-" + descr.length() + ".npy",
                            descr,
                            new double[] {1, 2, 3, 4, 5, 7});
            Run r =
                    Run.of(
                            "fit",
                            p.toString(),
                            "-k",
                            "1",
                            "-q",
                            "-o",
                            dir.resolve("n" + descr.length() + ".json").toString());
            assertEquals(0, r.code(), descr + ": " + r);
        }
    }

    @Test
    void anNpzArchiveSaysToExtractTheArray() throws IOException {
        Path npz = dir.resolve("arrays.npz");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(npz))) {
            z.putNextEntry(new ZipEntry("x.npy"));
            z.write(new byte[] {1, 2, 3});
            z.closeEntry();
        }
        assertRefused(Run.of("fit", npz.toString(), "-k", "2"), ".npz archive", "numpy");
        Path zipAsCsv = Files.copy(npz, dir.resolve("arrays.csv"));
        assertRefused(Run.of("fit", zipAsCsv.toString(), "-k", "2"), ".npz archive");
    }

    @Test
    void commentLinesAndOneTrailingDelimiterAreAccepted() throws IOException {
        StringBuilder b = new StringBuilder("# exported by a lab instrument\n");
        List<String> lines = blobsCsv().lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            b.append(lines.get(i)).append(",\n");
            if (i == 10) {
                b.append("# a note in the middle\n");
            }
        }
        Path p = Files.writeString(dir.resolve("noted.csv"), b);
        assertEquals(
                reference(),
                meanOf(Run.of("score", "-m", model().toString(), p.toString(), "-q")),
                0);
    }

    @Test
    void columnsAreTakenByNameWhenTheFileHasThemInAnotherOrder() throws IOException {
        StringBuilder b = new StringBuilder("label,y,x\n");
        for (String line : blobsCsv().lines().skip(1).toList()) {
            String[] f = line.split(",");
            b.append("7,").append(f[1]).append(',').append(f[0]).append('\n');
        }
        Path swapped = Files.writeString(dir.resolve("swapped.csv"), b);
        Run r = Run.of("score", "-m", model().toString(), swapped.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.err().contains("taken by name"), "says so: " + r);
        assertTrue(
                r.out().contains(String.format(java.util.Locale.ROOT, "%.10g", reference())),
                r.toString());
        Path predicted = dir.resolve("p.csv");
        assertEquals(
                0,
                Run.of(
                                "predict",
                                "-m",
                                model().toString(),
                                swapped.toString(),
                                "-o",
                                predicted.toString(),
                                "-q")
                        .code());
        Path expected = dir.resolve("e.csv");
        assertEquals(
                0,
                Run.of(
                                "predict",
                                "-m",
                                model().toString(),
                                CommandsTest.BLOBS.toString(),
                                "-o",
                                expected.toString(),
                                "-q")
                        .code());
        assertEquals(Files.readString(expected), Files.readString(predicted));

        Path other = Files.writeString(dir.resolve("other.csv"), "a,y\n1,2\n3,4\n");
        assertRefused(
                Run.of("score", "-m", model().toString(), other.toString()),
                "no column x",
                "the model has x, y",
                "the data has a, y");
        Path headerless =
                Files.writeString(
                        dir.resolve("plain.csv"),
                        String.join("\n", blobsCsv().lines().skip(1).toList()) + "\n");
        assertEquals(
                reference(),
                meanOf(Run.of("score", "-m", model().toString(), headerless.toString(), "-q")),
                0,
                "a file without names is taken by position");
    }

    static Stream<Arguments> badCells() {
        return Stream.of(
                Arguments.of(
                        "java double suffix",
                        "x,y\n1,2\n1.5d,3\n",
                        List.of("line 3", "'1.5d' is not a number")),
                Arguments.of(
                        "java float suffix",
                        "x,y\n1,2\n3,1.5f\n",
                        List.of("line 3", "'1.5f' is not a number")),
                Arguments.of("hex float", "x,y\n1,2\n0x1p3,3\n", List.of("line 3", "not a number")),
                Arguments.of("NUL byte", "x,y\n1,2\n3,\u0000\u0001\n", List.of("NUL byte")),
                Arguments.of(
                        "unterminated quote",
                        "x,y\n1,2\n\"3,4\n5,6\n",
                        List.of("line 3", "unterminated quote")),
                Arguments.of(
                        "two trailing delimiters",
                        "x,y\n1,2,,\n",
                        List.of("line 2", "has 4 fields, expected 2")),
                Arguments.of(
                        "zero-based column without header",
                        "1,2\n3,a\n",
                        List.of("line 2, column 1:")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCells")
    void badCellsAreRefusedWithTheReason(String what, String csv, List<String> mentions)
            throws IOException {
        Path p =
                Files.writeString(
                        dir.resolve(what.replace(' ', '-') + ".csv"), csv, StandardCharsets.UTF_8);
        assertRefused(Run.of("fit", p.toString(), "-k", "1"), mentions.toArray(String[]::new));
    }

    @Test
    void binaryBytesAndHugeFieldsAreNeverEchoed() throws IOException {
        Path huge =
                Files.writeString(
                        dir.resolve("huge.csv"), "x,y\n1,2\n3," + "9z".repeat(5_000_000) + "\n");
        Run r =
                assertRefused(
                        Run.of("fit", huge.toString(), "-k", "1"), "line 3", "10000000 characters");
        assertTrue(r.err().length() < 300, "a short line: " + r.err().length() + " characters");
        Path binary =
                Files.write(
                        dir.resolve("binary.csv"),
                        new byte[] {'x', ',', 'y', '\n', '1', ',', 0x1b, '[', '2', 'J', '\n'});
        Run b = assertRefused(Run.of("fit", binary.toString(), "-k", "1"), "\\x1b");
        assertFalse(
                b.err().chars().anyMatch(c -> c < 0x20 && c != '\n'),
                "no control characters: " + b.err());
    }

    @Test
    void modelFileErrorsSpeakOfTheModelNotTheJsonLibrary() throws IOException {
        Path nan =
                Files.writeString(
                        dir.resolve("nan.json"),
                        "{\"covarianceType\":\"diag\",\n\"weights\":[NaN],\"means\":[[0]],"
                                + "\"covariances\":[[1]]}");
        Run r =
                assertRefused(
                        Run.of("score", "-m", nan.toString(), CommandsTest.HEIGHTS.toString()),
                        "NaN is not allowed in a model file",
                        "line 2, column");
        assertFalse(r.err().contains("JsonReadFeature") || r.err().contains("`"), r.err());
        Path comma =
                Files.writeString(
                        dir.resolve("comma.json"),
                        "{\"covarianceType\":\"diag\",\"weights\":[1,],\"means\":[[0]]}");
        assertRefused(
                Run.of("score", "-m", comma.toString(), CommandsTest.HEIGHTS.toString()),
                "unexpected ']'");
    }

    @Test
    void dataFromStandardInputAPipeAndDevStdin() throws Exception {
        Path m = model();
        double expected = reference();
        byte[] csv = blobsCsv().getBytes(StandardCharsets.UTF_8);
        assertEquals(
                expected,
                Double.parseDouble(fork(csv, "score", "-m", m.toString(), "-", "-q").strip()),
                0);
        Path npy = dir.resolve("rows.npy");
        assertEquals(
                0,
                Run.of("sample", "-m", m.toString(), "-n", "40", "-o", npy.toString(), "-q")
                        .code());
        double npyMean = meanOf(Run.of("score", "-m", m.toString(), npy.toString(), "-q"));
        assertEquals(
                npyMean,
                Double.parseDouble(
                        fork(Files.readAllBytes(npy), "score", "-m", m.toString(), "-", "-q")
                                .strip()),
                0);
        Path devStdin = Path.of("/dev/stdin");
        Assumptions.assumeTrue(Files.exists(devStdin), "no /dev/stdin here");
        assertEquals(
                expected,
                Double.parseDouble(
                        fork(csv, "score", "-m", m.toString(), "/dev/stdin", "-q").strip()),
                0);
        Path fifo = dir.resolve("rows.fifo");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        Assumptions.assumeTrue(
                mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0, "mkfifo is not available");
        Thread writer =
                new Thread(
                        () -> {
                            try (OutputStream out = Files.newOutputStream(fifo)) {
                                out.write(csv);
                            } catch (IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        });
        writer.start();
        assertEquals(
                expected, meanOf(Run.of("score", "-m", m.toString(), fifo.toString(), "-q")), 0);
        writer.join(30_000);
    }

    @Test
    void contradictingOptionsAreRefused() {
        Path m = model();
        String data = CommandsTest.BLOBS.toString();
        assertRefused(
                Run.of("fit", data, "--init-model", m.toString(), "--n-init", "3"),
                "--init-model",
                "--n-init");
        assertRefused(
                Run.of("fit", data, "--init-model", m.toString(), "--init", "random"),
                "--init-model",
                "--init");
        for (Run both :
                List.of(
                        Run.of("fit", data, "-k", "2", "-q", "-v"),
                        Run.of("score", "-m", m.toString(), data, "-q", "--verbose"))) {
            assertEquals(2, both.code(), both.toString());
            assertTrue(both.err().startsWith("gmm: --quiet and --verbose"), both.toString());
        }
        assertRefused(
                Run.of("fit", data, "-k", "2", "--backend", "cpu", "--device", "0"),
                "--device",
                "--backend cpu has none");
        assertRefused(
                Run.of("fit", data, "-k", "2", "--backend", "opencl", "--threads", "2"),
                "--threads");
        assertRefused(
                Run.of("predict", "-m", m.toString(), data, "--backend", "cuda", "--threads", "2"),
                "--threads");
    }

    @Test
    void aScoreThatWouldBeNanIsAnError() throws IOException {
        Path weighted =
                Files.writeString(dir.resolve("w.csv"), "x,y,w\n1,2,1e308\n3,4,1e308\n0,1,1e308\n");
        assertRefused(
                Run.of(
                        "score",
                        "-m",
                        model().toString(),
                        weighted.toString(),
                        "--weights-column",
                        "w"),
                "overflows");
    }

    @Test
    void smallSlipsGetTheirOwnMessage() throws IOException {
        assertRefused(Run.of("fit", "", "-k", "2"), "name is empty");
        assertRefused(
                Run.of(
                        "sample",
                        "-m",
                        model().toString(),
                        "-n",
                        "5",
                        "-o",
                        dir.resolve("rows.npz").toString()),
                "*.npy");
        assertFalse(Files.exists(dir.resolve("rows.npz")));
        Path oneRow = Files.writeString(dir.resolve("one.csv"), "x,y,w\n1,2,0\n3,4,0\n5,6,1\n");
        assertRefused(
                Run.of("fit", oneRow.toString(), "-k", "2", "--weights-column", "w"), "distinct");
    }

    @Test
    void verboseReallyPrintsTheStackTrace() {
        Run r = Run.of("fit", dir.resolve("missing.csv").toString(), "-k", "2", "--verbose");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().startsWith("gmm: "), r.toString());
        assertTrue(r.err().contains("\tat dev.gmm."), "a stack trace with --verbose: " + r);
    }

    private Run assertRefused(Run r, String... mentions) {
        assertEquals(2, r.code(), r.toString());
        String err = r.err().strip();
        assertTrue(err.startsWith("gmm: "), r.toString());
        assertEquals(1, err.lines().count(), "one line: " + r);
        for (String m : mentions) {
            assertTrue(err.contains(m), "mentions '" + m + "': " + r);
        }
        return r;
    }

    private Path npy(String name, String descr, double[] values) throws IOException {
        Path p = dir.resolve(name);
        try (NpyWriter w = NpyWriter.create(p, Precision.DOUBLE, values.length, 1)) {
            w.writeRows(values, 0, values.length);
        }
        byte[] bytes = Files.readAllBytes(p);
        String header =
                new String(
                        bytes,
                        10,
                        bytes.length - 10 - values.length * 8,
                        StandardCharsets.ISO_8859_1);
        String changed =
                header.replace("'<f8'", "'" + descr + "'" + " ".repeat(3 - descr.length()));
        byte[] out = bytes.clone();
        System.arraycopy(
                changed.getBytes(StandardCharsets.ISO_8859_1), 0, out, 10, changed.length());
        return Files.write(p, out);
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(b)) {
            z.write(bytes);
        }
        return b.toByteArray();
    }

    /**
     * Runs gmm in another JVM with {@code stdin} as its standard input; returns what it printed on
     * stdout.
     */
    private static String fork(byte[] stdin, String... args) throws Exception {
        Process p = Run.forked(args);
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), err);
        return out;
    }
}
