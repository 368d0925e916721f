package io.jitfarm.coordinator.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The store's schema as an ordered list of migrations; {@code PRAGMA user_version} records how many
 * have been applied, so an older data directory is brought up to date at start. Append, never edit.
 */
final class Schema {
    private static final List<List<String>> MIGRATIONS = List.of(List.of(
            "CREATE TABLE runs (id TEXT PRIMARY KEY, experiment TEXT NOT NULL, source TEXT NOT NULL,"
                    + " yaml TEXT NOT NULL, state TEXT NOT NULL, submitted_at INTEGER NOT NULL, finished_at INTEGER)",
            "CREATE TABLE jobs (id TEXT PRIMARY KEY, run_id TEXT NOT NULL REFERENCES runs(id), seq INTEGER NOT NULL,"
                    + " device_id TEXT NOT NULL, backend TEXT NOT NULL, threads INTEGER NOT NULL, spec TEXT NOT NULL,"
                    + " state TEXT NOT NULL, attempts INTEGER NOT NULL, max_attempts INTEGER NOT NULL,"
                    + " agent_id TEXT, lease_expires_at INTEGER, summary TEXT, updated_at INTEGER NOT NULL)",
            "CREATE INDEX jobs_by_device_state ON jobs(device_id, state)",
            "CREATE INDEX jobs_by_run ON jobs(run_id, seq)",
            "CREATE TABLE attempts (job_id TEXT NOT NULL REFERENCES jobs(id), attempt INTEGER NOT NULL,"
                    + " agent_id TEXT NOT NULL, started_at INTEGER NOT NULL, ended_at INTEGER, outcome TEXT,"
                    + " reason TEXT, PRIMARY KEY (job_id, attempt))",
            "CREATE TABLE job_events (id INTEGER PRIMARY KEY AUTOINCREMENT, job_id TEXT NOT NULL REFERENCES jobs(id),"
                    + " at INTEGER NOT NULL, state TEXT NOT NULL, attempt INTEGER NOT NULL, agent_id TEXT, reason TEXT)",
            "CREATE INDEX job_events_by_job ON job_events(job_id, id)",
            "CREATE TABLE results (job_id TEXT NOT NULL REFERENCES jobs(id), attempt INTEGER NOT NULL,"
                    + " seq INTEGER NOT NULL, kind TEXT NOT NULL, received_at INTEGER NOT NULL, payload TEXT NOT NULL,"
                    + " PRIMARY KEY (job_id, attempt, seq))",
            "CREATE TABLE agents (id TEXT PRIMARY KEY, devices TEXT NOT NULL, connected INTEGER NOT NULL,"
                    + " last_seen INTEGER NOT NULL)"),
            List.of(
                    "ALTER TABLE runs ADD COLUMN regression TEXT",
                    "CREATE TABLE verdicts (run_id TEXT NOT NULL REFERENCES runs(id), seq INTEGER NOT NULL,"
                            + " device_id TEXT NOT NULL, backend TEXT NOT NULL, threads INTEGER NOT NULL, op TEXT NOT NULL,"
                            + " shape TEXT NOT NULL, engine TEXT NOT NULL, verdict TEXT NOT NULL, median_ms REAL NOT NULL,"
                            + " baseline_median_ms REAL NOT NULL, change_pct REAL NOT NULL, threshold_pct REAL NOT NULL,"
                            + " baseline_run TEXT NOT NULL, text TEXT NOT NULL, PRIMARY KEY (run_id, seq))"));

    private Schema() {
    }

    static void migrate(Connection db) throws SQLException {
        try (Statement s = db.createStatement()) {
            int version;
            try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
                version = rs.next() ? rs.getInt(1) : 0;
            }
            if (version > MIGRATIONS.size()) {
                throw new SQLException("the data directory was written by a newer jitfarm (schema " + version
                        + ", this one knows " + MIGRATIONS.size() + ")");
            }
            for (int v = version; v < MIGRATIONS.size(); v++) {
                db.setAutoCommit(false);
                for (String sql : MIGRATIONS.get(v)) {
                    s.execute(sql);
                }
                s.execute("PRAGMA user_version = " + (v + 1));
                db.commit();
                db.setAutoCommit(true);
            }
        }
    }
}
