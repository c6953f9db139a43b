import type { Database } from 'better-sqlite3';

// Exactly the DDL Python Script Runner 7.x executes (design.md §2), so a file created by
// runner-dash is indistinguishable from one created by runner.py.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS executions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  script_path TEXT NOT NULL,
  script_args TEXT,
  start_time TEXT NOT NULL,
  end_time TEXT NOT NULL,
  execution_time_seconds REAL NOT NULL,
  exit_code INTEGER NOT NULL,
  success BOOLEAN NOT NULL,
  attempt_number INTEGER DEFAULT 1,
  timeout_seconds INTEGER,
  timed_out BOOLEAN DEFAULT 0,
  stdout_lines INTEGER,
  stderr_lines INTEGER,
  python_version TEXT,
  platform TEXT,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE IF NOT EXISTS metrics (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  execution_id INTEGER NOT NULL,
  metric_name TEXT NOT NULL,
  metric_value REAL NOT NULL,
  FOREIGN KEY (execution_id) REFERENCES executions(id) ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS alerts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  execution_id INTEGER NOT NULL,
  alert_name TEXT NOT NULL,
  severity TEXT NOT NULL,
  condition TEXT NOT NULL,
  triggered_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
  FOREIGN KEY (execution_id) REFERENCES executions(id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS idx_script_path ON executions(script_path);
CREATE INDEX IF NOT EXISTS idx_start_time ON executions(start_time DESC);
CREATE INDEX IF NOT EXISTS idx_success ON executions(success);
CREATE INDEX IF NOT EXISTS idx_exit_code ON executions(exit_code);
CREATE INDEX IF NOT EXISTS idx_execution_id ON metrics(execution_id);
CREATE INDEX IF NOT EXISTS idx_metric_name ON metrics(metric_name);
CREATE INDEX IF NOT EXISTS idx_script_date ON executions(script_path, start_time DESC);
CREATE INDEX IF NOT EXISTS idx_metric_lookup ON metrics(metric_name, execution_id);
CREATE INDEX IF NOT EXISTS idx_recent ON executions(created_at DESC);
CREATE INDEX IF NOT EXISTS idx_alert_execution ON alerts(execution_id);
CREATE INDEX IF NOT EXISTS idx_alert_severity ON alerts(severity);
`;

/**
 * Creates the history tables and indexes of design.md §2 where they are missing. Safe on
 * an existing history: it never alters a table that is already there.
 */
export function createSchema(db: Database): void {
  db.exec(SCHEMA);
}
