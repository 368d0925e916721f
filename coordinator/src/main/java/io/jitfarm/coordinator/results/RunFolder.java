package io.jitfarm.coordinator.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.jitfarm.common.protocol.ProtocolCodec;
import io.jitfarm.coordinator.store.Views;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * A run's folder in the data directory, {@code runs/<run>/}: its results as JSON lines
 * ({@code results.jsonl}, one {@link Views.Result} per line), readable without InfluxDB or the coordinator.
 */
public final class RunFolder {
    public static final String RESULTS = "results.jsonl";
    private final Path folder;

    public RunFolder(Path dataDir, String runId) {
        this.folder = dataDir.resolve("runs").resolve(runId);
    }

    public Path path() {
        return folder;
    }

    public Path resultsFile() {
        return folder.resolve(RESULTS);
    }

    public void append(List<Views.Result> results) {
        StringBuilder lines = new StringBuilder();
        for (Views.Result result : results) {
            try {
                lines.append(ProtocolCodec.JSON.writeValueAsString(result)).append('\n');
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        try {
            Files.createDirectories(folder);
            Files.writeString(resultsFile(), lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + resultsFile(), e);
        }
    }
}
