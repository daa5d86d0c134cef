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
        return ModelFile.read(model).model();
    }

    /** Fails unless the data has as many columns as the model has dimensions. */
    void checkFits(GaussianMixture m, DataSource source) {
        if (m.dimensions() != source.dims()) {
            throw GmmException.input(source.name() + " has " + source.dims() + " columns but " + model + " has "
                    + m.dimensions() + " dimensions; pick the model's columns with --columns");
        }
    }
}
