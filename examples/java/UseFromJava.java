import dev.gmm.CovarianceType;
import dev.gmm.GaussianMixture;
import dev.gmm.GaussianMixtureModel;
import dev.gmm.ModelSelection;
import dev.gmm.data.DataFiles;
import dev.gmm.data.DataOptions;
import dev.gmm.data.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * gmm-engine from Java: fit, predict, score, sample, save, load and choose K on the two-blobs
 * example. Run from the repository's root, after ./gmm has built the jar once:
 *
 *     java -cp cli/target/gmm.jar examples/java/UseFromJava.java
 */
public class UseFromJava {
    public static void main(String[] args) throws Exception {
        Path csv = Path.of(args.length > 0 ? args[0] : "examples/two-blobs.csv");
        try (DataSource data = DataFiles.open(csv, DataOptions.defaults())) {
            GaussianMixtureModel m = GaussianMixture.builder()
                    .components(2).covarianceType(CovarianceType.FULL).seed(0)
                    .backend("cpu")
                    .build()
                    .fit(data);
            System.out.printf("converged %s after %d passes, mean log-likelihood %.10f, BIC %.6f%n",
                    m.summary().converged(), m.summary().passes(), m.score(data), m.bic(data));
            System.out.println("weights " + Arrays.toString(m.weights()));
            System.out.println("first labels " + Arrays.toString(Arrays.copyOf(m.predict(data), 5)));
            System.out.println("a sampled row " + Arrays.toString(m.sample(3, 1L)[2]));
            Path file = Files.createTempFile("blobs-model", ".json");
            m.save(file);
            System.out.println("saved and loaded back equal: " + GaussianMixtureModel.load(file).equals(m));
            Files.delete(file);
            ModelSelection.Result r = ModelSelection.select(data, java.util.List.of(1, 2, 3, 4),
                    java.util.List.of(CovarianceType.FULL), ModelSelection.Criterion.BIC,
                    GaussianMixture.builder().components(1).backend("cpu").build());
            System.out.println("best by BIC: K=" + r.best().components() + " " + r.best().covarianceType().id());
        }
    }
}
