package io.jitfarm.coordinator.metrics;

/**
 * Point timestamps that keep every point. InfluxDB keeps one point per series (measurement and tags)
 * and time, so two points of one series in the same millisecond would overwrite each other: a
 * sequence number in the sub-millisecond nanoseconds keeps both, taken modulo a millisecond so that the
 * point still lies within the millisecond it happened. Being fixed when the point is made, the time
 * also makes a resent point overwrite itself rather than double.
 */
final class PointTime {
    private static final long NANOS_PER_MILLI = 1_000_000;

    private PointTime() {
    }

    static long uniqueNanos(long atMillis, long seq) {
        return atMillis * NANOS_PER_MILLI + Math.floorMod(seq, NANOS_PER_MILLI);
    }
}
