package io.jitfarm.cli;

import io.jitfarm.coordinator.store.Views;
import java.util.List;
import java.util.Optional;

/** Where the CLI reads runs from: a coordinator's API, or a data directory directly. */
interface RunSource {
    List<Views.Run> runs();

    Optional<Views.Run> run(String runId);
}
