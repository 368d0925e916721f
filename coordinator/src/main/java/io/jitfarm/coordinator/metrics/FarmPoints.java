package io.jitfarm.coordinator.metrics;

import io.jitfarm.coordinator.store.StoreListener;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.influxdb.dto.Point;

/**
 * The farm's health as InfluxDB points (dashboards/README.md): a {@code job} point per job state change
 * and an {@code agent} point per registration, heartbeat and disconnection, written as the store
 * commits them.
 */
public final class FarmPoints implements StoreListener {
    private final MetricsWriter writer;
    /** Keeps changes of one job or agent within one millisecond apart (see {@link PointTime}). */
    private final AtomicLong sequence = new AtomicLong();

    public FarmPoints(MetricsWriter writer) {
        this.writer = writer;
    }

    @Override
    public void jobChanged(JobChange change) {
        writer.write(job(change, sequence.incrementAndGet()));
    }

    @Override
    public void agentChanged(AgentChange change) {
        writer.write(agent(change, sequence.incrementAndGet()));
    }

    /** {@code agent} is the agent of the job's latest attempt, absent before the first lease. */
    static Point job(JobChange change, long seq) {
        Point.Builder point = Point.measurement("job")
                .time(PointTime.uniqueNanos(change.atMillis(), seq), TimeUnit.NANOSECONDS)
                .tag("experiment", change.spec().experiment())
                .tag("run", change.spec().runId())
                .tag("device", change.spec().deviceId())
                .tag("backend", change.spec().backend())
                .tag("threads", String.valueOf(change.spec().threads()))
                .tag("state", change.state().dbName())
                .addField("job_id", change.spec().jobId())
                .addField("attempt", change.attempt())
                .addField("count", 1);
        if (change.agentId() != null) {
            point.addField("agent", change.agentId());
        }
        if (change.reason() != null) {
            point.addField("reason", change.reason());
        }
        return point.build();
    }

    /** {@code devices_online} counts the agent's devices while it is connected, none once it has gone. */
    static Point agent(AgentChange change, long seq) {
        return Point.measurement("agent")
                .time(PointTime.uniqueNanos(change.atMillis(), seq), TimeUnit.NANOSECONDS)
                .tag("agent", change.agentId())
                .addField("event", change.event().dbName())
                .addField("devices_online", change.connected() ? change.devices() : 0)
                .addField("leases", change.leases())
                .addField("connected", change.connected())
                .build();
    }
}
