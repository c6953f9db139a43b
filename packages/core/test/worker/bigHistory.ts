import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createSchema } from '../../src/store/createSchema.js';
import { tempDir } from '../helpers/fixture.js';

/**
 * A history of `runs` runs × `metrics` metrics spread over the last 20 days before `now`,
 * written by SQL alone (a fraction of a second for 100,000 rows): big enough that
 * aggregating it takes a noticeable while.
 */
export function bigHistory(now: string, runs: number, metrics = 33): { path: string; cleanup: () => void } {
  const { dir, cleanup } = tempDir('runner-dash-big-');
  const path = join(dir, 'history.db');
  const db = new Database(path);
  try {
    createSchema(db);
    db.transaction(() => {
      db.prepare(
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @runs)
         INSERT INTO executions (script_path, script_args, start_time, end_time, execution_time_seconds, exit_code, success)
         SELECT 'job' || (i % 7) || '.py', '[]',
                strftime('%Y-%m-%dT%H:%M:%f000', @now, '-' || ((@runs - i) * 20 * 86400 / @runs) || ' seconds'),
                strftime('%Y-%m-%dT%H:%M:%f000', @now, '-' || ((@runs - i) * 20 * 86400 / @runs) || ' seconds'),
                1 + (i * 7919 % 1000) / 1000.0, 0, 1
         FROM n`,
      ).run({ runs, now });
      db.prepare(
        `WITH RECURSIVE k(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM k WHERE j < @last)
         INSERT INTO metrics (execution_id, metric_name, metric_value)
         SELECT e.id, CASE k.j WHEN 0 THEN 'execution_time_seconds' ELSE 'metric_' || k.j END,
                CASE k.j WHEN 0 THEN e.execution_time_seconds ELSE (e.id * 31 + k.j * 17) % 1009 / 7.0 END
         FROM executions e CROSS JOIN k ORDER BY e.id, k.j`,
      ).run({ last: metrics - 1 });
    })();
  } finally {
    db.close();
  }
  return { path, cleanup };
}
