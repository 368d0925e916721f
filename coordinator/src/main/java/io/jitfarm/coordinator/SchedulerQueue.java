package io.jitfarm.coordinator;

import io.jitfarm.coordinator.http.AgentConnections;
import io.jitfarm.coordinator.scheduler.Outgoing;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs work on the scheduler and store one call at a time, off the event loop (SQLite commits block),
 * then delivers the messages the work produced. Ordered blocking execution on the coordinator's
 * context is what serializes the calls.
 */
public final class SchedulerQueue {
    private final Vertx vertx;
    private final AgentConnections connections;

    public SchedulerQueue(Vertx vertx, AgentConnections connections) {
        this.vertx = vertx;
        this.connections = connections;
    }

    /** {@code work} gets a list to add messages to; they are sent once it has returned. */
    public <T> Future<T> call(Function<List<Outgoing>, T> work) {
        List<Outgoing> out = new ArrayList<>();
        Callable<T> task = () -> work.apply(out);
        return vertx.executeBlocking(task, true).andThen(done -> connections.deliver(out));
    }

    public Future<Void> run(Consumer<List<Outgoing>> work) {
        return call(out -> {
            work.accept(out);
            return null;
        });
    }
}
