package dev.gmm.cli;

import dev.gmm.engine.GaussianMixture;
import dev.gmm.engine.GmmException;
import dev.gmm.engine.data.DataSource;
import dev.gmm.engine.io.ModelFile;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** --model, for the commands that use a fitted model. */
public final class ModelArgs {

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "MODEL.json", description = "A model written by gmm fit (or by hand).")
    Path model;

    GaussianMixture load() {
        return loadWithMetadata().model();
    }

    ModelFile.Loaded loadWithMetadata() {
        return ModelFile.read(model);
    }

    /** The model's column names from its metadata when it has them, else x0, x1, ... */
    static java.util.List<String> columns(ModelFile.Loaded loaded) {
        int d = loaded.model().dimensions();
        Object cols = loaded.metadata().get("columns");
        java.util.List<String> names = new java.util.ArrayList<>();
        if (cols instanceof java.util.List<?> list && list.size() == d) {
            for (Object o : list) {
                names.add(String.valueOf(o));
            }
            return names;
        }
        for (int j = 0; j < d; j++) {
            names.add("x" + j);
        }
        return names;
    }

    /** Fails unless the data has as many columns as the model has dimensions. */
    void checkFits(GaussianMixture m, DataSource source) {
        if (m.dimensions() != source.dims()) {
            throw GmmException.input(source.name() + " has " + source.dims() + " columns but " + model + " has "
                    + m.dimensions() + " dimensions; pick the model's columns with --columns");
        }
    }
}
