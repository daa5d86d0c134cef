package dev.gmm.cli;

import dev.gmm.GaussianMixtureModel;
import dev.gmm.data.DataSource;
import dev.gmm.engine.fit.ChunkSet;
import dev.gmm.engine.io.ModelFile;
import dev.gmm.spi.SufficientStatistics;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** gmm score: the mean log-likelihood of data under a model, or each row's log density. */
@Command(name = "score", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Print the mean log-likelihood of DATA under a model (weighted when rows have weights).")
final class ScoreCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelArgs modelArgs;

    @Parameters(index = "0", paramLabel = "DATA", description = "CSV or NPY file.")
    Path data;

    @Option(names = "--per-sample", description = "Write each row's log density instead, as CSV.")
    boolean perSample;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE.csv", description = "With --per-sample: write here instead of standard output.")
    Path output;

    @Mixin
    DataArgs dataArgs;

    @Mixin
    BackendArgs backendArgs;

    @Mixin
    Verbosity verbosity;

    @Override
    public Integer call() throws IOException {
        if (output != null && !perSample) {
            throw dev.gmm.GmmException.input("--output goes with --per-sample; the mean is printed");
        }
        verbosity.check();
        backendArgs.check();
        Console c = new Console(spec.commandLine().getOut(), spec.commandLine().getErr(), verbosity);
        ModelFile.Loaded loaded = modelArgs.loadWithMetadata();
        GaussianMixtureModel model = loaded.model();
        try (RunFiles files = new RunFiles()) {
            files.input("the data", DataArgs.file(data)).input("the model", modelArgs.model);
            Path out = files.output("-o", output);
            try (DataSource source = modelArgs.select(loaded, dataArgs, data, backendArgs.precision(), c);
                 BackendArgs.Opened opened = backendArgs.open(c);
                 ChunkSet chunks = new ChunkSet(opened.backend(), source)) {
                if (!perSample) {
                    printMean(c, chunks.accumulate(model.parameters()));
                    return ExitCodes.OK;
                }
                TextOutput.write(out, spec.commandLine().getOut(), w -> writeRows(w, chunks, model));
            }
            files.commit();
        }
        return ExitCodes.OK;
    }

    private void printMean(Console c, SufficientStatistics st) {
        if (!Double.isFinite(st.meanLogLikelihood())) {
            throw dev.gmm.GmmException.input(data + ": the mean log-likelihood is " + st.meanLogLikelihood()
                    + " (total " + st.logLikelihood() + ", weight " + st.totalWeight()
                    + "); the total weight or log density overflows: rescale the weights");
        }
        if (verbosity.quiet) {
            spec.commandLine().getOut().println(st.meanLogLikelihood());
        } else {
            c.summary("mean log-likelihood %.10g over %d rows (total %.10g, weight %.10g)",
                    st.meanLogLikelihood(), st.rows(), st.logLikelihood(), st.totalWeight());
        }
    }

    private static void writeRows(Writer w, ChunkSet chunks, GaussianMixtureModel model) throws IOException {
        w.write("log_density\n");
        TextOutput.scoredRows(w, chunks, model.parameters(), false, (scores, b) -> {
            for (double l : scores.logDensity()) {
                b.append(l).append('\n');
            }
        });
    }
}
