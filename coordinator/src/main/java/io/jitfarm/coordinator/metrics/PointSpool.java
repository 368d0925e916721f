package io.jitfarm.coordinator.metrics;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Points InfluxDB has not taken yet, on disk in arrival order: one line-protocol file per spooled batch,
 * named by its number and point count, e.g. {@code 00000000000000000007-500.lp}. A file appears whole
 * or not at all (written aside, fsync'd, renamed), so a crash cannot leave half a point behind, and a
 * point's text is never split into lines (string fields may hold newlines). Files are deleted only once
 * InfluxDB has taken them. Used by one thread at a time; {@link #points()} may be read from any.
 */
final class PointSpool {
    private static final Pattern NAME = Pattern.compile("(\\d{20})-(\\d+)\\.lp");
    private static final String PARTIAL = ".partial";

    private final Path dir;
    private final Deque<Segment> segments = new ArrayDeque<>();
    private long nextNumber;
    private volatile long points;

    private record Segment(Path file, int points) {
    }

    /** Consecutive oldest segments as one line-protocol body. */
    record Batch(String body, int points, int segments) {
    }

    private PointSpool(Path dir) {
        this.dir = dir;
    }

    /** Opens the spool in {@code dir}, with the segments an earlier process left there. */
    static PointSpool open(Path dir) throws IOException {
        Files.createDirectories(dir);
        PointSpool spool = new PointSpool(dir);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                Matcher name = NAME.matcher(file.getFileName().toString());
                if (name.matches()) {
                    spool.segments.add(new Segment(file, Integer.parseInt(name.group(2))));
                    spool.nextNumber = Long.parseLong(name.group(1)) + 1;
                } else if (file.getFileName().toString().endsWith(PARTIAL)) {
                    Files.delete(file);   // a crash while spooling: its points had not been reported spooled
                }
            }
        }
        spool.points = spool.segments.stream().mapToLong(Segment::points).sum();
        return spool;
    }

    Path dir() {
        return dir;
    }

    boolean isEmpty() {
        return segments.isEmpty();
    }

    long points() {
        return points;
    }

    /** Appends the lines behind everything spooled; they are on disk, fsync'd, when this returns. */
    void append(List<String> lines) throws IOException {
        long number = nextNumber++;
        Path partial = dir.resolve(number + PARTIAL);
        Path file = dir.resolve(String.format("%020d-%d.lp", number, lines.size()));
        StringBuilder body = new StringBuilder();
        lines.forEach(line -> body.append(line).append('\n'));
        try {
            writeDurably(partial, body.toString());
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
            folder.force(true);   // the rename must survive a crash as well as the data
        }
        segments.addLast(new Segment(file, lines.size()));
        points += lines.size();
    }

    private static void writeDurably(Path file, String text) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
    }

    /** The oldest segments holding at most {@code maxPoints} points together (at least one segment). */
    Batch oldest(int maxPoints) throws IOException {
        StringBuilder body = new StringBuilder();
        int count = 0;
        int taken = 0;
        for (Segment segment : segments) {
            if (taken > 0 && count + segment.points() > maxPoints) {
                break;
            }
            body.append(Files.readString(segment.file(), StandardCharsets.UTF_8));
            count += segment.points();
            taken++;
        }
        return new Batch(body.toString(), count, taken);
    }

    /** Deletes a batch's segments: call only once InfluxDB has taken (or for good refused) its points. */
    void remove(Batch batch) throws IOException {
        List<Segment> done = new ArrayList<>();
        for (int i = 0; i < batch.segments(); i++) {
            done.add(segments.removeFirst());
        }
        for (Segment segment : done) {
            Files.deleteIfExists(segment.file());
            points -= segment.points();
        }
    }
}
