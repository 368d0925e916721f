package io.jitfarm.coordinator.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBException;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Point;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes points to one InfluxDB 1.x database and reads rows back with InfluxQL. Points are queued and
 * sent in batches by one background thread; while InfluxDB is down or too slow they wait, in order, in a
 * spool folder on disk, which a later writer on the same folder drains too (see {@link SpoolingSender}).
 * Every point must carry its own timestamp. Thread-safe.
 */
public final class MetricsWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsWriter.class);
    /** Bounds memory when the disk is slower than the callers; then {@link #write} waits. */
    private static final int QUEUE_CAPACITY = 100_000;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);

    private final InfluxDB influx;
    private final String database;
    private final PointSpool spool;
    private final BlockingQueue<SpoolingSender.Entry> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
    private final AtomicLong pending = new AtomicLong();
    private final Thread sender;
    private final boolean temporarySpool;
    private volatile boolean closed;

    /** Points waiting in memory, and points waiting on disk for InfluxDB. */
    public record Status(long pending, long spooled) {
    }

    private MetricsWriter(URI url, String database, PointSpool spool, boolean temporarySpool) {
        this.influx = InfluxDBFactory.connect(url.toString());
        this.database = database;
        this.spool = spool;
        this.temporarySpool = temporarySpool;
        influx.setDatabase(database);
        SpoolingSender loop = new SpoolingSender(queue, spool, this::send, "InfluxDB at " + url, pending);
        this.sender = new Thread(loop, "influx-writer");
        sender.setDaemon(true);   // must not keep the JVM alive when a caller forgets to close
        sender.start();
    }

    /**
     * A writer whose points wait in {@code spoolDir} while InfluxDB does not take them; points left there
     * by an earlier writer are sent first.
     */
    public static MetricsWriter connect(URI url, String database, Path spoolDir) {
        return new MetricsWriter(url, database, openSpool(spoolDir), false);
    }

    /**
     * A writer for tools and tests that mostly read: its spool is a fresh temporary folder, so points still
     * spooled when it closes are not sent by a later writer (the folder is then kept, and named in a warning).
     */
    public static MetricsWriter connect(URI url, String database) {
        try {
            return new MetricsWriter(url, database, openSpool(Files.createTempDirectory("jitfarm-influx-spool")),
                    true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PointSpool openSpool(Path dir) {
        try {
            return PointSpool.open(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the InfluxDB spool in " + dir, e);
        }
    }

    /**
     * Queues a point for the next batch. Blocks only while {@value #QUEUE_CAPACITY} points are waiting in
     * memory, so hot callers should not run on an event loop.
     */
    public void write(Point point) {
        if (closed) {
            throw new IllegalStateException("the metrics writer is closed");
        }
        String line = point.lineProtocol(TimeUnit.NANOSECONDS);
        if (!line.isEmpty()) {   // a point without fields is no point to InfluxDB
            pending.incrementAndGet();
            enqueue(new SpoolingSender.Line(line));
        }
    }

    /** Blocks until every point queued before is written to InfluxDB or spooled to disk. */
    public void flush() {
        if (closed) {
            throw new IllegalStateException("the metrics writer is closed");
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        enqueue(new SpoolingSender.Mark(done, false));
        done.join();
        long spooled = spool.points();
        if (spooled > 0) {
            LOG.info("{} point(s) wait in {} for InfluxDB", spooled, spool.dir());
        }
    }

    public Status status() {
        return new Status(pending.get(), spool.points());
    }

    /**
     * Runs InfluxQL against the database and flattens every series into rows of column -> value, with
     * the series' tags (present when the query groups by tag) as extra columns. JSON answers make every
     * number a {@link Double}.
     */
    public List<Map<String, Object>> query(String influxQl) {
        QueryResult answer = influx.query(new Query(influxQl, database));
        failOn(answer.getError(), influxQl);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (QueryResult.Result result : answer.getResults()) {
            failOn(result.getError(), influxQl);
            for (QueryResult.Series series : Objects.requireNonNullElse(result.getSeries(),
                    List.<QueryResult.Series>of())) {
                for (List<Object> values : series.getValues()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    if (series.getTags() != null) {
                        row.putAll(series.getTags());
                    }
                    for (int i = 0; i < values.size(); i++) {
                        row.put(series.getColumns().get(i), values.get(i));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    /** Writes or spools what is queued, then stops the background thread and releases the connection. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        enqueue(new SpoolingSender.Mark(new CompletableFuture<>(), true));
        try {
            sender.join(CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (sender.isAlive()) {
            LOG.warn("the InfluxDB writer did not finish within {} s; stopping it", CLOSE_TIMEOUT.toSeconds());
            sender.interrupt();
        }
        influx.close();
        if (!spool.isEmpty()) {
            LOG.warn("{} point(s) stay in {}{}", spool.points(), spool.dir(), temporarySpool
                    ? "; this writer's spool is temporary, so nothing will send them"
                    : " until a writer on that folder starts again");
        } else if (temporarySpool) {
            try {
                Files.deleteIfExists(spool.dir());
            } catch (IOException e) {
                LOG.debug("cannot delete the empty spool folder {}", spool.dir(), e);
            }
        }
    }

    /**
     * One synchronous write of a line-protocol body with nanosecond timestamps (the request BatchPoints
     * makes), so that a spooled body can be sent exactly as it was queued.
     */
    private void send(String body) {
        influx.write(database, null, InfluxDB.ConsistencyLevel.ONE, TimeUnit.NANOSECONDS, body);
    }

    private void enqueue(SpoolingSender.Entry entry) {
        try {
            queue.put(entry);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while queueing a point", e);
        }
    }

    private static void failOn(String error, String influxQl) {
        if (error != null) {
            throw new InfluxDBException(error + " (in: " + influxQl + ")");
        }
    }
}
