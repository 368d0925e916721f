package io.jitfarm.agent.spool;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitfarm.common.protocol.AgentMessage;
import io.jitfarm.common.protocol.ProtocolCodec;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultSpoolTest {
    @TempDir
    Path dir;

    private static AgentMessage.Result result(String job, int attempt, long seq) {
        return new AgentMessage.Result(job, attempt, seq, "kernel_candidate",
                ProtocolCodec.JSON.createObjectNode().put("medianMs", seq));
    }

    @Test
    void resultsStayUntilAcknowledgedAndSurviveARestartOfTheAgent() {
        ResultSpool spool = new ResultSpool(dir);
        spool.add(result("job-a", 1, 2));
        spool.add(result("job-a", 1, 1));
        spool.add(result("job-b", 3, 1));
        spool.acknowledged("job-a", 1, 2);

        ResultSpool reopened = new ResultSpool(dir);
        assertThat(reopened.pendingResults()).extracting(r -> r.jobId() + "~" + r.attempt() + "#" + r.seq())
                .containsExactly("job-a~1#1", "job-b~3#1");
        assertThat(reopened.pendingResults("job-b", 3)).extracting(r -> r.payload().get("medianMs").asLong())
                .containsExactly(1L);
    }

    @Test
    void aClosingMessageIsKeptUntilTheCoordinatorConfirmsIt() {
        ResultSpool spool = new ResultSpool(dir);
        AgentMessage.Finish finish = new AgentMessage.Finish("job-a", 1, 1, ProtocolCodec.JSON.createObjectNode());
        spool.add(result("job-a", 1, 1));
        spool.close(finish);

        assertThat(new ResultSpool(dir).pendingCloses()).containsExactly(finish);
        assertThat(spool.pendingClose("job-a", 1)).contains(finish);

        spool.forget("job-a", 1);
        assertThat(spool.pendingCloses()).isEmpty();
        assertThat(spool.pendingResults()).isEmpty();
        assertThat(dir).isEmptyDirectory();
    }
}
