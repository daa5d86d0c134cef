/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gmm.GmmException;
import dev.gmm.data.DataChunk;
import dev.gmm.data.DataOptions;
import dev.gmm.data.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A CSV file read in parallel parts gives the same rows, weights and messages as one read straight
 * through: line numbers of later parts count the earlier parts' lines (blank ones too), the first
 * error in file order wins, and a cut inside a quoted field falls back to one part.
 */
class CsvPartsTest {

    @TempDir Path dir;

    /**
     * Rows "i, -i/2, w" with a blank line every 7th row and CRLF every 5th; error rows replace
     * given ones.
     */
    private Path file(int rows, int... badRows) throws IOException {
        StringBuilder b = new StringBuilder("a,b,w\n");
        for (int i = 0; i < rows; i++) {
            if (i % 7 == 3) {
                b.append('\n');
            }
            boolean bad = false;
            for (int r : badRows) {
                bad |= r == i;
            }
            b.append(i)
                    .append(',')
                    .append(bad ? "oops" + i : String.valueOf(-i / 2.0))
                    .append(',')
                    .append(i % 3)
                    .append(i % 5 == 0 ? "\r\n" : "\n");
        }
        Path p = dir.resolve("parts.csv");
        Files.writeString(p, b);
        return p;
    }

    /** The file line of data row {@code row} as {@link #file} writes it. */
    private static long lineOf(int row) {
        long line = 2;
        for (int i = 0; i < row; i++) {
            line += i % 7 == 3 ? 2 : 1;
        }
        return line + (row % 7 == 3 ? 1 : 0);
    }

    private static double[][] read(DataSource s) {
        double[] x = new double[(int) s.rows() * s.dims()];
        double[] w = new double[(int) s.rows()];
        int at = 0;
        for (int c = 0; c < s.chunkCount(); c++) {
            DataChunk chunk = s.chunk(c);
            chunk.copyRows(0, chunk.rows(), x, at * s.dims());
            chunk.copyWeights(0, chunk.rows(), w, at);
            at += chunk.rows();
        }
        return new double[][] {x, w};
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 8})
    void partsGiveTheRowsOfOneReadInOrder(int parts) throws IOException {
        Path p = file(5000);
        DataOptions o = DataOptions.defaults().withWeightsColumn("w");
        double[][] one = read(CsvLoader.load(p, o, 1));
        double[][] many = read(CsvLoader.load(p, o, parts));
        assertEquals(5000 * 2, many[0].length);
        assertArrayEquals(one[0], many[0]);
        assertArrayEquals(one[1], many[1]);
        assertEquals(4999, many[0][2 * 4999]);
    }

    @Test
    void errorInALaterPartNamesTheFileLine() throws IOException {
        Path p = file(5000, 4711);
        GmmException e =
                assertThrows(
                        GmmException.class, () -> CsvLoader.load(p, DataOptions.defaults(), 4));
        assertEquals(
                p + ": line " + lineOf(4711) + ", column 'b': 'oops4711' is not a number",
                e.getMessage());
        GmmException straight =
                assertThrows(
                        GmmException.class, () -> CsvLoader.load(p, DataOptions.defaults(), 1));
        assertEquals(e.getMessage(), straight.getMessage());
    }

    @Test
    void firstErrorInFileOrderWins() throws IOException {
        Path p = file(5000, 1500, 4000);
        GmmException e =
                assertThrows(
                        GmmException.class, () -> CsvLoader.load(p, DataOptions.defaults(), 4));
        assertEquals(
                p + ": line " + lineOf(1500) + ", column 'b': 'oops1500' is not a number",
                e.getMessage());
    }

    @Test
    void cutInsideAQuotedFieldFallsBackToOnePart() throws IOException {
        StringBuilder b = new StringBuilder("x,note\n");
        for (int i = 0; i < 300; i++) {
            b.append(i).append(",\"");
            // the middle row's note runs over many lines, so every cut lands inside it
            for (int l = 0; l < (i == 150 ? 2000 : 1); l++) {
                b.append("line ").append(l).append(i == 150 ? "\n" : "");
            }
            b.append("\"\n");
        }
        b.append("bad,\"\"\n");
        Path p = dir.resolve("quoted.csv");
        Files.writeString(p, b);
        DataOptions o = DataOptions.defaults().withColumns(List.of("x"));
        GmmException e = assertThrows(GmmException.class, () -> CsvLoader.load(p, o, 4));
        assertEquals(
                p + ": line " + (2 + 300 + 2000) + ", column 'x': 'bad' is not a number",
                e.getMessage());

        Files.writeString(p, b.substring(0, b.length() - "bad,\"\"\n".length()));
        double[][] rows = read(CsvLoader.load(p, o, 4));
        assertEquals(300, rows[0].length);
        assertEquals(299, rows[0][299]);
    }
}
