package io.jitfarm.coordinator.metrics;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.influxdb.InfluxDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer's background loop: takes what is queued in batches and sends each batch to InfluxDB in one
 * synchronous write. When a write fails, the batch goes to the {@link PointSpool}, and so does every later
 * batch while the spool holds anything, so points reach InfluxDB in the order they were queued. The
 * spool is retried with growing pauses and drained oldest first; a spooled batch is deleted only after
 * InfluxDB has taken it.
 * <p>
 * Sending a batch again cannot double a point: every point carries its own timestamp, and InfluxDB
 * keeps one point per series and timestamp, so a point written twice is overwritten by itself. That is
 * what makes it safe to resend a batch whose write timed out after InfluxDB had stored part or all of
 * it, and to resend spool files a crash kept from being deleted.
 */
final class SpoolingSender implements Runnable {
    static final int BATCH_POINTS = 500;
    private static final Logger LOG = LoggerFactory.getLogger(SpoolingSender.class);
    private static final long FIRST_RETRY_MS = 250;
    private static final long MAX_RETRY_MS = 10_000;
    private static final long IDLE_POLL_MS = 1_000;

    /** What the writer queues: a point as line protocol, or a mark that completes once all before it is handled. */
    sealed interface Entry permits Line, Mark {
    }

    record Line(String text) implements Entry {
    }

    /** @param last the writer is closing: nothing follows */
    record Mark(CompletableFuture<Void> done, boolean last) implements Entry {
    }

    private final BlockingQueue<Entry> queue;
    private final PointSpool spool;
    private final Consumer<String> influx;
    private final String influxName;
    private final AtomicLong pending;
    private long retryDelayMs = FIRST_RETRY_MS;
    private long retryAtNanos;
    private boolean outage;
    private long drained;

    /**
     * @param influx     writes one line-protocol body, throwing when InfluxDB does not take it
     * @param influxName how logs name InfluxDB
     * @param pending    points queued and not yet written or spooled; counted down here
     */
    SpoolingSender(BlockingQueue<Entry> queue, PointSpool spool, Consumer<String> influx, String influxName,
                   AtomicLong pending) {
        this.queue = queue;
        this.spool = spool;
        this.influx = influx;
        this.influxName = influxName;
        this.pending = pending;
        this.retryAtNanos = System.nanoTime();
        if (!spool.isEmpty()) {
            LOG.info("{} point(s) spooled earlier wait in {}; sending them to {} first", spool.points(), spool.dir(),
                    influxName);
        }
    }

    @Override
    public void run() {
        boolean closing = false;
        List<Entry> taken = new ArrayList<>();
        while (!closing) {
            taken.clear();
            try {
                Entry first = queue.poll(spool.isEmpty() ? IDLE_POLL_MS
                        : Math.max(0, TimeUnit.NANOSECONDS.toMillis(retryAtNanos - System.nanoTime())),
                        TimeUnit.MILLISECONDS);
                if (first != null) {
                    taken.add(first);
                    queue.drainTo(taken, BATCH_POINTS - 1);
                }
            } catch (InterruptedException e) {
                LOG.warn("metrics sender interrupted; {} queued point(s) are not sent", queue.size());
                return;
            }
            List<String> lines = new ArrayList<>();
            for (Entry entry : taken) {
                if (entry instanceof Line line) {
                    lines.add(line.text());
                }
            }
            deliver(lines);
            pending.addAndGet(-lines.size());
            if (!spool.isEmpty() && System.nanoTime() - retryAtNanos >= 0) {
                sendOldestSpooled();
            }
            for (Entry entry : taken) {
                if (entry instanceof Mark mark) {
                    mark.done().complete(null);
                    closing |= mark.last();
                }
            }
        }
    }

    /** Sends the batch, or spools it behind what is spooled already. */
    private void deliver(List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        if (spool.isEmpty()) {
            try {
                influx.accept(String.join("\n", lines));
                succeeded();
                return;
            } catch (RuntimeException e) {
                if (refused(e, lines.size())) {
                    return;
                }
                failed(e);
            }
        }
        try {
            spool.append(lines);
        } catch (IOException e) {
            LOG.error("cannot spool {} point(s) to {}; they are lost", lines.size(), spool.dir(), e);
        }
    }

    private void sendOldestSpooled() {
        try {
            PointSpool.Batch batch = spool.oldest(BATCH_POINTS);
            try {
                influx.accept(batch.body());
            } catch (RuntimeException e) {
                if (!refused(e, batch.points())) {
                    failed(e);
                    return;
                }
            }
            spool.remove(batch);
            drained += batch.points();
            succeeded();
        } catch (IOException e) {
            LOG.error("cannot read or delete spool files in {}; trying again later", spool.dir(), e);
            retryLater();
        }
    }

    private void succeeded() {
        retryDelayMs = FIRST_RETRY_MS;
        if (spool.isEmpty() && (outage || drained > 0)) {
            LOG.info("{} took the {} spooled point(s); the spool is empty", influxName, drained);
            outage = false;
            drained = 0;
        }
    }

    /**
     * True, after logging them, for points InfluxDB will never take (unparsable, a field of another type
     * than before, older than the retention policy): sending them again would block the spool for good.
     * InfluxDB 1.x still writes the other points of such a batch.
     */
    private static boolean refused(RuntimeException e, int points) {
        if (e instanceof InfluxDBException.UnableToParseException
                || e instanceof InfluxDBException.FieldTypeConflictException
                || e instanceof InfluxDBException.PointsBeyondRetentionPolicyException) {
            LOG.error("InfluxDB refused point(s) of a batch of {}: {}", points, e.getMessage());
            return true;
        }
        return false;
    }

    /** Any other failure (refused connection, timeout, a 5xx answer, no database yet) may pass: retry. */
    private void failed(RuntimeException e) {
        if (!outage) {
            outage = true;
            LOG.warn("{} does not take points ({}); spooling them to {} until it does", influxName, e.getMessage(),
                    spool.dir());
        } else {
            LOG.debug("{} still does not take points: {}", influxName, e.getMessage());
        }
        retryLater();
    }

    private void retryLater() {
        retryAtNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(retryDelayMs);
        retryDelayMs = Math.min(MAX_RETRY_MS, retryDelayMs * 2);
    }
}
