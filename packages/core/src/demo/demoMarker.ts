import { closeSync, openSync, readSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';

/**
 * The SQLite `application_id` stamped on generated demo histories ('RDem'). It lives in the
 * file header, so a demo is recognised without touching runner.py's tables, and `runner-dash
 * demo` can refuse to overwrite a real history.
 */
export const DEMO_APPLICATION_ID = 0x5244656d;

/** What lies at a path the demo would write to. */
export type DemoTargetState = 'absent' | 'empty' | 'demo' | 'other';

const SQLITE_MAGIC = 'SQLite format 3\0';

function readHeader(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(16);
    return buf.subarray(0, readSync(fd, buf, 0, 16, 0)).toString('latin1');
  } finally {
    closeSync(fd);
  }
}

/** Stamps a freshly written demo database as a demo. */
export function markDemoDatabase(path: string): void {
  const db = new Database(path);
  try {
    db.pragma(`application_id = ${DEMO_APPLICATION_ID}`);
  } finally {
    db.close();
  }
}

/**
 * Classifies an existing file: absent, empty (0 bytes, or SQLite without a single run),
 * a runner-dash demo, or something else — which must not be overwritten without --force.
 */
export function inspectDemoTarget(path: string): DemoTargetState {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) return 'other';
    size = stat.size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    return 'other';
  }
  if (size === 0) return 'empty';
  try {
    if (readHeader(path) !== SQLITE_MAGIC) return 'other';
  } catch {
    return 'other';
  }
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    if (db.pragma('application_id', { simple: true }) === DEMO_APPLICATION_ID) return 'demo';
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .pluck()
      .all() as string[];
    const historyTables = new Set(['executions', 'metrics', 'alerts']);
    if (tables.some((t) => !historyTables.has(t))) return 'other';
    for (const t of tables) if (db.prepare(`SELECT EXISTS (SELECT 1 FROM "${t}")`).pluck().get() === 1) return 'other';
    return 'empty';
  } catch {
    return 'other';
  } finally {
    db?.close();
  }
}
