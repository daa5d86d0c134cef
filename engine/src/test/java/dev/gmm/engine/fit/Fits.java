package dev.gmm.engine.fit;

import dev.gmm.engine.Precision;
import dev.gmm.engine.cpu.CpuBackend;
import dev.gmm.engine.data.DataSource;
import dev.gmm.engine.data.InMemoryDataSource;
import java.util.SplittableRandom;

/** Small helpers the driver's tests share. */
final class Fits {

    private Fits() {
    }

    static FitResult fit(double[][] x, double[] w, FitOptions o) {
        return fit(InMemoryDataSource.of("test data", x, w), o);
    }

    static FitResult fit(DataSource data, FitOptions o) {
        try (CpuBackend cpu = new CpuBackend(Precision.DOUBLE, 2)) {
            return new EmDriver().fit(data, o, cpu);
        }
    }

    /** {@code n} rows from N(mean, diag(sd^2)). */
    static double[][] gaussian(SplittableRandom rng, int n, double[] mean, double[] sd) {
        double[][] x = new double[n][mean.length];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < mean.length; j++) {
                x[i][j] = mean[j] + sd[j] * rng.nextGaussian();
            }
        }
        return x;
    }

    static double[][] concat(double[][]... parts) {
        int n = 0;
        for (double[][] p : parts) {
            n += p.length;
        }
        double[][] out = new double[n][];
        int at = 0;
        for (double[][] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** Fisher-Yates shuffle, seeded, so components are not in blocks. */
    static double[][] shuffle(double[][] x, SplittableRandom rng) {
        double[][] out = x.clone();
        for (int i = out.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            double[] t = out[i];
            out[i] = out[j];
            out[j] = t;
        }
        return out;
    }
}
