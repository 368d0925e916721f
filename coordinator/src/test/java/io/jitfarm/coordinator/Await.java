package io.jitfarm.coordinator;

import io.vertx.core.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Blocks a test thread on a Vert.x future, failing the test rather than hanging it. */
final class Await {
    private Await() {
    }

    static <T> T within(Future<T> future, int seconds) {
        try {
            return future.await(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("no answer within " + seconds + " s", e);
        }
    }
}
