package io.jitfarm.cli.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunResultsFileTest {
    @TempDir
    Path dir;

    @Test
    void theExperimentIsWhatPrecedesTheTimeAndSaltOfARunId() {
        assertThat(RunResultsFile.experimentOf("matmul-speedup-20261123-012457-24da")).isEqualTo("matmul-speedup");
        assertThat(RunResultsFile.experimentOf("quickstart-20261123-024915-993b")).isEqualTo("quickstart");
        assertThat(RunResultsFile.experimentOf("not-a-run")).isEqualTo("not-a-run");
    }

    @Test
    void aLineWithAFieldThisVersionDoesNotKnowIsStillRead() throws IOException {
        Path file = Files.writeString(dir.resolve("results.jsonl"), """
                {"jobId":"r.d.wasm.t2","deviceId":"d","backend":"wasm","threads":2,"attempt":1,"seq":1,"kind":"environment","receivedAt":"2026-11-23T02:49:19.694Z","payload":{},"addedLater":true}

                """);

        assertThat(RunResultsFile.read(file)).singleElement()
                .satisfies(result -> assertThat(result.threads()).isEqualTo(2));
    }

    @Test
    void aBrokenLineIsNamedByFileAndLineNumber() throws IOException {
        Path file = Files.writeString(dir.resolve("results.jsonl"), "{\"jobId\":\n");

        assertThatThrownBy(() -> RunResultsFile.read(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("results.jsonl:1: not a result");
    }
}
