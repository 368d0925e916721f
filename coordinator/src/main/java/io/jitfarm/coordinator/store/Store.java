package io.jitfarm.coordinator.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jitfarm.common.device.DeviceDescriptor;
import io.jitfarm.common.job.JobSpec;
import io.jitfarm.common.protocol.ProtocolCodec;
import io.jitfarm.coordinator.experiment.Experiment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's durable state in one SQLite file: runs with their regression verdicts, jobs with their
 * attempts and state history, the index of results received, and the agents seen. Every method commits
 * before it returns, so what the coordinator acknowledges survives a crash, and then tells its
 * {@link StoreListener}s what changed. Not thread-safe: the scheduler calls it from one ordered worker queue.
 */
public final class Store implements AutoCloseable {
    public static final String FILE_NAME = "jitfarm.db";
    private static final ObjectMapper JSON = ProtocolCodec.JSON;
    private static final TypeReference<List<DeviceDescriptor>> DEVICE_LIST = new TypeReference<>() {
    };
    private static final Logger LOG = LoggerFactory.getLogger(Store.class);
    private static final Set<String> OPEN_RUN_STATES = Set.of("queued", "running");

    private final Connection db;
    private final List<StoreListener> listeners = new ArrayList<>();
    /** News of the open transaction, told once it commits. */
    private final List<Consumer<StoreListener>> uncommitted = new ArrayList<>();
    private boolean inTransaction;

    private Store(Connection db) {
        this.db = db;
    }

    /** Opens (creating and migrating as needed) the store in {@code dataDir}. */
    public static Store open(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(FILE_NAME));
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("PRAGMA foreign_keys=ON");
                s.execute("PRAGMA busy_timeout=5000");
            }
            Schema.migrate(db);
            return new Store(db);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new StoreException("cannot open the store in " + dataDir, e);
        }
    }

    /** Adds a listener; call before the store is used. */
    public void listen(StoreListener listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw new StoreException("cannot close the store", e);
        }
    }

    // ---- runs and jobs

    /** @param regression how the run is to be judged against an earlier one once it ends, if at all */
    public void insertRun(String runId, String experiment, String source, String yaml, long now, List<JobSpec> jobs,
                          int maxAttempts, Optional<Experiment.Regression> regression) {
        transaction(() -> {
            update("INSERT INTO runs(id, experiment, source, yaml, state, submitted_at, regression)"
                            + " VALUES (?,?,?,?,'queued',?,?)",
                    runId, experiment, source, yaml, now, regression.map(Store::toJson).orElse(null));
            int seq = 0;
            for (JobSpec job : jobs) {
                update("INSERT INTO jobs(id, run_id, seq, device_id, backend, threads, spec, state, attempts,"
                                + " max_attempts, updated_at) VALUES (?,?,?,?,?,?,?,'queued',0,?,?)",
                        job.jobId(), runId, seq++, job.deviceId(), job.backend(), job.threads(), toJson(job),
                        maxAttempts, now);
                event(job.jobId(), now, JobState.QUEUED, 0, null, "submitted");
            }
        });
    }

    public Optional<JobRow> job(String jobId) {
        return queryJobs("WHERE id = ?", jobId).stream().findFirst();
    }

    /** The oldest queued job for a device: runs in submission order, jobs in plan order. */
    public Optional<JobRow> nextQueuedJob(String deviceId) {
        return queryJobs("WHERE state = 'queued' AND device_id = ?"
                + " ORDER BY (SELECT submitted_at FROM runs WHERE runs.id = jobs.run_id), run_id, seq LIMIT 1",
                deviceId).stream().findFirst();
    }

    public List<JobRow> leasedJobs() {
        return queryJobs("WHERE state = 'leased' ORDER BY id");
    }

    public List<JobRow> jobsOfRun(String runId, JobState state) {
        return queryJobs("WHERE run_id = ? AND state = ? ORDER BY seq", runId, state.dbName());
    }

    public void leaseJob(String jobId, String agentId, int attempt, long expiresAt, long now) {
        transaction(() -> {
            update("UPDATE jobs SET state='leased', attempts=?, agent_id=?, lease_expires_at=?, updated_at=? WHERE id=?",
                    attempt, agentId, expiresAt, now, jobId);
            update("INSERT INTO attempts(job_id, attempt, agent_id, started_at) VALUES (?,?,?,?)",
                    jobId, attempt, agentId, now);
            event(jobId, now, JobState.LEASED, attempt, agentId, null);
            refreshRunState(runOf(jobId), now);
        });
    }

    public void renewLease(String jobId, long expiresAt) {
        update("UPDATE jobs SET lease_expires_at=? WHERE id=? AND state='leased'", expiresAt, jobId);
    }

    /** Gives every lease at least until {@code until}, e.g. so agents can reconnect after a restart. */
    public void extendLeases(long until) {
        update("UPDATE jobs SET lease_expires_at=MAX(lease_expires_at, ?) WHERE state='leased'", until);
    }

    public List<JobRow> expiredLeases(long now) {
        return queryJobs("WHERE state = 'leased' AND lease_expires_at < ? ORDER BY id", now);
    }

    /**
     * Closes the job's latest attempt with {@code outcome} and its own {@code reason}, and moves the job to
     * {@code next} ({@link JobState#QUEUED} for a retry), recording {@code jobReason} in its history.
     */
    public void endAttempt(String jobId, int attempt, String outcome, String reason, JobState next, String jobReason,
                           JsonNode summary, long now) {
        transaction(() -> {
            update("UPDATE attempts SET ended_at=?, outcome=?, reason=? WHERE job_id=? AND attempt=? AND ended_at IS NULL",
                    now, outcome, reason, jobId, attempt);
            update("UPDATE jobs SET state=?, agent_id=NULL, lease_expires_at=NULL, updated_at=?,"
                            + " summary=COALESCE(?, summary) WHERE id=?",
                    next.dbName(), now, summary == null ? null : summary.toString(), jobId);
            event(jobId, now, next, attempt, null, jobReason);
            refreshRunState(runOf(jobId), now);
        });
    }

    /** Reasons of every ended attempt, in order, as "attempt N on AGENT: reason". */
    public List<String> attemptReasons(String jobId) {
        List<String> reasons = new ArrayList<>();
        query("SELECT attempt, agent_id, outcome, reason FROM attempts WHERE job_id=? AND ended_at IS NOT NULL"
                + " ORDER BY attempt", rs -> reasons.add("attempt " + rs.getInt(1) + " on " + rs.getString(2) + ": "
                + (rs.getString(4) == null ? rs.getString(3) : rs.getString(4))), jobId);
        return reasons;
    }

    /** Cancels every unfinished job of the run; returns the jobs that were leased, whose agents must be told. */
    public List<JobRow> cancelRun(String runId, long now) {
        List<JobRow> leased = jobsOfRun(runId, JobState.LEASED);
        transaction(() -> {
            for (JobRow job : leased) {
                update("UPDATE attempts SET ended_at=?, outcome='cancelled', reason='run cancelled'"
                        + " WHERE job_id=? AND attempt=? AND ended_at IS NULL", now, job.id(), job.attempts());
            }
            for (JobState state : List.of(JobState.QUEUED, JobState.LEASED)) {
                for (JobRow job : jobsOfRun(runId, state)) {
                    event(job.id(), now, JobState.CANCELLED, job.attempts(), null, "run cancelled");
                }
            }
            update("UPDATE jobs SET state='cancelled', agent_id=NULL, lease_expires_at=NULL, updated_at=?"
                    + " WHERE run_id=? AND state IN ('queued','leased')", now, runId);
            update("UPDATE runs SET state='cancelled', finished_at=? WHERE id=?", now, runId);
            announce(listener -> listener.runEnded(runId, "cancelled"));
        });
        return leased;
    }

    // ---- regression verdicts

    public Optional<Experiment.Regression> regression(String runId) {
        List<Experiment.Regression> found = new ArrayList<>();
        query("SELECT regression FROM runs WHERE id=? AND regression IS NOT NULL",
                rs -> found.add(fromJson(rs.getString(1), Experiment.Regression.class)), runId);
        return found.stream().findFirst();
    }

    /** The latest run of the same experiment submitted before this one that succeeded. */
    public Optional<String> previousSucceededRun(String runId) {
        List<String> found = new ArrayList<>();
        // rowid is the order runs were inserted in, i.e. submitted
        query("SELECT earlier.id FROM runs earlier JOIN runs later ON later.id = ?"
                + " AND earlier.experiment = later.experiment AND earlier.rowid < later.rowid"
                + " WHERE earlier.state = 'succeeded' ORDER BY earlier.rowid DESC LIMIT 1",
                rs -> found.add(rs.getString(1)), runId);
        return found.stream().findFirst();
    }

    /** Replaces the run's verdicts. */
    public void saveVerdicts(String runId, List<Views.Verdict> verdicts) {
        transaction(() -> {
            update("DELETE FROM verdicts WHERE run_id=?", runId);
            int seq = 0;
            for (Views.Verdict v : verdicts) {
                update("INSERT INTO verdicts(run_id, seq, device_id, backend, threads, op, shape, engine, verdict,"
                                + " median_ms, baseline_median_ms, change_pct, threshold_pct, baseline_run, text)"
                                + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                        runId, seq++, v.deviceId(), v.backend(), v.threads(), v.op(), v.shape(), v.engine(), v.verdict(),
                        v.medianMs(), v.baselineMedianMs(), v.changePct(), v.thresholdPct(), v.baselineRun(), v.text());
            }
        });
    }

    public List<Views.Verdict> verdicts(String runId) {
        List<Views.Verdict> verdicts = new ArrayList<>();
        query("SELECT device_id, backend, threads, op, shape, engine, verdict, median_ms, baseline_median_ms,"
                + " change_pct, threshold_pct, baseline_run, text FROM verdicts WHERE run_id=? ORDER BY seq",
                rs -> verdicts.add(new Views.Verdict(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getDouble(8), rs.getDouble(9),
                        rs.getDouble(10), rs.getDouble(11), rs.getString(12), rs.getString(13))), runId);
        return verdicts;
    }

    // ---- results

    /** Stores a result unless this (job, attempt, seq) is already stored; true when it was new. */
    public boolean insertResult(String jobId, int attempt, long seq, String kind, JsonNode payload, long now) {
        return update("INSERT OR IGNORE INTO results(job_id, attempt, seq, kind, received_at, payload)"
                + " VALUES (?,?,?,?,?,?)", jobId, attempt, seq, kind, now, payload.toString()) == 1;
    }

    /** Counted results of a run, or of one of its jobs: each job's latest attempt, in arrival order. */
    public List<Views.Result> countedResults(String runId, String jobIdOrNull) {
        List<Views.Result> results = new ArrayList<>();
        query("SELECT j.id, j.device_id, j.backend, j.threads, r.attempt, r.seq, r.kind, r.received_at, r.payload"
                + " FROM results r JOIN jobs j ON r.job_id = j.id AND r.attempt = j.attempts"
                + " WHERE j.run_id = ? AND (? IS NULL OR j.id = ?) ORDER BY j.seq, r.seq", rs -> results.add(
                new Views.Result(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getInt(5),
                        rs.getLong(6), rs.getString(7), iso(rs.getLong(8)), fromJson(rs.getString(9), JsonNode.class))),
                runId, jobIdOrNull, jobIdOrNull);
        return results;
    }

    /** Sequence numbers 1..{@code count} that the attempt has not delivered. */
    public List<Long> missingResults(String jobId, int attempt, long count) {
        Set<Long> present = new HashSet<>();
        query("SELECT seq FROM results WHERE job_id=? AND attempt=?", rs -> present.add(rs.getLong(1)), jobId, attempt);
        List<Long> missing = new ArrayList<>();
        for (long seq = 1; seq <= count && missing.size() < 1000; seq++) {
            if (!present.contains(seq)) {
                missing.add(seq);
            }
        }
        return missing;
    }

    // ---- agents

    public void saveAgent(String agentId, List<DeviceDescriptor> devices, long now) {
        update("INSERT INTO agents(id, devices, connected, last_seen) VALUES (?,?,1,?)"
                + " ON CONFLICT(id) DO UPDATE SET devices=excluded.devices, connected=1, last_seen=excluded.last_seen",
                agentId, toJson(devices), now);
        announceAgent(agentId, StoreListener.AgentEvent.REGISTERED, now);
    }

    public void agentHeartbeat(String agentId, long now) {
        update("UPDATE agents SET connected=1, last_seen=? WHERE id=?", now, agentId);
        announceAgent(agentId, StoreListener.AgentEvent.HEARTBEAT, now);
    }

    public void agentDisconnected(String agentId, long now) {
        update("UPDATE agents SET connected=0, last_seen=? WHERE id=?", now, agentId);
        announceAgent(agentId, StoreListener.AgentEvent.DISCONNECTED, now);
    }

    /** After a restart no agent is connected; those that were are told of as disconnected at {@code now}. */
    public void markAllAgentsDisconnected(long now) {
        List<String> wereConnected = new ArrayList<>();
        query("SELECT id FROM agents WHERE connected=1 ORDER BY id", rs -> wereConnected.add(rs.getString(1)));
        update("UPDATE agents SET connected=0");
        wereConnected.forEach(id -> announceAgent(id, StoreListener.AgentEvent.DISCONNECTED, now));
    }

    public List<Views.Agent> agents() {
        List<Views.Agent> agents = new ArrayList<>();
        query("SELECT id, connected, last_seen, devices FROM agents ORDER BY id", rs -> agents.add(new Views.Agent(
                rs.getString(1), rs.getInt(2) == 1, iso(rs.getLong(3)), fromJson(rs.getString(4), DEVICE_LIST))));
        return agents;
    }

    // ---- views

    public List<Views.Run> runs() {
        List<String> ids = new ArrayList<>();
        query("SELECT id FROM runs ORDER BY submitted_at, id", rs -> ids.add(rs.getString(1)));
        return ids.stream().map(id -> runView(id, false).orElseThrow()).toList();
    }

    public Optional<Views.Run> run(String runId) {
        return runView(runId, true);
    }

    private Optional<Views.Run> runView(String runId, boolean withJobs) {
        List<Views.Run> found = new ArrayList<>();
        query("SELECT id, experiment, source, state, submitted_at, finished_at FROM runs WHERE id=?", rs -> {
            Map<String, Integer> byState = new LinkedHashMap<>();
            int[] total = {0};
            query("SELECT state, COUNT(*) FROM jobs WHERE run_id=? GROUP BY state ORDER BY state", c -> {
                byState.put(c.getString(1), c.getInt(2));
                total[0] += c.getInt(2);
            }, runId);
            long results = countResults("j.run_id = ?", runId);
            found.add(new Views.Run(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                    iso(rs.getLong(5)), isoOrNull(rs, 6), total[0], byState, results,
                    withJobs ? jobViews(runId) : null, withJobs ? verdicts(runId) : null));
        }, runId);
        return found.stream().findFirst();
    }

    private List<Views.Job> jobViews(String runId) {
        List<Views.Job> jobs = new ArrayList<>();
        query("SELECT id, device_id, backend, threads, state, attempts, max_attempts, agent_id, lease_expires_at,"
                + " summary FROM jobs WHERE run_id=? ORDER BY seq", rs -> {
                    String id = rs.getString(1);
                    String summary = rs.getString(10);
                    jobs.add(new Views.Job(id, rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5),
                            rs.getInt(6), rs.getInt(7), rs.getString(8), isoOrNull(rs, 9),
                            countResults("j.id = ?", id), summary == null ? null : fromJson(summary, JsonNode.class),
                            attemptViews(id), events(id)));
                }, runId);
        return jobs;
    }

    /** Results of each job's latest attempt only: an expired attempt's results are kept but not counted. */
    private long countResults(String jobCondition, String key) {
        long[] n = {0};
        query("SELECT COUNT(*) FROM results r JOIN jobs j ON r.job_id = j.id AND r.attempt = j.attempts WHERE "
                + jobCondition, rs -> n[0] = rs.getLong(1), key);
        return n[0];
    }

    private List<Views.Attempt> attemptViews(String jobId) {
        List<Views.Attempt> attempts = new ArrayList<>();
        query("SELECT a.attempt, a.agent_id, a.started_at, a.ended_at, a.outcome, a.reason,"
                + " (SELECT COUNT(*) FROM results r WHERE r.job_id = a.job_id AND r.attempt = a.attempt)"
                + " FROM attempts a WHERE a.job_id=? ORDER BY a.attempt", rs -> attempts.add(new Views.Attempt(
                rs.getInt(1), rs.getString(2), iso(rs.getLong(3)), isoOrNull(rs, 4), rs.getString(5), rs.getString(6),
                rs.getLong(7))), jobId);
        return attempts;
    }

    private List<Views.Event> events(String jobId) {
        List<Views.Event> events = new ArrayList<>();
        query("SELECT at, state, attempt, agent_id, reason FROM job_events WHERE job_id=? ORDER BY id",
                rs -> events.add(new Views.Event(iso(rs.getLong(1)), rs.getString(2), rs.getInt(3), rs.getString(4),
                        rs.getString(5))), jobId);
        return events;
    }

    // ---- helpers

    /** Every job state change goes through here: its history row, and the news for listeners. */
    private void event(String jobId, long now, JobState state, int attempt, String agentId, String reason) {
        update("INSERT INTO job_events(job_id, at, state, attempt, agent_id, reason) VALUES (?,?,?,?,?,?)",
                jobId, now, state.dbName(), attempt, agentId, reason);
        if (listeners.isEmpty()) {
            return;
        }
        query("SELECT j.spec, a.agent_id FROM jobs j LEFT JOIN attempts a ON a.job_id = j.id AND a.attempt = ?"
                + " WHERE j.id = ?", rs -> {
                    StoreListener.JobChange change = new StoreListener.JobChange(fromJson(rs.getString(1), JobSpec.class),
                            state, attempt, rs.getString(2), reason, now);
                    announce(listener -> listener.jobChanged(change));
                }, attempt, jobId);
    }

    private void announceAgent(String agentId, StoreListener.AgentEvent event, long now) {
        if (listeners.isEmpty()) {
            return;
        }
        query("SELECT json_array_length(devices), connected,"
                + " (SELECT COUNT(*) FROM jobs WHERE state = 'leased' AND agent_id = agents.id) FROM agents WHERE id = ?",
                rs -> {
                    StoreListener.AgentChange change = new StoreListener.AgentChange(agentId, event, rs.getInt(1),
                            rs.getInt(3), rs.getInt(2) == 1, now);
                    announce(listener -> listener.agentChanged(change));
                }, agentId);
    }

    /** Tells listeners now, or once the open transaction has committed (never if it rolls back). */
    private void announce(Consumer<StoreListener> news) {
        if (inTransaction) {
            uncommitted.add(news);
        } else {
            tell(List.of(news));
        }
    }

    private void tell(List<Consumer<StoreListener>> news) {
        for (Consumer<StoreListener> item : news) {
            for (StoreListener listener : listeners) {
                try {
                    item.accept(listener);
                } catch (RuntimeException e) {
                    LOG.error("a store listener failed; the store's change stands", e);
                }
            }
        }
    }

    private String runOf(String jobId) {
        String[] run = {null};
        query("SELECT run_id FROM jobs WHERE id=?", rs -> run[0] = rs.getString(1), jobId);
        return run[0];
    }

    /** A run is running once any job was leased, and final once every job is. */
    private void refreshRunState(String runId, long now) {
        String[] before = {null};
        query("SELECT state FROM runs WHERE id=?", rs -> before[0] = rs.getString(1), runId);
        Map<JobState, Integer> count = new EnumMap<>(JobState.class);
        boolean[] started = {false};
        query("SELECT state, attempts FROM jobs WHERE run_id=?", rs -> {
            count.merge(JobState.fromDb(rs.getString(1)), 1, Integer::sum);
            started[0] |= rs.getInt(2) > 0;
        }, runId);
        boolean open = count.getOrDefault(JobState.QUEUED, 0) + count.getOrDefault(JobState.LEASED, 0) > 0;
        String state = open ? (started[0] ? "running" : "queued")
                : count.containsKey(JobState.CANCELLED) ? "cancelled"
                : count.containsKey(JobState.FAILED) ? "failed" : "succeeded";
        update("UPDATE runs SET state=?, finished_at=? WHERE id=? AND state <> 'cancelled'",
                state, open ? null : now, runId);
        if (!open && OPEN_RUN_STATES.contains(before[0])) {
            announce(listener -> listener.runEnded(runId, state));
        }
    }

    private List<JobRow> queryJobs(String where, Object... args) {
        List<JobRow> jobs = new ArrayList<>();
        query("SELECT spec, state, attempts, max_attempts, agent_id, lease_expires_at FROM jobs " + where, rs -> {
            long expires = rs.getLong(6);
            jobs.add(new JobRow(fromJson(rs.getString(1), JobSpec.class), JobState.fromDb(rs.getString(2)),
                    rs.getInt(3), rs.getInt(4), rs.getString(5), rs.wasNull() ? null : expires));
        }, args);
        return jobs;
    }

    @FunctionalInterface
    private interface RowHandler {
        void row(ResultSet rs) throws SQLException;
    }

    private void query(String sql, RowHandler handler, Object... args) {
        try (PreparedStatement statement = prepare(sql, args); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                handler.row(rs);
            }
        } catch (SQLException e) {
            throw new StoreException("query failed: " + sql, e);
        }
    }

    private int update(String sql, Object... args) {
        try (PreparedStatement statement = prepare(sql, args)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("update failed: " + sql, e);
        }
    }

    private PreparedStatement prepare(String sql, Object... args) throws SQLException {
        PreparedStatement statement = db.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            statement.setObject(i + 1, args[i]);
        }
        return statement;
    }

    /** Runs {@code work} in one transaction, then tells listeners its news (only reached once committed). */
    private void transaction(Runnable work) {
        List<Consumer<StoreListener>> news;
        try {
            db.setAutoCommit(false);
            inTransaction = true;
            try {
                work.run();
                db.commit();
            } catch (RuntimeException e) {
                db.rollback();
                throw e;
            } finally {
                inTransaction = false;
                db.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("transaction failed", e);
        } finally {
            news = List.copyOf(uncommitted);
            uncommitted.clear();
        }
        tell(news);
    }

    private static String iso(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }

    private static String isoOrNull(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : iso(value);
    }

    private static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T fromJson(String json, Class<T> type) {
        return fromJson(json, JSON.constructType(type));
    }

    private static <T> T fromJson(String json, TypeReference<T> type) {
        return fromJson(json, JSON.constructType(type));
    }

    private static <T> T fromJson(String json, JavaType type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new StoreException("corrupt JSON in the store: " + json, e);
        }
    }
}
