import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startFixtureServer, type FixtureServer } from '../fixtureServer.js';

/** How long the server lets a read wait for a lock in this test. */
const BUSY_WAIT_MS = 600;

// runner.py's own module: a rollback-journal writer that takes the exclusive lock and sits on it.
const HOLD_LOCK = `
import sqlite3, sys, time
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute('BEGIN EXCLUSIVE')
print('locked', flush=True)
sys.stdin.readline()
con.execute('ROLLBACK')
print('released', flush=True)
`;

function lockHolder(dbPath: string): { child: ChildProcess; said: (word: string) => Promise<void> } {
  const child = spawn('python3', ['-c', HOLD_LOCK, dbPath], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  const said = (word: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the lock holder never said ${word}: ${out}`)), 10_000);
      const check = (): void => {
        if (!out.includes(word)) return;
        clearTimeout(timer);
        child.stdout!.off('data', check);
        resolve();
      };
      child.stdout!.on('data', check);
      check();
    });
  return { child, said };
}

async function timed(server: FixtureServer, path: string): Promise<{ status: number; ms: number; detail?: string }> {
  const started = performance.now();
  const res = await server.get(path);
  const body = (await res.json()) as { detail?: string };
  return { status: res.status, ms: performance.now() - started, detail: body.detail };
}

describe('faults: another process holds the write lock for long', () => {
  let server: FixtureServer;
  let holder: ReturnType<typeof lockHolder> | undefined;
  before(async () => {
    server = await startFixtureServer({ busyWaitMs: BUSY_WAIT_MS, pollIntervalMs: 50 });
  });
  after(async () => {
    holder?.child.kill();
    await server.stop();
  });

  it('answers the blocked reads 503 after the bounded wait while other requests and the event loop go on', async () => {
    // Answered before the lock: the cache may serve it meanwhile, as nothing was committed.
    assert.equal((await timed(server, 'api/scripts')).status, 200);
    assert.equal((await timed(server, 'api/openapi.json')).status, 200);
    holder = lockHolder(server.dbPath);
    await holder.said('locked');

    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    // Eight different uncached reads at once, each waiting for the lock.
    const blocked = Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((n) => timed(server, `api/executions?limit=${n}`)));
    const health = timed(server, 'api/health');
    // Meanwhile, what does not need the locked file keeps answering quickly.
    const others: number[] = [];
    const until = Date.now() + BUSY_WAIT_MS;
    while (Date.now() < until) {
      for (const path of ['api/openapi.json', 'api/scripts']) {
        const other = await timed(server, path);
        assert.equal(other.status, 200, path);
        others.push(other.ms);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    const answers = await blocked;
    loop.disable();

    for (const a of answers) {
      assert.equal(a.status, 503);
      assert.match(a.detail!, /history\.db is locked by another process for too long; try again in a moment/);
      assert.ok(a.ms >= BUSY_WAIT_MS - 20, `waited the bounded time (${a.ms.toFixed(0)} ms)`);
      assert.ok(a.ms < BUSY_WAIT_MS + 1500, `and not much longer (${a.ms.toFixed(0)} ms)`);
    }
    const healthAnswer = await health;
    assert.equal(healthAnswer.status, 503, 'health reports the database unusable while locked');
    assert.ok(others.length >= 10, `other requests were served meanwhile (${others.length})`);
    const sorted = [...others].sort((a, b) => a - b);
    const median = sorted[sorted.length >> 1]!;
    assert.ok(median < 50, `typically at once (median ${median.toFixed(0)} ms)`);
    assert.ok(sorted.at(-1)! < 250, `and never stuck behind the wait (slowest ${sorted.at(-1)!.toFixed(0)} ms)`);
    const maxLagMs = loop.max / 1e6;
    assert.ok(maxLagMs < 100, `the event loop never stalled for the wait (max delay ${maxLagMs.toFixed(0)} ms)`);

    holder.child.stdin!.write('\n');
    await holder.said('released');
    const after = await timed(server, 'api/executions?limit=8');
    assert.equal(after.status, 200, 'reads work again once the lock is gone');
    assert.equal((await timed(server, 'api/health')).status, 200);
  });
});
