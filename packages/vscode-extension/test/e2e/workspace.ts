import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { FIXTURES } from '../loopback.js';

/** A temporary workspace: a copy of the history as `script_runner_history.db` and of `jobs/`. */
export interface TestWorkspace {
  root: string;
  folder: string;
  db: string;
  remove(): void;
}

/**
 * Makes the workspace the end-to-end test opens. Histories age but the view looks at the
 * last 30 days: when the fixture's newest run is older than that, the copy's run times are
 * moved forward by whole days (times of day, order and durations unchanged).
 */
export function makeWorkspace(): TestWorkspace {
  const root = mkdtempSync(join(tmpdir(), 'runner-dash-e2e-'));
  const folder = join(root, 'project');
  mkdirSync(join(folder, '.vscode'), { recursive: true });
  cpSync(join(FIXTURES, 'jobs'), join(folder, 'jobs'), { recursive: true });
  const db = join(folder, 'script_runner_history.db');
  cpSync(join(FIXTURES, 'python-script-runner-history.db'), db);
  keepRecent(db);
  writeFileSync(join(folder, '.vscode', 'settings.json'), JSON.stringify({ 'runnerDash.days': 30 }, null, 2));
  return { root, folder, db, remove: () => rmSync(root, { recursive: true, force: true }) };
}

function keepRecent(path: string): void {
  const db = new Database(path);
  try {
    const newest = db.prepare('SELECT max(start_time) FROM executions').pluck().get() as string;
    const ageDays = Math.floor((Date.now() - new Date(newest.slice(0, 19)).getTime()) / 86_400_000);
    if (ageDays < 7) return;
    const shift = (iso: string): string => {
      const [y, m, d] = iso.slice(0, 10).split('-').map(Number) as [number, number, number];
      const day = new Date(y, m - 1, d + ageDays);
      const date = `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
      return date + iso.slice(10);
    };
    const rows = db.prepare('SELECT id, start_time, end_time FROM executions').all() as Array<{
      id: number;
      start_time: string;
      end_time: string;
    }>;
    const update = db.prepare('UPDATE executions SET start_time = ?, end_time = ? WHERE id = ?');
    db.transaction(() => {
      for (const row of rows) update.run(shift(row.start_time), shift(row.end_time), row.id);
    })();
  } finally {
    db.close();
  }
}
