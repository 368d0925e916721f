package io.jitfarm.agent.job;

import io.jitfarm.agent.profile.ProfileAnalysis;
import io.jitfarm.common.result.ResultKind;
import io.jitfarm.jit.profile.DeviceProfile;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** Measures the device in the page (a few seconds) and reads its profile, which shapes the lite space. */
final class ProfileStep {
    /** How long the page may spend on its microbenchmarks. */
    static final long BUDGET_MS = 4000;

    private ProfileStep() {
    }

    static Future<DeviceProfile> run(PageSession page, ResultSink sink, long timeoutMs) {
        JsonObject command = new JsonObject().put("type", "run-microbenchmarks").put("budgetMs", BUDGET_MS);
        return page.call(command, timeoutMs).map(answer -> {
            JsonObject env = page.environment();
            JsonObject probes = answer.getJsonObject("probes");
            DeviceProfile profile = ProfileAnalysis.read(probes,
                    env.getJsonObject("wasm", new JsonObject()).getBoolean("relaxedSimd", false),
                    env.getInteger("hardwareConcurrency", 1));
            sink.emit(ResultKind.DEVICE_PROFILE, new JsonObject()
                    .put("profile", JsonObject.mapFrom(profile))
                    .put("durationMs", answer.getDouble("durationMs"))
                    .put("probes", probes));
            return profile;
        });
    }
}
