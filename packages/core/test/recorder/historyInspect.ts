import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';

/**
 * Everything that makes up a database's schema, comparable with deepStrictEqual:
 * sqlite_master (with whitespace-normalised SQL: runner.py indents its DDL), every table's
 * columns, foreign keys and indexes, and every index's columns with their sort order.
 */
export function schemaSnapshot(path: string): unknown {
  const db = new Database(path, { readonly: true });
  try {
    const master = db
      .prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
      .all() as Array<{ type: string; name: string; tbl_name: string; sql: string | null }>;
    const tables = master.filter((m) => m.type === 'table').map((m) => m.name);
    return {
      master: master.map((m) => ({ ...m, sql: m.sql?.replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')') })),
      tables: Object.fromEntries(
        tables.map((t) => [
          t,
          {
            columns: db.pragma(`table_info(${t})`),
            foreignKeys: db.pragma(`foreign_key_list(${t})`),
            indexes: (db.pragma(`index_list(${t})`) as Array<{ name: string }>)
              .sort((a, b) => a.name.localeCompare(b.name))
              .map((index) => ({ ...index, columns: db.pragma(`index_xinfo(${index.name})`) })),
          },
        ]),
      ),
    };
  } finally {
    db.close();
  }
}

/** One execution row with its metrics as a name → value map. */
export function readRun(path: string, id: number): { row: Record<string, unknown>; metrics: Record<string, number> } {
  const db = new Database(path, { readonly: true });
  try {
    const row = db.prepare('SELECT * FROM executions WHERE id = ?').get(id) as Record<string, unknown>;
    const metrics = Object.fromEntries(
      (
        db.prepare('SELECT metric_name, metric_value FROM metrics WHERE execution_id = ?').all(id) as Array<{
          metric_name: string;
          metric_value: number;
        }>
      ).map((m) => [m.metric_name, m.metric_value]),
    );
    return { row, metrics };
  } finally {
    db.close();
  }
}

/** Runs a read-only query on a history file and returns all rows. */
export function query<T = Record<string, unknown>>(path: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** True while `pid` is a live process (a zombie waiting for its parent counts as dead). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return process.platform !== 'linux';
  }
}

/** Polls `condition` every 20 ms until it holds; rejects after `timeoutMs`. */
export async function waitFor(condition: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A stream that keeps what is written to it, with the time each chunk arrived. */
export class CapturedStream extends Writable {
  readonly chunks: Array<{ at: number; text: string }> = [];

  get text(): string {
    return this.chunks.map((c) => c.text).join('');
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.chunks.push({ at: Date.now(), text: chunk.toString('utf8') });
    callback();
  }
}
