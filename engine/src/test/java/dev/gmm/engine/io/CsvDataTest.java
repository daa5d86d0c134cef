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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CSV files through {@link DataFiles#open}: detection, selection, weights, precision and every
 * error message.
 */
class CsvDataTest {

    @TempDir Path dir;

    private Path csv(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
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

    private static double[] weights(DataSource s) {
        double[] out = new double[(int) s.rows()];
        int at = 0;
        for (int c = 0; c < s.chunkCount(); c++) {
            DataChunk chunk = s.chunk(c);
            chunk.copyWeights(0, chunk.rows(), out, at);
            at += chunk.rows();
        }
        return out;
    }

    private GmmException failure(String content, DataOptions o) throws IOException {
        Path p = csv("bad.csv", content);
        GmmException e = assertThrows(GmmException.class, () -> DataFiles.open(p, o));
        assertEquals(GmmException.Category.INPUT, e.category(), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertTrue(e.getMessage().startsWith(p.toString()), "names the file: " + e.getMessage());
        return e;
    }

    private GmmException failure(String content) throws IOException {
        return failure(content, DataOptions.defaults());
    }

    private static String after(GmmException e, Path file) {
        return e.getMessage().substring(file.toString().length());
    }

    private String message(String content) throws IOException {
        return after(failure(content), dir.resolve("bad.csv"));
    }

    private String message(String content, DataOptions o) throws IOException {
        return after(failure(content, o), dir.resolve("bad.csv"));
    }

    @Test
    void headerIsDetectedWhenTheFirstRowHasText() throws IOException {
        DataSource s =
                DataFiles.open(
                        csv("h.csv", "height,weight\n170.5,65\n180,80.25\n"),
                        DataOptions.defaults());
        assertEquals(2, s.rows());
        assertEquals(List.of("height", "weight"), s.columns());
        assertArrayEquals(new double[] {170.5, 65, 180, 80.25}, all(s));
    }

    @Test
    void numericFirstRowIsData() throws IOException {
        DataSource s = DataFiles.open(csv("n.csv", "1,2\n3,4\n"), DataOptions.defaults());
        assertEquals(2, s.rows());
        assertEquals(List.of("x0", "x1"), s.columns());
        assertArrayEquals(new double[] {1, 2, 3, 4}, all(s));
    }

    @Test
    void explicitHeaderTakesANumericFirstRowAsNames() throws IOException {
        DataSource s =
                DataFiles.open(csv("n.csv", "1,2\n3,4\n"), DataOptions.defaults().withHeader(true));
        assertEquals(1, s.rows());
        assertEquals(List.of("1", "2"), s.columns());
    }

    @Test
    void explicitNoHeaderMakesATextFirstRowAnError() throws IOException {
        assertEquals(
                ": line 1, column 0: 'a' is not a number",
                message("a,b\n1,2\n", DataOptions.defaults().withHeader(false)));
    }

    @ParameterizedTest
    @ValueSource(strings = {",", ";", "\t", "|"})
    void delimiterIsDetected(String delimiter) throws IOException {
        String content =
                String.join(delimiter, "a", "b", "c")
                        + "\n"
                        + String.join(delimiter, "1", "2.5", "-3e2")
                        + "\n"
                        + String.join(delimiter, "4", "5", "6")
                        + "\n";
        DataSource s = DataFiles.open(csv("d.csv", content), DataOptions.defaults());
        assertEquals(3, s.dims());
        assertArrayEquals(new double[] {1, 2.5, -300, 4, 5, 6}, all(s));
    }

    @Test
    void detectionIgnoresDelimitersInsideQuotes() throws IOException {
        DataSource s =
                DataFiles.open(csv("q.csv", "\"a;b\";\"c,d\"\n1;2\n3;4\n"), DataOptions.defaults());
        assertEquals(List.of("a;b", "c,d"), s.columns());
        assertArrayEquals(new double[] {1, 2, 3, 4}, all(s));
    }

    @Test
    void givenDelimiterIsUsed() throws IOException {
        DataSource s =
                DataFiles.open(
                        csv("g.csv", "1 2\n3 4\n"), DataOptions.defaults().withDelimiter(' '));
        assertArrayEquals(new double[] {1, 2, 3, 4}, all(s));
    }

    @Test
    void oneColumnFileNeedsNoDelimiter() throws IOException {
        DataSource s =
                DataFiles.open(csv("one.csv", "height\n170\n\n165.5\n"), DataOptions.defaults());
        assertEquals(1, s.dims());
        assertArrayEquals(new double[] {170, 165.5}, all(s));
    }

    @Test
    void crlfLineEndingsBomAndSurroundingSpacesAreAccepted() throws IOException {
        DataSource s =
                DataFiles.open(
                        csv("w.csv", "\uFEFFa, b\r\n1, 2\r\n 3 ,4\r\n"), DataOptions.defaults());
        assertEquals(List.of("a", "b"), s.columns());
        assertArrayEquals(new double[] {1, 2, 3, 4}, all(s));
    }

    @Test
    void columnsAreSelectedByNameInTheGivenOrder() throws IOException {
        DataSource s =
                DataFiles.open(
                        csv("c.csv", "a,b,c\n1,2,3\n4,5,6\n"),
                        DataOptions.defaults().withColumns(List.of("c", "a")));
        assertEquals(List.of("c", "a"), s.columns());
        assertArrayEquals(new double[] {3, 1, 6, 4}, all(s));
    }

    @Test
    void columnsAreSelectedByZeroBasedIndex() throws IOException {
        DataSource s =
                DataFiles.open(
                        csv("c.csv", "1,2,3\n4,5,6\n"),
                        DataOptions.defaults().withColumns(List.of("2", "0")));
        assertEquals(List.of("x2", "x0"), s.columns());
        assertArrayEquals(new double[] {3, 1, 6, 4}, all(s));
    }

    @Test
    void unselectedColumnsMayHoldText() throws IOException {
        DataSource s =
                DataFiles.open(
                        csv("t.csv", "name,x\nann,1\nbob,2\n"),
                        DataOptions.defaults().withColumns(List.of("x")));
        assertArrayEquals(new double[] {1, 2}, all(s));
    }

    @Test
    void weightsColumnGivesWeightsAndIsNotData() throws IOException {
        DataSource s =
                DataFiles.open(
                        csv("w.csv", "a,w,b\n1,0.5,2\n3,0,4\n"),
                        DataOptions.defaults().withWeightsColumn("w"));
        assertTrue(s.weighted());
        assertEquals(List.of("a", "b"), s.columns());
        assertArrayEquals(new double[] {1, 2, 3, 4}, all(s));
        assertArrayEquals(new double[] {0.5, 0}, weights(s));
    }

    @Test
    void weightsColumnByIndex() throws IOException {
        DataSource s =
                DataFiles.open(
                        csv("w.csv", "1,2,3\n4,5,6\n"),
                        DataOptions.defaults().withWeightsColumn("0"));
        assertArrayEquals(new double[] {2, 3, 5, 6}, all(s));
        assertArrayEquals(new double[] {1, 4}, weights(s));
    }

    @Test
    void floatPrecisionStoresFloats() throws IOException {
        DataSource s =
                DataFiles.open(
                        csv("f.csv", "0.1,2\n3,4\n"),
                        DataOptions.defaults().withPrecision(Precision.FLOAT));
        DataChunk chunk = s.chunk(0);
        assertEquals(Precision.FLOAT, chunk.storage());
        double[] x = new double[4];
        chunk.copyRows(0, 2, x, 0);
        assertArrayEquals(new double[] {0.1, 2, 3, 4}, x, 1e-6, "each value to float's precision");
        float[] relative = new float[4];
        chunk.copyRowsRelative(0, 2, chunk.storageOffset(), relative, 0);
        double[] offset = chunk.storageOffset();
        assertArrayEquals(
                new double[] {1.55, 3},
                offset,
                1e-12,
                "stored less the column means of the first lines");
        assertArrayEquals(new float[] {(float) (0.1 - 1.55), -1, (float) (3 - 1.55), 1}, relative);
        assertEquals(2 * 2 * Float.BYTES, s.bytes());
    }

    @Test
    void valueTooLargeForFloatIsAnError() throws IOException {
        assertEquals(
                ": line 2, column 'b': 1.0E39 is too large for float precision; use double",
                message("a,b\n1,1e39\n", DataOptions.defaults().withPrecision(Precision.FLOAT)));
    }

    @Test
    void chunkRowsCutsTheRowsIntoChunks() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            b.append(i).append(',').append(-i).append('\n');
        }
        DataSource s =
                DataFiles.open(
                        csv("many.csv", b.toString()), DataOptions.defaults().withChunkRows(3));
        assertEquals(4, s.chunkCount());
        assertEquals(1, s.chunk(3).rows());
        double[] x = all(s);
        assertEquals(9, x[18]);
        assertEquals(-9, x[19]);
    }

    @Test
    void rowsBeyondTheEstimateGrowTheArrays() throws IOException {
        // short first lines make the size estimate far too low
        StringBuilder b = new StringBuilder("1\n2\n3\n");
        for (int i = 0; i < 3000; i++) {
            b.append("123456789.123456789\n");
        }
        DataSource s = DataFiles.open(csv("grow.csv", b.toString()), DataOptions.defaults());
        assertEquals(3003, s.rows());
        assertEquals(123456789.123456789, all(s)[3002]);
    }

    @Test
    void nonNumericCellNamesLineAndHeaderColumn() throws IOException {
        assertEquals(
                ": line 3, column 'height': 'abc' is not a number",
                message("id,height\n1,170\n2,abc\n"));
    }

    @Test
    void nonNumericCellWithoutHeaderNamesZeroBasedColumn() throws IOException {
        assertEquals(": line 2, column 1: '1.2.3' is not a number", message("1,2\n3,1.2.3\n"));
    }

    @Test
    void lineNumbersCountBlankLinesAndQuotedLineBreaks() throws IOException {
        assertEquals(
                ": line 6, column 'b': 'x' is not a number",
                message(
                        "a,b\n\n\"1\n\",2\n\n3,x\n",
                        DataOptions.defaults().withColumns(List.of("b"))));
    }

    @Test
    void firstRowAsDataKeepsItsLineNumberAfterBlankLines() throws IOException {
        assertEquals(
                ": line 3, column 1: 'a' is not a number",
                message("\n\n1,a\n", DataOptions.defaults().withHeader(false)));
    }

    @Test
    void blankLinesBeforeTheHeaderAreSkipped() throws IOException {
        DataSource s = DataFiles.open(csv("blank.csv", "\n\r\na,b\n1,2\n"), DataOptions.defaults());
        assertEquals(List.of("a", "b"), s.columns());
        assertArrayEquals(new double[] {1, 2}, all(s));
    }

    @Test
    void utf16FileIsNamedAsSuch() throws IOException {
        Path p = dir.resolve("u16.csv");
        Files.write(p, "\uFEFFa,b\n1,2\n".getBytes(StandardCharsets.UTF_16LE));
        GmmException e =
                assertThrows(GmmException.class, () -> DataFiles.open(p, DataOptions.defaults()));
        assertEquals(p + ": the file is UTF-16 text; save it as UTF-8", e.getMessage());
    }

    @Test
    void emptyCellIsNamed() throws IOException {
        assertEquals(
                ": line 2, column 'b' is empty; every selected cell needs a number",
                message("a,b\n1,\n"));
    }

    @Test
    void raggedRowNamesLineAndCounts() throws IOException {
        assertEquals(
                ": line 4 has 3 fields, expected 4",
                message("a,b,c,d\n1,2,3,4\n5,6,7,8\n9,10,11\n"));
    }

    @Test
    void longerRowIsRaggedToo() throws IOException {
        assertEquals(": line 2 has 3 fields, expected 2", message("1,2\n3,4,5\n"));
    }

    @Test
    void nanCellIsAnError() throws IOException {
        assertEquals(
                ": line 3, column 'b': 'NaN' is not a finite number", message("a,b\n1,2\n3,NaN\n"));
    }

    @Test
    void infiniteCellIsAnError() throws IOException {
        assertEquals(
                ": line 1, column 0: '-Infinity' is not a finite number", message("-Infinity,2\n"));
        assertEquals(": line 2, column 'a': '1e999' is not a finite number", message("a\n1e999\n"));
    }

    @Test
    void emptyFileIsAnError() throws IOException {
        assertEquals(" is empty", message(""));
        assertEquals(" is empty", message("\n\n"));
    }

    @Test
    void headerWithoutRowsIsAnError() throws IOException {
        assertEquals(" has a header but no rows", message("a,b,c\n"));
    }

    @Test
    void unknownColumnNameListsTheColumns() throws IOException {
        assertEquals(
                " has no column 'foo'; its columns are: a, b, c",
                message("a,b,c\n1,2,3\n", DataOptions.defaults().withColumns(List.of("a", "foo"))));
    }

    @Test
    void columnIndexOutOfRangeIsAnError() throws IOException {
        assertEquals(
                " has no column 3; it has 3 columns, 0-based indices 0 to 2",
                message("1,2,3\n", DataOptions.defaults().withColumns(List.of("3"))));
    }

    @Test
    void unknownWeightsColumnIsAnError() throws IOException {
        assertEquals(
                " has no column 'w'; its columns are: a, b",
                message("a,b\n1,2\n", DataOptions.defaults().withWeightsColumn("w")));
    }

    @Test
    void columnSelectedTwiceIsAnError() throws IOException {
        assertEquals(
                ": column 'a' is selected twice",
                message("a,b\n1,2\n", DataOptions.defaults().withColumns(List.of("a", "0"))));
    }

    @Test
    void weightsColumnAsDataIsAnError() throws IOException {
        assertEquals(
                ": column 'w' is selected both as data and as the weights column",
                message(
                        "a,w\n1,2\n",
                        DataOptions.defaults()
                                .withColumns(List.of("a", "w"))
                                .withWeightsColumn("w")));
    }

    @Test
    void negativeWeightIsAnError() throws IOException {
        assertEquals(
                ": line 3, column 'w': weight -0.5 is negative; weights must be finite and non-negative",
                message("a,w\n1,1\n2,-0.5\n", DataOptions.defaults().withWeightsColumn("w")));
    }

    @Test
    void nonFiniteWeightIsAnError() throws IOException {
        assertEquals(
                ": line 2, column 'w': 'inf' is not a number",
                message("a,w\n1,inf\n", DataOptions.defaults().withWeightsColumn("w")));
        assertEquals(
                ": line 2, column 'w': 'Infinity' is not a finite number",
                message("a,w\n1,Infinity\n", DataOptions.defaults().withWeightsColumn("w")));
    }

    @Test
    void allWeightsZeroIsAnError() throws IOException {
        assertEquals(
                ": every weight in column 'w' is zero",
                message("a,w\n1,0\n2,0.0\n", DataOptions.defaults().withWeightsColumn("w")));
    }

    @Test
    void missingFileIsAnError() {
        Path p = dir.resolve("nope.csv");
        GmmException e =
                assertThrows(GmmException.class, () -> DataFiles.open(p, DataOptions.defaults()));
        assertEquals(p + ": no such file", e.getMessage());
        assertEquals(GmmException.Category.INPUT, e.category());
    }

    @Test
    void folderIsAnError() {
        GmmException e =
                assertThrows(GmmException.class, () -> DataFiles.open(dir, DataOptions.defaults()));
        assertEquals(dir + ": is a folder, not a file", e.getMessage());
    }
}
