package io.jitfarm.agent.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitfarm.jit.profile.DeviceProfile;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ProfileAnalysisTest {

    /** Eight real answers of the page, recorded on the CI machine (lscpu: 32 KiB L1d and 512 KiB L2 per core). */
    private static List<JsonObject> recordedAnswers() throws IOException {
        try (InputStream in = ProfileAnalysisTest.class.getResourceAsStream("/microbench/chromium-156-epyc-2core.json")) {
            JsonArray answers = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getJsonArray("answers");
            return answers.stream().map(JsonObject.class::cast).toList();
        }
    }

    @Test
    void everyRecordedAnswerReadsAsTheMachineLscpuDescribes() throws IOException {
        for (JsonObject answer : recordedAnswers()) {
            DeviceProfile profile = ProfileAnalysis.read(answer.getJsonObject("probes"), true, 2);

            assertThat(profile.simdRegisters()).as("x86-64 has 16 XMM registers").isEqualTo(16);
            assertThat(profile.l1Bytes()).isEqualTo(32 * 1024);
            assertThat(profile.l2Bytes()).isEqualTo(512 * 1024);
            assertThat(profile.fmaSpeedup()).as("relaxed_madd became a real FMA").isBetween(1.2, 2.5);
            assertThat(profile.threadScaling()).hasSize(2).first().isEqualTo(1.0);
            assertThat(profile.hardwareThreads()).isEqualTo(2);
        }
    }

    @Test
    void withoutRelaxedSimdThereIsNoFmaSpeedup() throws IOException {
        JsonObject probes = recordedAnswers().get(0).getJsonObject("probes").copy();
        probes.getJsonObject("fma").putNull("relaxedMadd");

        DeviceProfile profile = ProfileAnalysis.read(probes, false, 2);

        assertThat(profile.relaxedSimd()).isFalse();
        assertThat(profile.fmaSpeedup()).isEqualTo(1.0);
    }

    @Test
    void aRegisterFileOfThirtyTwoIsReadFromALaterSpill() {
        TreeMap<Integer, Double> curve = new TreeMap<>();
        double[] ns = {0.50, 0.33, 0.26, 0.22, 0.20, 0.19, 0.19, 0.19, 0.19, 0.19, 0.19, 0.19, 0.19, 0.30, 0.31};
        for (int i = 0; i < ns.length; i++) {
            curve.put(4 + 2 * i, ns[i]);   // full speed up to 28 accumulators, as on an ARM64 phone
        }

        assertThat(ProfileAnalysis.simdRegisters(curve)).isEqualTo(32);
    }

    @Test
    void powersOfTwoRoundAsTheRulesSay() {
        assertThat(ProfileAnalysis.ceilPowerOfTwo(24 * 1024)).isEqualTo(32 * 1024);
        assertThat(ProfileAnalysis.ceilPowerOfTwo(512 * 1024)).isEqualTo(512 * 1024);
        assertThat(ProfileAnalysis.nearestPowerOfTwo(18)).isEqualTo(16);
        assertThat(ProfileAnalysis.nearestPowerOfTwo(30)).isEqualTo(32);
    }
}
