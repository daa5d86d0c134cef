/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.cli;

import java.util.ArrayList;
import java.util.List;

/** Plain-text tables: columns padded to their widest cell, numbers right-aligned. */
final class Tables {

    private Tables() {}

    static List<String> format(List<String> header, List<List<String>> rows) {
        int[] width = new int[header.size()];
        for (int j = 0; j < header.size(); j++) {
            width[j] = header.get(j).length();
            for (List<String> r : rows) {
                width[j] = Math.max(width[j], r.get(j).length());
            }
        }
        List<String> out = new ArrayList<>();
        out.add(line(header, width));
        for (List<String> r : rows) {
            out.add(line(r, width));
        }
        return out;
    }

    private static String line(List<String> cells, int[] width) {
        StringBuilder b = new StringBuilder();
        for (int j = 0; j < cells.size(); j++) {
            if (j > 0) {
                b.append("  ");
            }
            String cell = cells.get(j);
            String pad = " ".repeat(width[j] - cell.length());
            b.append(j == 0 ? cell + pad : pad + cell);
        }
        return b.toString().stripTrailing();
    }
}
