import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { openHistory } from '../../src/index.js';
import { fixtureCopy } from '../helpers/fixture.js';
import { runUnprivileged } from '../helpers/runUnprivileged.js';

const READER = fileURLToPath(new URL('../helpers/readHistoryChild.ts', import.meta.url));
const sha = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

// A WAL-mode writer with Python's sqlite3 (as a newer runner.py configured for WAL would be):
// `runs` runs, each one transaction of an executions row and its metrics, then it waits for
// a line on stdin before closing, so its -wal and -shm files stay in place meanwhile.
const WAL_WRITER = `
import sqlite3, sys, time
con = sqlite3.connect(sys.argv[1], isolation_level=None)
print(con.execute('PRAGMA journal_mode=WAL').fetchone()[0], flush=True)
for i in range(int(sys.argv[2])):
    con.execute('BEGIN IMMEDIATE')
    cur = con.execute(
        "INSERT INTO executions (script_path, start_time, end_time, execution_time_seconds, exit_code, success)"
        " VALUES (?, ?, ?, ?, 0, 1)",
        ('jobs/wal_%d.py' % i, '2026-11-28T03:00:%02d.000000' % i, '2026-11-28T03:00:%02d.500000' % i, 0.5))
    for name, value in (('execution_time_seconds', 0.5), ('cpu_max', 10.0 + i), ('memory_max_mb', 20.0)):
        con.execute('INSERT INTO metrics (execution_id, metric_name, metric_value) VALUES (?, ?, ?)',
                    (cur.lastrowid, name, value))
    con.execute('COMMIT')
    time.sleep(0.02)
print('written', flush=True)
sys.stdin.readline()
con.close()
`;

function walWriter(
  path: string,
  runs: number,
): { said: (word: string) => Promise<void>; finish: () => Promise<number> } {
  const child = spawn('python3', ['-c', WAL_WRITER, path, String(runs)], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? -1)));
  return {
    said: async (word) => {
      const deadline = Date.now() + 10_000;
      while (!out.includes(word)) {
        if (Date.now() > deadline) throw new Error(`the WAL writer never said ${word}: ${out}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    finish: () => {
      child.stdin.end('\n');
      return exited;
    },
  };
}

function journalMode(path: string): string {
  const db = new Database(path, { readonly: true });
  try {
    return db.pragma('journal_mode', { simple: true }) as string;
  } finally {
    db.close();
  }
}

describe('openHistory on real files as other programs leave them', () => {
  it('follows a WAL-mode history while another process writes to it, and leaves it in WAL mode', async () => {
    const copy = fixtureCopy();
    const store = await openHistory(copy.path, { reopen: true });
    try {
      let cursor = (await store.pollChanges()).cursor;
      const writer = walWriter(copy.path, 20);
      await writer.said('wal');
      const seen: number[] = [];
      // Reading all along while the writer commits: every run arrives exactly once, in order.
      for (let written = false; !written || seen.length < 20;) {
        const changes = await store.pollChanges(cursor);
        assert.equal(changes.reset, undefined);
        cursor = changes.cursor;
        seen.push(...changes.executions.map((e) => e.id));
        written ||= seen.length >= 20;
        await new Promise((r) => setTimeout(r, 15));
      }
      await writer.said('written');
      assert.deepEqual(
        seen,
        Array.from({ length: 20 }, (_, i) => 41 + i),
      );
      const run = await store.getExecution(60);
      assert.deepEqual(run?.metrics, { execution_time_seconds: 0.5, cpu_max: 29, memory_max_mb: 20 });
      assert.equal((await store.listExecutions()).total, 60);
      assert.equal(await writer.finish(), 0);
      assert.equal(journalMode(copy.path), 'wal', 'the reader never changes the journal mode');
    } finally {
      await store.close();
      copy.cleanup();
    }
  });

  it("leaves a rollback-journal history (runner.py's mode) in rollback mode after reading it", async () => {
    const copy = fixtureCopy();
    const store = await openHistory(copy.path, { reopen: true });
    await store.listScripts();
    await store.pollChanges();
    await store.close();
    assert.equal(journalMode(copy.path), 'delete');
    copy.cleanup();
  });

  it('reads a read-only file in a read-only folder without creating anything next to it', async () => {
    const copy = fixtureCopy();
    const hash = sha(copy.path);
    chmodSync(copy.path, 0o444);
    chmodSync(copy.dir, 0o555);
    try {
      const out = JSON.parse(await runUnprivileged(READER, [copy.path])) as Record<string, unknown>;
      assert.deepEqual(out, { total: 40, newest: 'jobs/hangs.py', metrics: 1268, maxExecutionId: 40 });
      assert.deepEqual(readdirSync(copy.dir), ['history.db'], 'no journal or lock file was left behind');
      assert.equal(sha(copy.path), hash);
    } finally {
      chmodSync(copy.dir, 0o755);
      copy.cleanup();
    }
  });

  it('reads a WAL-mode history in a read-only folder while its writer keeps it open', async () => {
    const copy = fixtureCopy();
    const writer = walWriter(copy.path, 3);
    try {
      await writer.said('written');
      for (const name of readdirSync(copy.dir)) chmodSync(`${copy.dir}/${name}`, 0o444);
      chmodSync(copy.dir, 0o555);
      const out = JSON.parse(await runUnprivileged(READER, [copy.path])) as Record<string, unknown>;
      assert.deepEqual(out, { total: 43, newest: 'jobs/wal_2.py', metrics: 1277, maxExecutionId: 43 });
    } finally {
      chmodSync(copy.dir, 0o755);
      for (const name of readdirSync(copy.dir)) chmodSync(`${copy.dir}/${name}`, 0o644);
      assert.equal(await writer.finish(), 0);
      copy.cleanup();
    }
  });

  it('reads a newer runner.py history with unknown columns, tables, indexes and views, its new runs included', async () => {
    const copy = fixtureCopy();
    const db = new Database(copy.path);
    db.exec(`
      ALTER TABLE executions ADD COLUMN hostname TEXT DEFAULT 'ci-7';
      ALTER TABLE executions ADD COLUMN git_sha TEXT;
      ALTER TABLE metrics ADD COLUMN unit TEXT;
      CREATE TABLE run_tags (id INTEGER PRIMARY KEY, execution_id INTEGER REFERENCES executions(id), tag TEXT NOT NULL);
      CREATE INDEX idx_run_tags ON run_tags(tag);
      CREATE VIEW recent_failures AS SELECT id, script_path FROM executions WHERE success = 0;
      INSERT INTO executions (script_path, start_time, end_time, execution_time_seconds, exit_code, success, hostname, git_sha)
        VALUES ('jobs/new.py', '2026-11-28T01:59:00.000000', '2026-11-28T01:59:02.000000', 2.0, 0, 1, 'ci-9', 'abc123');
      INSERT INTO metrics (execution_id, metric_name, metric_value, unit) VALUES (41, 'execution_time_seconds', 2.0, 's');
      INSERT INTO metrics (execution_id, metric_name, metric_value, unit) VALUES (41, 'gpu_memory_mb', 512.0, 'MiB');
      INSERT INTO run_tags (execution_id, tag) VALUES (41, 'nightly');
    `);
    db.close();
    const store = await openHistory(copy.path, { reopen: true });
    try {
      assert.equal((await store.listExecutions()).total, 41);
      const run = await store.getExecution(41);
      assert.equal(run?.script_path, 'jobs/new.py');
      assert.deepEqual(run?.metrics, { execution_time_seconds: 2, gpu_memory_mb: 512 });
      assert.ok((await store.availableMetrics()).includes('gpu_memory_mb'));
      assert.deepEqual(
        (
          await store.metricSeries({
            scriptPath: 'jobs/new.py',
            metricName: 'execution_time_seconds',
            days: 1,
            now: '2026-11-28T02:00:00',
          })
        ).map((p) => p.value),
        [2],
      );
      assert.equal((await store.listScripts())[0]?.path, 'jobs/new.py');
      let exported = 0;
      for await (const row of store.exportRows()) exported += row.execution.id === 41 ? 1 : 0;
      assert.equal(exported, 1);
      assert.equal((await store.databaseStats()).total_metrics, 1270);
    } finally {
      await store.close();
      copy.cleanup();
    }
  });
});
