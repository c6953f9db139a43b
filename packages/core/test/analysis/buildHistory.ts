import Database from 'better-sqlite3';
import { join } from 'node:path';
import { createSchema } from '../../src/store/createSchema.js';
import { toLocalIso } from '../../src/timeWindow.js';
import { tempDir } from '../helpers/fixture.js';

/** One run to write: when it started (hours before `now`) and its metrics. */
export interface TestRun {
  script: string;
  hoursAgo: number;
  metrics: Record<string, number>;
}

/**
 * A real history file in runner.py's schema holding exactly these runs, written with plain
 * SQL so the analyses are tested against a database no runner-dash code wrote.
 */
export function buildHistory(now: string, runs: TestRun[]): { path: string; cleanup: () => void } {
  const { dir, cleanup } = tempDir('runner-dash-analysis-');
  const path = join(dir, 'history.db');
  const db = new Database(path);
  createSchema(db);
  const insertRun = db.prepare(
    `INSERT INTO executions (script_path, script_args, start_time, end_time, execution_time_seconds, exit_code, success)
     VALUES (?, '[]', ?, ?, ?, 0, 1)`,
  );
  const insertMetric = db.prepare('INSERT INTO metrics (execution_id, metric_name, metric_value) VALUES (?, ?, ?)');
  const base = new Date(now).getTime();
  db.transaction(() => {
    for (const run of runs) {
      const start = toLocalIso(new Date(base - run.hoursAgo * 3600_000));
      const seconds = run.metrics['execution_time_seconds'] ?? 0;
      const id = insertRun.run(run.script, start, start, seconds).lastInsertRowid;
      for (const [name, value] of Object.entries(run.metrics)) insertMetric.run(id, name, value);
    }
  })();
  db.close();
  return { path, cleanup };
}

/** A duration series: `before` runs near `from` seconds, then `after` runs near `to`, one per hour up to now. */
export function stepRuns(
  script: string,
  from: number,
  to: number,
  before: number,
  after: number,
  endHoursAgo = 0,
): TestRun[] {
  const total = before + after;
  return Array.from({ length: total }, (_, i) => ({
    script,
    hoursAgo: endHoursAgo + (total - 1 - i),
    // A small deterministic wobble (±1.5 %) so the series is not constant.
    metrics: { execution_time_seconds: (i < before ? from : to) * (1 + (((i * 7) % 5) - 2) * 0.0075) },
  }));
}
