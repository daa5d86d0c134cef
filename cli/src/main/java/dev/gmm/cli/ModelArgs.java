/*
 * Copyright 2026 the gmm-engine authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.gmm.cli;

import dev.gmm.GaussianMixtureModel;
import dev.gmm.GmmException;
import dev.gmm.Precision;
import dev.gmm.data.DataSource;
import dev.gmm.data.SelectedColumns;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** --model, for the commands that use a fitted model. */
public final class ModelArgs {

    @Option(
            names = {"-m", "--model"},
            required = true,
            paramLabel = "MODEL.json",
            description = "A model written by gmm fit (or by hand).")
    Path model;

    GaussianMixtureModel load() {
        return GaussianMixtureModel.load(model);
    }

    /** The names of the columns the model was fitted on, or null when its file does not say. */
    private static List<String> fittedNames(GaussianMixtureModel m) {
        List<String> names = m.columns();
        return names.equals(defaultNames(names.size())) ? null : names;
    }

    private static List<String> defaultNames(int d) {
        List<String> names = new ArrayList<>(d);
        for (int j = 0; j < d; j++) {
            names.add("x" + j);
        }
        return names;
    }

    /**
     * Opens DATA for this model: when both the model and the file name their columns (and no
     * --columns was given), the model's columns are taken by name, in the model's order, with a
     * note when that differs from the file's order; otherwise by position. Fails unless the result
     * has the model's dimension.
     */
    DataSource select(
            GaussianMixtureModel loaded,
            DataArgs dataArgs,
            Path data,
            Precision precision,
            Console console) {
        DataSource source = dataArgs.open(data, precision);
        try {
            List<String> wanted = fittedNames(loaded);
            List<String> have = source.columns();
            if (wanted != null
                    && dataArgs.columns.isEmpty()
                    && !have.equals(wanted)
                    && !have.equals(defaultNames(have.size()))) {
                List<String> missing = wanted.stream().filter(n -> !have.contains(n)).toList();
                if (!missing.isEmpty()) {
                    throw GmmException.input(
                            source.name()
                                    + " has no column"
                                    + (missing.size() == 1 ? " " : "s ")
                                    + String.join(", ", missing)
                                    + " of the model "
                                    + model
                                    + "; the model has "
                                    + String.join(", ", wanted)
                                    + ", the data has "
                                    + String.join(", ", have)
                                    + " (pick columns by position with --columns)");
                }
                int[] picked = wanted.stream().mapToInt(have::indexOf).toArray();
                console.note(
                        "note: %s's columns %s taken by name, in the model's order",
                        source.name(), String.join(", ", wanted));
                source = new SelectedColumns(source, picked);
            }
            checkFits(loaded, source);
            return source;
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
    }

    /** Fails unless the data has as many columns as the model has dimensions. */
    void checkFits(GaussianMixtureModel m, DataSource source) {
        if (m.dimensions() != source.dims()) {
            throw GmmException.input(
                    source.name()
                            + " has "
                            + source.dims()
                            + " column"
                            + (source.dims() == 1 ? "" : "s")
                            + " but "
                            + model
                            + " has "
                            + m.dimensions()
                            + " dimensions; pick the model's columns with --columns");
        }
    }
}
