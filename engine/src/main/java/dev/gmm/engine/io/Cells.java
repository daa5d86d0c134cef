/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.engine.io;

import ch.randelshofer.fastdoubleparser.JavaDoubleParser;

/** How data files' cells are read as numbers, and shown in messages. */
final class Cells {

    /** Characters of a cell or name a message shows at most. */
    static final int SHOWN = 60;

    private Cells() {}

    /**
     * The number in {@code buf[offset, offset+len)}, or NaN when it is not one. Decimal notation
     * only, as numpy and pandas read it: Java's type suffixes ({@code 1.5d}, {@code 1.5f}) and hex
     * floats are not numbers in a data file; surrounding blanks are allowed.
     */
    static double parse(char[] buf, int offset, int len) {
        int end = offset + len;
        while (end > offset && Character.isWhitespace(buf[end - 1])) {
            end--;
        }
        if (end > offset) {
            char last = buf[end - 1];
            if (last == 'd' || last == 'D' || last == 'f' || last == 'F') {
                return Double.NaN;
            }
        }
        for (int i = offset; i < end; i++) {
            char c = buf[i];
            if (c == 'x' || c == 'X' || c == 'p' || c == 'P' || c == 0) {
                return Double.NaN;
            }
        }
        try {
            return JavaDoubleParser.parseDouble(buf, offset, len);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Whether {@code cell} is a number by {@link #parse}'s rules (NaN and infinities count). */
    static boolean isNumber(String cell) {
        String t = cell.strip();
        if (t.equalsIgnoreCase("nan") || t.equals("NaN") || t.matches("[+-]?Infinity")) {
            return true;
        }
        return !Double.isNaN(parse(cell.toCharArray(), 0, cell.length()));
    }

    /**
     * {@code text} as a message shows it: control and other unprintable characters escaped ({@code
     * \x00}, {@code \u200b}), and cut to {@value #SHOWN} characters with the full length said, so
     * neither binary bytes nor a huge field reach the terminal.
     */
    static String show(String text) {
        StringBuilder b = new StringBuilder();
        int n = text.length();
        for (int i = 0; i < n && b.length() < SHOWN; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                b.append(String.format("\\x%02x", (int) c));
            } else if (!Character.isDefined(c)
                    || Character.getType(c) == Character.FORMAT
                    || Character.getType(c) == Character.PRIVATE_USE
                    || Character.isSurrogate(c)
                    || c == 0xFFFD) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (b.length() >= SHOWN && b.length() < n || b.length() > SHOWN) {
            b.setLength(Math.min(b.length(), SHOWN));
            b.append("... (").append(n).append(" characters)");
        }
        return b.toString();
    }
}
