/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.engine.io;

import dev.gmm.GmmException;
import dev.gmm.data.DataOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * Which columns of a file are data and which one holds weights, resolved once from {@link
 * DataOptions} against the file's column names, with messages that list what the file has.
 */
final class ColumnSelection {

    /** Column names listed in a message at most; wide files get the first ones and a count. */
    private static final int LISTED_NAMES = 20;

    private final String file;
    private final List<String> names;
    private final boolean named;
    private final int[] data;
    private final int weights;

    private ColumnSelection(
            String file, List<String> names, boolean named, int[] data, int weights) {
        this.file = file;
        this.names = names;
        this.named = named;
        this.data = data;
        this.weights = weights;
    }

    /**
     * Resolves the options against a file's columns. {@code names} are the header's names when
     * {@code named}, else the generated x0, x1, ... (which select too).
     */
    static ColumnSelection resolve(String file, List<String> names, boolean named, DataOptions o) {
        ColumnSelection partial = new ColumnSelection(file, names, named, null, -1);
        int w = o.weightsColumn() == null ? -1 : partial.find(o.weightsColumn());
        List<Integer> chosen = new ArrayList<>();
        if (o.columns().isEmpty()) {
            for (int j = 0; j < names.size(); j++) {
                if (j != w) {
                    chosen.add(j);
                }
            }
            if (chosen.isEmpty()) {
                throw GmmException.input(
                        file
                                + " has no data columns besides the weights column "
                                + partial.label(w));
            }
        } else {
            for (String text : o.columns()) {
                int j = partial.find(text);
                if (j == w) {
                    throw GmmException.input(
                            file
                                    + ": column "
                                    + partial.label(j)
                                    + " is selected both as data and as the weights column");
                }
                if (chosen.contains(j)) {
                    throw GmmException.input(
                            file + ": column " + partial.label(j) + " is selected twice");
                }
                chosen.add(j);
            }
        }
        int[] data = chosen.stream().mapToInt(Integer::intValue).toArray();
        return new ColumnSelection(file, names, named, data, w);
    }

    /** The file's column index for a name or a 0-based index. */
    private int find(String text) {
        int found = -1;
        for (int j = 0; j < names.size(); j++) {
            if (names.get(j).equals(text)) {
                if (found >= 0) {
                    throw GmmException.input(
                            file
                                    + " has more than one column named '"
                                    + Cells.show(text)
                                    + "' (indices "
                                    + found
                                    + " and "
                                    + j
                                    + "); select by 0-based index instead");
                }
                found = j;
            }
        }
        if (found >= 0) {
            return found;
        }
        if (!text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            long index = text.length() > 9 ? Long.MAX_VALUE : Long.parseLong(text);
            if (index < names.size()) {
                return (int) index;
            }
            throw GmmException.input(
                    file
                            + " has no column "
                            + text
                            + "; it has "
                            + names.size()
                            + " columns, 0-based indices 0 to "
                            + (names.size() - 1));
        }
        throw GmmException.input(
                file + " has no column '" + Cells.show(text) + "'; its columns are: " + listing());
    }

    private String listing() {
        List<String> shown = names.stream().limit(LISTED_NAMES).map(Cells::show).toList();
        if (names.size() <= LISTED_NAMES) {
            return String.join(", ", shown);
        }
        return String.join(", ", shown) + ", ... (" + names.size() + " in all)";
    }

    /**
     * How messages name file column {@code j}: its header name quoted, else its 0-based index, as
     * --columns takes it.
     */
    String label(int j) {
        return named ? "'" + Cells.show(names.get(j)) + "'" : String.valueOf(j);
    }

    /** File column indices of the data columns, in selection order. */
    int[] data() {
        return data.clone();
    }

    /** The weights column's file index, or -1. */
    int weights() {
        return weights;
    }

    /** The names of the data columns, in selection order. */
    List<String> dataNames() {
        List<String> out = new ArrayList<>(data.length);
        for (int j : data) {
            out.add(names.get(j));
        }
        return out;
    }
}
