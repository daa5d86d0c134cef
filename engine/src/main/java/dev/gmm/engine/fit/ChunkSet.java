package dev.gmm.engine.fit;

import dev.gmm.engine.MixtureParameters;
import dev.gmm.engine.SufficientStatistics;
import dev.gmm.engine.backend.ComputeBackend;
import dev.gmm.engine.backend.ResidentChunk;
import dev.gmm.engine.backend.RowScores;
import dev.gmm.engine.data.DataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ObjIntConsumer;

/**
 * A data source as a backend sees it: every chunk resident when the data fits the backend's
 * budget, otherwise each chunk loaded, used and released on every pass. Statistics merge in
 * chunk order either way, so both give the same numbers.
 */
public final class ChunkSet implements AutoCloseable {

    private final ComputeBackend backend;
    private final DataSource source;
    private final List<ResidentChunk> resident;

    public ChunkSet(ComputeBackend backend, DataSource source) {
        this.backend = backend;
        this.source = source;
        if (source.bytes() <= backend.residentBudgetBytes()) {
            resident = new ArrayList<>(source.chunkCount());
            try {
                for (int c = 0; c < source.chunkCount(); c++) {
                    resident.add(backend.load(source.chunk(c)));
                }
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        } else {
            resident = null;
        }
    }

    /** Whether the rows are streamed every pass rather than held. */
    public boolean streaming() {
        return resident == null;
    }

    /** One statistics pass over all rows. */
    public SufficientStatistics accumulate(MixtureParameters p) {
        SufficientStatistics total = SufficientStatistics.zero(p);
        for (int c = 0; c < source.chunkCount(); c++) {
            if (resident != null) {
                total.merge(backend.accumulate(resident.get(c), p));
            } else {
                try (ResidentChunk chunk = backend.load(source.chunk(c))) {
                    total.merge(backend.accumulate(chunk, p));
                }
            }
        }
        return total;
    }

    /** Scores every chunk in order, handing each chunk's scores and index to {@code sink}. */
    public void score(MixtureParameters p, boolean responsibilities, ObjIntConsumer<RowScores> sink) {
        for (int c = 0; c < source.chunkCount(); c++) {
            ResidentChunk chunk = resident != null ? resident.get(c) : backend.load(source.chunk(c));
            try {
                RowScores out = new RowScores(chunk.rows(), p.components(), responsibilities);
                backend.score(chunk, p, out);
                sink.accept(out, c);
            } finally {
                if (resident == null) {
                    chunk.close();
                }
            }
        }
    }

    @Override
    public void close() {
        if (resident != null) {
            for (ResidentChunk c : resident) {
                c.close();
            }
            resident.clear();
        }
    }
}
