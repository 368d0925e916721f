package io.jitfarm.agent.spool;

import io.jitfarm.common.protocol.AgentMessage;
import io.jitfarm.common.protocol.ProtocolCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Everything the agent owes the coordinator, on disk until the coordinator has acknowledged it:
 * one folder per attempt holding a file per result ({@code <seq>.json}) and, once the attempt is
 * over, its closing message ({@code close.json}, a finish or a fail). A result is written here before
 * it is sent, so neither a lost connection nor an agent restart loses it.
 */
public final class ResultSpool {
    private static final String CLOSE = "close.json";
    private final Path root;

    public ResultSpool(Path root) {
        this.root = root;
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void add(AgentMessage.Result result) {
        write(folder(result.jobId(), result.attempt()).resolve(result.seq() + ".json"), result);
    }

    /** Records how the attempt ended; it stays until the coordinator confirms with {@code closed}. */
    public void close(AgentMessage.Closing closing) {
        write(folder(closing.jobId(), closing.attempt()).resolve(CLOSE), closing);
    }

    public void acknowledged(String jobId, int attempt, long seq) {
        delete(folder(jobId, attempt).resolve(seq + ".json"));
    }

    /** The coordinator recorded the attempt's end, or no longer wants it: forget it. */
    public void forget(String jobId, int attempt) {
        Path folder = folder(jobId, attempt);
        try (Stream<Path> files = Files.exists(folder) ? Files.list(folder) : Stream.empty()) {
            files.forEach(ResultSpool::delete);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        delete(folder);
    }

    /** Unacknowledged results of every attempt, in sequence order per attempt. */
    public List<AgentMessage.Result> pendingResults() {
        List<AgentMessage.Result> results = new ArrayList<>();
        for (Path folder : folders()) {
            try (Stream<Path> files = Files.list(folder)) {
                files.filter(f -> !f.getFileName().toString().equals(CLOSE) && f.toString().endsWith(".json"))
                        .map(f -> (AgentMessage.Result) read(f))
                        .sorted(Comparator.comparingLong(AgentMessage.Result::seq))
                        .forEach(results::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return results;
    }

    public List<AgentMessage.Result> pendingResults(String jobId, int attempt) {
        return pendingResults().stream().filter(r -> r.jobId().equals(jobId) && r.attempt() == attempt).toList();
    }

    /** Closing messages not yet confirmed. */
    public List<AgentMessage.Closing> pendingCloses() {
        return folders().stream().map(f -> f.resolve(CLOSE)).filter(Files::exists)
                .map(f -> (AgentMessage.Closing) read(f)).toList();
    }

    public Optional<AgentMessage.Closing> pendingClose(String jobId, int attempt) {
        Path close = folder(jobId, attempt).resolve(CLOSE);
        return Files.exists(close) ? Optional.of((AgentMessage.Closing) read(close)) : Optional.empty();
    }

    private List<Path> folders() {
        try (Stream<Path> folders = Files.list(root)) {
            return folders.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path folder(String jobId, int attempt) {
        return root.resolve(jobId + "~" + attempt);
    }

    /** Write-then-rename, so a crash never leaves half a message behind. */
    private static void write(Path file, AgentMessage message) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, ProtocolCodec.encode(message));
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spool " + file, e);
        }
    }

    private static AgentMessage read(Path file) {
        try {
            return ProtocolCodec.decode(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
