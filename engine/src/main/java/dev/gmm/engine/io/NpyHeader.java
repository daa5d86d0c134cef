/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.engine.io;

import dev.gmm.GmmException;
import dev.gmm.Precision;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The header of an NPY file (format versions 1, 2 and 3): the magic {@code \x93NUMPY}, the version,
 * the header length, then a Python dict literal with {@code descr}, {@code fortran_order} and
 * {@code shape}. Only what this engine can map is accepted: little-endian float64 or float32 in C
 * order, 1-D (one column) or 2-D.
 *
 * @param dtype the element type: {@link Precision#DOUBLE} for {@code <f8}, {@link Precision#FLOAT}
 *     for {@code <f4}
 * @param rows the first dimension of the shape
 * @param columns the second dimension, 1 for a 1-D array
 * @param dataOffset where the rows start in the file
 */
public record NpyHeader(Precision dtype, long rows, int columns, long dataOffset) {

    public static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    /** numpy pads the header so that the data starts on this boundary. */
    static final int ALIGNMENT = 64;

    /** Far more than any real header; guards against reading a huge bogus length. */
    private static final int MAX_HEADER_BYTES = 1 << 20;

    /**
     * Reads and checks the header of {@code file}, and that the file holds all the rows it
     * promises.
     */
    public static NpyHeader read(FileChannel channel, String file) throws IOException {
        long size = channel.size();
        ByteBuffer prefix = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, prefix, 0);
        if (prefix.position() < 10 || !hasMagic(prefix)) {
            throw invalid(file, "it does not start with \\x93NUMPY");
        }
        int major = prefix.get(6);
        long length;
        long start;
        if (major == 1) {
            length = Short.toUnsignedInt(prefix.getShort(8));
            start = 10;
        } else if (major == 2 || major == 3) {
            if (prefix.position() < 12) {
                throw invalid(file, "the header is cut short");
            }
            length = Integer.toUnsignedLong(prefix.getInt(8));
            start = 12;
        } else {
            throw invalid(file, "unknown format version " + major + "." + prefix.get(7));
        }
        if (length > MAX_HEADER_BYTES || start + length > size) {
            throw invalid(file, "the header length " + length + " runs past the end of the file");
        }
        ByteBuffer text = ByteBuffer.allocate((int) length);
        readFully(channel, text, start);
        // versions 1 and 2 are latin-1 (in practice ASCII); version 3 allows UTF-8
        String dict =
                new String(
                        text.array(),
                        0,
                        text.position(),
                        major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        NpyHeader h = parse(dict, file, start + length);
        long dataBytes;
        try {
            dataBytes =
                    Math.multiplyExact(
                            Math.multiplyExact(h.rows, (long) h.columns), (long) h.dtype.bytes());
        } catch (ArithmeticException e) {
            throw invalid(file, "the shape " + h.rows + " x " + h.columns + " is too large");
        }
        if (h.dataOffset + dataBytes > size) {
            throw invalid(
                    file,
                    "the header promises "
                            + h.rows
                            + " x "
                            + h.columns
                            + " "
                            + typeName(h.dtype)
                            + " = "
                            + dataBytes
                            + " bytes of data, but only "
                            + Math.max(0, size - h.dataOffset)
                            + " follow it");
        }
        return h;
    }

    private static void readFully(FileChannel channel, ByteBuffer into, long position)
            throws IOException {
        while (into.hasRemaining()) {
            if (channel.read(into, position + into.position()) < 0) {
                return;
            }
        }
    }

    private static boolean hasMagic(ByteBuffer prefix) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (prefix.get(i) != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private static NpyHeader parse(String dict, String file, long dataOffset) {
        Object parsed;
        try {
            PyLiteral p = new PyLiteral(dict);
            parsed = p.value();
            p.end();
        } catch (IllegalArgumentException e) {
            throw invalid(file, "cannot read its header: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw invalid(file, "its header is not a dict");
        }
        for (String key : List.of("descr", "fortran_order", "shape")) {
            if (!map.containsKey(key)) {
                throw invalid(file, "its header has no '" + key + "'");
            }
        }
        Precision dtype = dtype(map.get("descr"), file);
        if (!(map.get("fortran_order") instanceof Boolean fortran)) {
            throw invalid(
                    file, "'fortran_order' is " + map.get("fortran_order") + ", not True or False");
        }
        if (fortran) {
            throw GmmException.input(
                    file
                            + ": the array is in Fortran (column-major) order; gmm reads C order"
                            + " (save np.ascontiguousarray(a) instead)");
        }
        if (!(map.get("shape") instanceof List<?> shape)
                || !shape.stream().allMatch(x -> x instanceof Long n && n >= 0)) {
            throw invalid(file, "'shape' is " + map.get("shape") + ", not a tuple of sizes");
        }
        if (shape.isEmpty()) {
            throw GmmException.input(
                    file + ": the array is a single number (shape ()); gmm needs rows");
        }
        if (shape.size() > 2) {
            throw GmmException.input(
                    file
                            + ": the array has "
                            + shape.size()
                            + " dimensions, shape "
                            + pyTuple(shape)
                            + "; gmm reads 1-D (one column) or 2-D (rows x columns) arrays");
        }
        long rows = (Long) shape.get(0);
        long columns = shape.size() == 2 ? (Long) shape.get(1) : 1;
        if (rows == 0) {
            throw GmmException.input(
                    file + ": the array has no rows (shape " + pyTuple(shape) + ")");
        }
        if (columns == 0) {
            throw GmmException.input(
                    file + ": the rows have no columns (shape " + pyTuple(shape) + ")");
        }
        if (columns > Integer.MAX_VALUE) {
            throw GmmException.input(file + ": " + columns + " columns are more than gmm supports");
        }
        return new NpyHeader(dtype, rows, (int) columns, dataOffset);
    }

    private static Precision dtype(Object descr, String file) {
        if (!(descr instanceof String s)) {
            throw GmmException.input(
                    file
                            + ": the array has a structured dtype ("
                            + (descr instanceof List<?> ? "a record of fields" : descr)
                            + "); gmm reads plain float64 ('<f8') or float32 ('<f4') arrays");
        }
        // '=' is the writer's native order, '|' means "not applicable", and no order character at
        // all ('f8') is native too: numpy reads all three as native
        char order = s.isEmpty() ? '?' : s.charAt(0);
        boolean marked = order == '<' || order == '>' || order == '=' || order == '|';
        boolean little =
                order == '<'
                        || (order != '>') && ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
        String type = marked ? s.substring(1) : s;
        boolean f8 = type.equals("f8");
        boolean f4 = type.equals("f4");
        if ((f8 || f4) && little) {
            return f8 ? Precision.DOUBLE : Precision.FLOAT;
        }
        String what =
                f8 || f4
                        ? "big-endian " + (f8 ? "float64" : "float32")
                        : type.startsWith("i") || type.startsWith("u")
                                ? "integers"
                                : type.startsWith("f")
                                        ? "floating point of " + type.substring(1) + " bytes"
                                        : type.startsWith("c")
                                                ? "complex numbers"
                                                : "not a float type";
        throw GmmException.input(
                file
                        + ": the array's dtype is '"
                        + s
                        + "' ("
                        + what
                        + "); gmm reads little-endian float64"
                        + " ('<f8') or float32 ('<f4'): save a.astype('<f8')");
    }

    static String typeName(Precision p) {
        return p == Precision.DOUBLE ? "float64" : "float32";
    }

    private static String pyTuple(List<?> shape) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < shape.size(); i++) {
            b.append(i > 0 ? ", " : "").append(shape.get(i));
        }
        return b.append(shape.size() == 1 ? ",)" : ")").toString();
    }

    private static GmmException invalid(String file, String why) {
        return GmmException.input(file + ": not a valid NPY file (" + why + ")");
    }

    /**
     * A version 1.0 header for an array of {@code rows x columns} in {@code dtype}, padded with
     * spaces and a newline so that the data starts aligned, as numpy writes it.
     */
    public static byte[] encode(Precision dtype, long rows, int columns) {
        String dict =
                "{'descr': '<"
                        + (dtype == Precision.DOUBLE ? "f8" : "f4")
                        + "', 'fortran_order': False, 'shape': ("
                        + rows
                        + ", "
                        + columns
                        + "), }";
        int prefix = 10;
        int total = (prefix + dict.length() + 1 + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        byte[] out = new byte[total];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        ByteBuffer.wrap(out)
                .order(ByteOrder.LITTLE_ENDIAN)
                .put(6, (byte) 1)
                .put(7, (byte) 0)
                .putShort(8, (short) (total - prefix));
        byte[] text = dict.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, out, prefix, text.length);
        Arrays.fill(out, prefix + text.length, total - 1, (byte) ' ');
        out[total - 1] = '\n';
        return out;
    }

    /**
     * The part of Python's literal syntax NPY headers use: dicts, tuples, lists, strings, integers,
     * True, False and None. Tuples and lists both become {@link List}s.
     */
    private static final class PyLiteral {
        private final String s;
        private int at;

        PyLiteral(String s) {
            this.s = s;
        }

        Object value() {
            skipSpace();
            if (at >= s.length()) {
                throw new IllegalArgumentException("it ends early");
            }
            char c = s.charAt(at);
            if (c == '{') {
                at++;
                Map<String, Object> map = new LinkedHashMap<>();
                while (!closing('}')) {
                    Object key = value();
                    if (!(key instanceof String k)) {
                        throw new IllegalArgumentException(
                                "a key is not a string at character " + at);
                    }
                    expect(':');
                    map.put(k, value());
                    separator('}');
                }
                return map;
            }
            if (c == '(' || c == '[') {
                char close = c == '(' ? ')' : ']';
                at++;
                List<Object> items = new ArrayList<>();
                while (!closing(close)) {
                    items.add(value());
                    separator(close);
                }
                return items;
            }
            if (c == '\'' || c == '"') {
                int end = s.indexOf(c, at + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("a string is not closed");
                }
                String text = s.substring(at + 1, end);
                at = end + 1;
                return text;
            }
            int start = at;
            while (at < s.length()
                    && (Character.isLetterOrDigit(s.charAt(at))
                            || s.charAt(at) == '_'
                            || s.charAt(at) == '-')) {
                at++;
            }
            String word = s.substring(start, at);
            switch (word) {
                case "True":
                    return Boolean.TRUE;
                case "False":
                    return Boolean.FALSE;
                case "None":
                    return null;
                default:
                    // Python 2's numpy wrote long sizes with an L suffix
                    String digits =
                            word.endsWith("L") ? word.substring(0, word.length() - 1) : word;
                    try {
                        return Long.parseLong(digits);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(
                                "unexpected '"
                                        + (word.isEmpty() ? String.valueOf(c) : word)
                                        + "' at character "
                                        + start);
                    }
            }
        }

        /** Consumes {@code close} if it is next. */
        private boolean closing(char close) {
            skipSpace();
            if (at < s.length() && s.charAt(at) == close) {
                at++;
                return true;
            }
            return false;
        }

        /** After an item: a comma, or the closing bracket (left for {@link #closing}). */
        private void separator(char close) {
            skipSpace();
            if (at < s.length() && s.charAt(at) == ',') {
                at++;
            } else if (at >= s.length() || s.charAt(at) != close) {
                throw new IllegalArgumentException(
                        "expected ',' or '" + close + "' at character " + at);
            }
        }

        private void expect(char c) {
            skipSpace();
            if (at >= s.length() || s.charAt(at) != c) {
                throw new IllegalArgumentException("expected '" + c + "' at character " + at);
            }
            at++;
        }

        void end() {
            skipSpace();
            if (at < s.length()) {
                throw new IllegalArgumentException(
                        "unexpected text after the dict at character " + at);
            }
        }

        private void skipSpace() {
            while (at < s.length() && Character.isWhitespace(s.charAt(at))) {
                at++;
            }
        }
    }
}
