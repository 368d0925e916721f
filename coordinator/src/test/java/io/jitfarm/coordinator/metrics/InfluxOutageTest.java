package io.jitfarm.coordinator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.influxdb.dto.Point;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A real influxd that goes away and comes back, on the same port and with the same data. */
class InfluxOutageTest {
    private static final String MEASUREMENT = "outage_check";

    @TempDir
    Path dir;
    private Path influxDir;
    private Path spoolDir;
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger senderLog = (Logger) LoggerFactory.getLogger(SpoolingSender.class);

    @BeforeEach
    void captureLogs() {
        influxDir = dir.resolve("influxdb");
        spoolDir = dir.resolve("spool");
        logged.start();
        senderLog.addAppender(logged);
    }

    @AfterEach
    void releaseLogs() {
        senderLog.detachAppender(logged);
    }

    /** Point {@code i} of a stream: its own timestamp, its number as the value. */
    private static Point point(long startMs, int i) {
        return Point.measurement(MEASUREMENT).time(startMs + i, TimeUnit.MILLISECONDS).tag("source", "test")
                .addField("value", i).build();
    }

    private static List<Integer> storedValues(MetricsWriter writer) {
        return writer.query("SELECT value FROM " + MEASUREMENT).stream()
                .map(row -> ((Number) row.get("value")).intValue()).toList();
    }

    private static void awaitEmpty(MetricsWriter writer) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!writer.status().equals(new MetricsWriter.Status(0, 0)) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(writer.status()).as("nothing left in memory or on disk").isEqualTo(new MetricsWriter.Status(0, 0));
    }

    private List<Path> spoolFiles() throws Exception {
        try (Stream<Path> files = Files.list(spoolDir)) {
            return files.toList();
        }
    }

    private List<String> messagesAt(Level level) {
        return logged.list.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void pointsWrittenWhileInfluxIsDownArriveOnceWhenItComesBack() throws Exception {
        InfluxServer server = InfluxServer.start(influxDir);
        int port = server.url().getPort();
        long startMs = System.currentTimeMillis();
        try (MetricsWriter writer = MetricsWriter.connect(server.url(), InfluxServer.DATABASE, spoolDir)) {
            for (int i = 0; i < 300; i++) {
                if (i == 100) {
                    server.close();   // mid-stream: some of the points before may still be in flight
                }
                if (i == 200) {
                    writer.flush();
                    assertThat(writer.status().spooled()).as("the points of the outage wait on disk")
                            .isGreaterThanOrEqualTo(100);
                    assertThat(spoolFiles()).isNotEmpty();
                    server = InfluxServer.start(influxDir, port);
                }
                writer.write(point(startMs, i));
                Thread.sleep(1);
            }
            awaitEmpty(writer);

            assertThat(writer.query("SELECT count(value) FROM " + MEASUREMENT)).singleElement()
                    .satisfies(row -> assertThat(row).containsEntry("count", 300.0));
            assertThat(storedValues(writer)).as("every point once, in time order")
                    .isEqualTo(IntStream.range(0, 300).boxed().toList());
        } finally {
            server.close();
        }
        assertThat(spoolFiles()).isEmpty();
        assertThat(messagesAt(Level.WARN)).as("one warning for the outage, not one per batch").singleElement()
                .satisfies(m -> assertThat(m).contains("does not take points", spoolDir.toString()));
        assertThat(messagesAt(Level.INFO)).singleElement()
                .satisfies(m -> assertThat(m).containsPattern("took the \\d+ spooled point\\(s\\); the spool is empty"));
    }

    @Test
    void aWriterStartedOverANonEmptySpoolDrainsIt() throws Exception {
        long startMs = System.currentTimeMillis();
        URI nobody = URI.create("http://127.0.0.1:" + InfluxServer.freeLoopbackPort());
        try (MetricsWriter offline = MetricsWriter.connect(nobody, InfluxServer.DATABASE, spoolDir)) {
            IntStream.range(0, 50).forEach(i -> offline.write(point(startMs, i)));
            offline.flush();
            assertThat(offline.status()).isEqualTo(new MetricsWriter.Status(0, 50));
        }
        assertThat(spoolFiles()).as("the spool outlives its writer").isNotEmpty();

        try (InfluxServer server = InfluxServer.start(influxDir);
             MetricsWriter restarted = MetricsWriter.connect(server.url(), InfluxServer.DATABASE, spoolDir)) {
            awaitEmpty(restarted);
            assertThat(storedValues(restarted)).isEqualTo(IntStream.range(0, 50).boxed().toList());
        }
        assertThat(spoolFiles()).isEmpty();
        assertThat(messagesAt(Level.INFO)).anySatisfy(m -> assertThat(m).contains("50 point(s) spooled earlier"))
                .anySatisfy(m -> assertThat(m).contains("took the 50 spooled point(s)"));
    }
}
