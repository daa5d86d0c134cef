/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmm.GmmException;
import dev.gmm.Precision;
import dev.gmm.data.DataChunk;
import dev.gmm.data.DataFiles;
import dev.gmm.data.DataOptions;
import dev.gmm.data.DataSource;
import dev.gmm.data.NpyWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * NPY files: what {@link NpyWriter} writes reads back exactly, chunk by chunk; every header numpy
 * writes; every rejection.
 */
class NpyDataTest {

    @TempDir Path dir;

    /**
     * An NPY file with a hand-written header dict (version {@code major}) and raw little-endian
     * data.
     */
    private Path raw(String name, int major, String dict, ByteBuffer data) throws IOException {
        int prefix = major == 1 ? 10 : 12;
        byte[] text = dict.getBytes(StandardCharsets.UTF_8);
        int headerLength = ((prefix + text.length + 1 + 63) / 64) * 64 - prefix;
        ByteBuffer b =
                ByteBuffer.allocate(prefix + headerLength + data.remaining())
                        .order(ByteOrder.LITTLE_ENDIAN);
        b.put(NpyHeader.MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) {
            b.putShort((short) headerLength);
        } else {
            b.putInt(headerLength);
        }
        b.put(text);
        for (int i = text.length; i < headerLength - 1; i++) {
            b.put((byte) ' ');
        }
        b.put((byte) '\n').put(data);
        Path p = dir.resolve(name);
        Files.write(p, b.array());
        return p;
    }

    private static ByteBuffer doubles(double... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double x : v) {
            b.putDouble(x);
        }
        return b.flip();
    }

    private static ByteBuffer floats(float... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            b.putFloat(x);
        }
        return b.flip();
    }

    private static double[] all(DataSource s) {
        double[] out = new double[(int) s.rows() * s.dims()];
        int at = 0;
        for (int c = 0; c < s.chunkCount(); c++) {
            DataChunk chunk = s.chunk(c);
            chunk.copyRows(0, chunk.rows(), out, at);
            at += chunk.rows() * s.dims();
        }
        return out;
    }

    private String failure(Path p, DataOptions o) {
        GmmException e = assertThrows(GmmException.class, () -> DataFiles.open(p, o).close());
        assertEquals(GmmException.Category.INPUT, e.category(), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
        return e.getMessage().substring(p.toString().length());
    }

    private String failure(Path p) {
        return failure(p, DataOptions.defaults());
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void writtenFileReadsBackExactlyAcrossChunks(Precision precision) throws IOException {
        int n = 1000;
        int d = 3;
        double[] x = new double[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.sin(i) * 1e3 + i * 1e-7;
        }
        Path p = dir.resolve("w.npy");
        try (NpyWriter w = NpyWriter.create(p, precision, n, d)) {
            w.writeRows(x, 0, 10);
            for (int i = 10; i < n; i++) {
                w.writeRow(java.util.Arrays.copyOfRange(x, i * d, i * d + d));
            }
        }
        try (DataSource s = DataFiles.open(p, DataOptions.defaults().withChunkRows(64))) {
            assertEquals(n, s.rows());
            assertEquals(d, s.dims());
            assertEquals(16, s.chunkCount());
            assertEquals(1000 - 15 * 64, s.chunk(15).rows());
            assertEquals(precision, s.chunk(0).storage());
            double[] back = all(s);
            for (int i = 0; i < x.length; i++) {
                double expected = precision == Precision.FLOAT ? (float) x[i] : x[i];
                assertEquals(expected, back[i], 0.0, "value " + i);
            }
            // reading part of a chunk, in float, from an offset
            float[] f = new float[2 * d];
            s.chunk(3).copyRows(5, 2, f, 0);
            assertEquals((float) x[(3 * 64 + 5) * d], f[0]);
            assertEquals((float) x[(3 * 64 + 6) * d + 2], f[5]);
        }
    }

    @Test
    void everyVersionAndByteOrderMarkNumpyWrites() throws IOException {
        ByteBuffer data = doubles(1, 2, 3, 4);
        for (String order : List.of("<", "=", "|")) {
            for (int major = 1; major <= 3; major++) {
                Path p =
                        raw(
                                "v.npy",
                                major,
                                "{'descr': '"
                                        + order
                                        + "f8', 'fortran_order': False, 'shape': (2, 2), }",
                                data.duplicate());
                try (DataSource s = DataFiles.open(p, DataOptions.defaults())) {
                    assertArrayEquals(new double[] {1, 2, 3, 4}, all(s), order + " v" + major);
                }
            }
        }
    }

    @Test
    void float32FileReadsAsFloatAndDouble() throws IOException {
        Path p =
                raw(
                        "f4.npy",
                        1,
                        "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }",
                        floats(0.1f, 2, 3, 4));
        try (DataSource s = DataFiles.open(p, DataOptions.defaults())) {
            assertEquals(Precision.FLOAT, s.chunk(0).storage());
            assertEquals(2 * 2 * 4, s.bytes());
            assertArrayEquals(new double[] {0.1f, 2, 3, 4}, all(s));
        }
    }

    @Test
    void oneDimensionalShapeIsOneColumn() throws IOException {
        Path p =
                raw(
                        "flat.npy",
                        1,
                        "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }",
                        doubles(5, 6, 7));
        try (DataSource s = DataFiles.open(p, DataOptions.defaults())) {
            assertEquals(3, s.rows());
            assertEquals(1, s.dims());
            assertEquals(List.of("x0"), s.columns());
            assertArrayEquals(new double[] {5, 6, 7}, all(s));
        }
    }

    @Test
    void headerKeysInAnyOrderWithDoubleQuotesAndLongSuffix() throws IOException {
        Path p =
                raw(
                        "odd.npy",
                        1,
                        "{\"shape\": (2L, 1L), \"fortran_order\": False, \"descr\": \"<f8\"}",
                        doubles(1, 2));
        try (DataSource s = DataFiles.open(p, DataOptions.defaults())) {
            assertArrayEquals(new double[] {1, 2}, all(s));
        }
    }

    @Test
    void columnsAndWeightsAreSelectedByIndexOrName() throws IOException {
        Path p =
                raw(
                        "sel.npy",
                        1,
                        "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }",
                        doubles(1, 2, 0.5, 4, 5, 2));
        DataOptions o =
                DataOptions.defaults().withColumns(List.of("x1", "0")).withWeightsColumn("2");
        try (DataSource s = DataFiles.open(p, o)) {
            assertTrue(s.weighted());
            assertEquals(List.of("x1", "x0"), s.columns());
            assertArrayEquals(new double[] {2, 1, 5, 4}, all(s));
            double[] w = new double[2];
            s.chunk(0).copyWeights(0, 2, w, 0);
            assertArrayEquals(new double[] {0.5, 2}, w);
            float[] f = new float[4];
            s.chunk(0).copyRows(0, 2, f, 0);
            assertArrayEquals(new float[] {2, 1, 5, 4}, f);
        }
        try (DataSource s = DataFiles.open(p, DataOptions.defaults().withWeightsColumn("x2"))) {
            assertArrayEquals(new double[] {1, 2, 4, 5}, all(s));
        }
    }

    @Test
    void nanNamesRowAndColumnFromZero() throws IOException {
        Path p =
                raw(
                        "nan.npy",
                        1,
                        "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }",
                        doubles(1, 2, 3, 4, 5, Double.NaN));
        assertEquals(": row 2, column 1 is NaN; values must be finite", failure(p));
    }

    @Test
    void float32RowsLessAnOffsetAreRoundedOnceAfterTheSubtraction() throws IOException {
        Path p =
                raw(
                        "rel.npy",
                        1,
                        "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }",
                        floats(1e9f, 3, 1e9f + 64, 5));
        try (DataSource s = DataFiles.open(p, DataOptions.defaults())) {
            float[] out = new float[4];
            s.chunk(0).copyRowsRelative(0, 2, new double[] {1e9 + 32, 4}, out, 0);
            assertArrayEquals(new float[] {-32, -1, 32, 1}, out);
        }
    }

    @Test
    void infinityInAFloat32FileIsAnError() throws IOException {
        Path p =
                raw(
                        "inf.npy",
                        1,
                        "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }",
                        floats(1, Float.NEGATIVE_INFINITY));
        assertEquals(": row 1, column 0 is -Infinity; values must be finite", failure(p));
    }

    @Test
    void nanInAnUnselectedColumnIsIgnored() throws IOException {
        Path p =
                raw(
                        "skip.npy",
                        1,
                        "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }",
                        doubles(1, Double.NaN, 3, Double.NaN));
        try (DataSource s = DataFiles.open(p, DataOptions.defaults().withColumns(List.of("0")))) {
            assertArrayEquals(new double[] {1, 3}, all(s));
        }
    }

    @Test
    void badWeightsAreErrors() throws IOException {
        Path p =
                raw(
                        "w.npy",
                        1,
                        "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }",
                        doubles(1, 0, 3, -1));
        assertEquals(
                ": row 1, column 1: weight -1.0 is not allowed; weights must be finite and non-negative",
                failure(p, DataOptions.defaults().withWeightsColumn("1")));
        Path z =
                raw(
                        "z.npy",
                        1,
                        "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }",
                        doubles(1, 0, 3, 0));
        assertEquals(
                ": every weight in column 1 is zero",
                failure(z, DataOptions.defaults().withWeightsColumn("1")));
    }

    @Test
    void unknownColumnListsTheNames() throws IOException {
        Path p =
                raw(
                        "c.npy",
                        1,
                        "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2), }",
                        doubles(1, 2));
        assertEquals(
                " has no column 'height'; its columns are: x0, x1",
                failure(p, DataOptions.defaults().withColumns(List.of("height"))));
        assertEquals(
                " has no column 5; it has 2 columns, 0-based indices 0 to 1",
                failure(p, DataOptions.defaults().withColumns(List.of("5"))));
    }

    @Test
    void fortranOrderIsRejected() throws IOException {
        Path p =
                raw(
                        "f.npy",
                        1,
                        "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 2), }",
                        doubles(1, 2, 3, 4));
        assertEquals(
                ": the array is in Fortran (column-major) order; gmm reads C order (save np.ascontiguousarray(a) instead)",
                failure(p));
    }

    @Test
    void unsupportedDtypesAreNamed() throws IOException {
        record Case(String descr, String what) {}
        for (Case c :
                List.of(
                        new Case(">f8", "big-endian float64"),
                        new Case("<i8", "integers"),
                        new Case("|u1", "integers"),
                        new Case("<f2", "floating point of 2 bytes"),
                        new Case("<c16", "complex numbers"),
                        new Case("|b1", "not a float type"))) {
            Path p =
                    raw(
                            "t.npy",
                            1,
                            "{'descr': '"
                                    + c.descr()
                                    + "', 'fortran_order': False, 'shape': (1,), }",
                            doubles(1));
            assertEquals(
                    ": the array's dtype is '"
                            + c.descr()
                            + "' ("
                            + c.what()
                            + "); gmm reads little-endian float64"
                            + " ('<f8') or float32 ('<f4'): save a.astype('<f8')",
                    failure(p));
        }
        Path p =
                raw(
                        "s.npy",
                        1,
                        "{'descr': [('a', '<f8'), ('b', '<f8')], 'fortran_order': False, 'shape': (1,), }",
                        doubles(1, 2));
        assertEquals(
                ": the array has a structured dtype (a record of fields); gmm reads plain float64 ('<f8') or float32 ('<f4') arrays",
                failure(p));
    }

    @Test
    void shapesItCannotUseAreRejected() throws IOException {
        assertEquals(
                ": the array has 3 dimensions, shape (1, 1, 2); gmm reads 1-D (one column) or 2-D (rows x columns) arrays",
                failure(
                        raw(
                                "3d.npy",
                                1,
                                "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1, 2), }",
                                doubles(1, 2))));
        assertEquals(
                ": the array is a single number (shape ()); gmm needs rows",
                failure(
                        raw(
                                "0d.npy",
                                1,
                                "{'descr': '<f8', 'fortran_order': False, 'shape': (), }",
                                doubles(1))));
        assertEquals(
                ": the array has no rows (shape (0, 3))",
                failure(
                        raw(
                                "empty.npy",
                                1,
                                "{'descr': '<f8', 'fortran_order': False, 'shape': (0, 3), }",
                                doubles())));
    }

    @Test
    void brokenFilesAreNotValidNpy() throws IOException {
        Path text = dir.resolve("text.npy");
        Files.writeString(text, "a,b\n1,2\n");
        assertEquals(": not a valid NPY file (it does not start with \\x93NUMPY)", failure(text));
        Path empty = dir.resolve("empty.npy");
        Files.write(empty, new byte[0]);
        assertEquals(": not a valid NPY file (it does not start with \\x93NUMPY)", failure(empty));
        Path version = raw("v9.npy", 9, "{}", doubles());
        assertEquals(": not a valid NPY file (unknown format version 9.0)", failure(version));
        assertEquals(
                ": not a valid NPY file (cannot read its header: expected ':' at character 9)",
                failure(raw("colon.npy", 1, "{'descr' '<f8'}", doubles())));
        assertEquals(
                ": not a valid NPY file (its header has no 'shape')",
                failure(
                        raw(
                                "noshape.npy",
                                1,
                                "{'descr': '<f8', 'fortran_order': False}",
                                doubles())));
        assertEquals(
                ": not a valid NPY file (the header promises 4 x 2 float64 = 64 bytes of data, but only 16 follow it)",
                failure(
                        raw(
                                "short.npy",
                                1,
                                "{'descr': '<f8', 'fortran_order': False, 'shape': (4, 2), }",
                                doubles(1, 2))));
        byte[] cut =
                Files.readAllBytes(
                        raw(
                                "cut.npy",
                                1,
                                "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }",
                                doubles(1)));
        Path truncated = dir.resolve("truncated.npy");
        Files.write(truncated, java.util.Arrays.copyOf(cut, 40));
        assertEquals(
                ": not a valid NPY file (the header length 118 runs past the end of the file)",
                failure(truncated));
    }

    @Test
    void incompleteWriterLeavesNoFile() throws IOException {
        Path p = dir.resolve("partial.npy");
        GmmException e =
                assertThrows(
                        GmmException.class,
                        () -> {
                            try (NpyWriter w = NpyWriter.create(p, Precision.DOUBLE, 3, 2)) {
                                w.writeRow(new double[] {1, 2});
                            }
                        });
        assertEquals(
                p + ": only 1 of 3 rows were written; the file was not created", e.getMessage());
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(), left.toList());
        }
    }
}
