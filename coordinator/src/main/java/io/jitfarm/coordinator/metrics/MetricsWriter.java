package io.jitfarm.coordinator.metrics;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.stream.StreamSupport;
import org.influxdb.BatchOptions;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBException;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Point;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes points to one InfluxDB 1.x database in batches sent from a background thread, and reads rows
 * back with InfluxQL. Thread-safe.
 */
public final class MetricsWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsWriter.class);
    private static final int FLUSH_INTERVAL_MS = 200;
    private static final int BATCH_ACTIONS = 500;

    private final InfluxDB influx;
    private final String database;

    private MetricsWriter(InfluxDB influx, String database) {
        this.influx = influx;
        this.database = database;
    }

    public static MetricsWriter connect(URI url, String database) {
        InfluxDB influx = InfluxDBFactory.connect(url.toString());
        influx.setDatabase(database);
        // A buffer limit no larger than the batch turns off the client's silent in-memory retries: every
        // failed batch reaches the handler at once, which is where spooling to disk will hook in.
        influx.enableBatch(BatchOptions.DEFAULTS
                .actions(BATCH_ACTIONS)
                .flushDuration(FLUSH_INTERVAL_MS)
                .bufferLimit(BATCH_ACTIONS)
                .threadFactory(daemonThreads())
                .exceptionHandler(MetricsWriter::batchFailed));
        return new MetricsWriter(influx, database);
    }

    /**
     * Queues a point for the next batch. Blocks while {@value #BATCH_ACTIONS} points are already waiting
     * (only while a slow write is in flight), so hot callers should not run on an event loop.
     */
    public void write(Point point) {
        influx.write(point);
    }

    /** Sends everything queued now, on the caller's thread. */
    public void flush() {
        influx.flush();
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

    /** Flushes what is queued, then releases the connection and the batch thread. */
    @Override
    public void close() {
        influx.close();
    }

    private static void failOn(String error, String influxQl) {
        if (error != null) {
            throw new InfluxDBException(error + " (in: " + influxQl + ")");
        }
    }

    private static void batchFailed(Iterable<Point> points, Throwable error) {
        long count = points == null ? 0 : StreamSupport.stream(points.spliterator(), false).count();
        LOG.error("InfluxDB did not take a batch of {} points; they are lost", count, error);
    }

    /** The batch thread must not keep the JVM alive when a caller forgets to close. */
    private static ThreadFactory daemonThreads() {
        return task -> {
            Thread thread = new Thread(task, "influx-batch");
            thread.setDaemon(true);
            return thread;
        };
    }
}
