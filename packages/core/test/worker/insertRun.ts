import Database from 'better-sqlite3';

/**
 * Commits one run with one metric through a connection of its own, as another process
 * (runner.py, the recorder) would. Returns its id.
 */
export function insertRun(path: string, scriptPath: string, startTime: string, seconds: number): number {
  const db = new Database(path);
  try {
    return db.transaction(() => {
      const id = Number(
        db
          .prepare(
            `INSERT INTO executions (script_path, start_time, end_time, execution_time_seconds, exit_code, success)
             VALUES (?, ?, ?, ?, 0, 1)`,
          )
          .run(scriptPath, startTime, startTime, seconds).lastInsertRowid,
      );
      db.prepare(
        "INSERT INTO metrics (execution_id, metric_name, metric_value) VALUES (?, 'execution_time_seconds', ?)",
      ).run(id, seconds);
      return id;
    })();
  } finally {
    db.close();
  }
}
