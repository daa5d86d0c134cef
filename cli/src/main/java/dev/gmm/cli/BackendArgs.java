package dev.gmm.cli;

import dev.gmm.engine.Precision;
import dev.gmm.engine.backend.BackendOptions;
import dev.gmm.engine.backend.BackendRegistry;
import dev.gmm.engine.backend.BackendSelection;
import dev.gmm.engine.backend.ComputeBackend;
import picocli.CommandLine.Option;

/** Which backend runs the statistics passes, and how. */
public final class BackendArgs {

    @Option(names = "--backend", paramLabel = "NAME", defaultValue = "auto",
            description = "auto, cpu, opencl or cuda (default: ${DEFAULT-VALUE}: the best available).")
    String backend;

    @Option(names = "--precision", paramLabel = "P", defaultValue = "double",
            description = "double or float (default: ${DEFAULT-VALUE}).")
    String precision;

    @Option(names = "--device", paramLabel = "DEVICE", description = "Device index or name for opencl and cuda.")
    String device;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "Threads for the cpu backend (default: one per processor).")
    int threads;

    Precision precision() {
        return Precision.parse(precision);
    }

    /** The chosen backend, opened, and why it was chosen. */
    record Opened(ComputeBackend backend, BackendSelection selection) implements AutoCloseable {
        @Override
        public void close() {
            backend.close();
        }
    }

    Opened open() {
        if (threads < 0) {
            throw dev.gmm.engine.GmmException.input("--threads must be >= 0, got " + threads);
        }
        BackendSelection s = BackendRegistry.load().select(backend);
        return new Opened(s.provider().open(new BackendOptions(precision(), threads, device)), s);
    }
}
