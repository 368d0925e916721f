package io.jitfarm.cli.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.jitfarm.coordinator.store.Views;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a run folder's {@code results.jsonl} (one {@link Views.Result} per line, as the coordinator's
 * RunFolder writes them), so a report needs neither the coordinator nor InfluxDB. Each line carries its
 * job's device, backend and threads, so no job id has to be taken apart.
 */
public final class RunResultsFile {
    private RunResultsFile() {
    }

    public static List<Views.Result> read(Path file) throws IOException {
        List<Views.Result> results = new ArrayList<>();
        int lineNumber = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            try {
                results.add(LenientJson.MAPPER.readValue(line, Views.Result.class));
            } catch (JsonProcessingException e) {
                throw new IOException(file + ":" + lineNumber + ": not a result: " + e.getOriginalMessage(), e);
            }
        }
        return results;
    }

    /**
     * The experiment a run id names: run ids are {@code <experiment>-<yyyyMMdd>-<HHmmss>-<4 hex>}
     * (RunPlanner.newRunId), so the experiment is what precedes the last three parts.
     */
    public static String experimentOf(String runId) {
        String[] parts = runId.split("-");
        if (parts.length < 4) {
            return runId;
        }
        return String.join("-", Arrays.copyOf(parts, parts.length - 3));
    }
}
