package io.jitfarm.cli;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A {@code jitfarm} subcommand: its exit code comes from {@link #call()}; it writes where picocli says. */
abstract class Subcommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Deploys a long-running service and blocks until the JVM is asked to stop (Ctrl-C, SIGTERM). */
    int serveUntilShutdown(Deployable service, JsonObject config, String name, String readyMessage)
            throws InterruptedException {
        Vertx vertx = Vertx.vertx();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            vertx.close().toCompletionStage().toCompletableFuture().join();
            stopped.countDown();
        }, "jitfarm-shutdown"));
        try {
            vertx.deployVerticle(service, new DeploymentOptions().setConfig(config))
                    .toCompletionStage().toCompletableFuture().join();
        } catch (RuntimeException e) {
            err().println("jitfarm " + name + ": cannot start: " + rootMessage(e));
            vertx.close();
            return 1;
        }
        out().println(readyMessage);
        stopped.await();
        return 0;
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }
}
