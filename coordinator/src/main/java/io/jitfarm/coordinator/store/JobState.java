package io.jitfarm.coordinator.store;

import java.util.Locale;

/** Where a job is in its life: queued, leased to an agent, or one of the final states. */
public enum JobState {
    QUEUED, LEASED, SUCCEEDED, FAILED, CANCELLED;

    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobState fromDb(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
