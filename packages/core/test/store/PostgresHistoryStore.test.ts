import assert from 'node:assert/strict';
import pg from 'pg';
import {
  isHistoryError,
  openHistory,
  openHistoryWriter,
  redactPostgresUrl,
  type ChangeCursor,
  type HistoryStore,
} from '../../src/index.js';
import { migrateHistory } from '../../src/store/migrateHistory.js';
import { FIXTURE_DB } from '../helpers/fixture.js';
import { createTempDatabase, pgTransaction, requirePostgres } from '../helpers/postgres.js';
import { historyStoreSuite } from './historyStoreSuite.js';

let fixture: { url: string; drop: () => Promise<void> } | undefined;
let baseUrl = '';

const INSERT_RUN = `INSERT INTO executions (script_path, start_time, end_time, execution_time_seconds, exit_code, success)
  VALUES ($1, '2026-11-28T03:00:00.000000', '2026-11-28T03:00:01.000000', 1.0, 0, true)`;

/** A new database holding the fixture's runs, copied with their ids (as `runner-dash migrate` does). */
async function fixtureDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const db = await createTempDatabase(baseUrl);
  await migrateHistory(FIXTURE_DB, db.url);
  return db;
}

historyStoreSuite('PostgresHistoryStore', {
  async setUp(ctx) {
    baseUrl = requirePostgres(ctx, 'the PostgreSQL store suite');
    fixture ??= await fixtureDatabase();
  },
  async tearDown() {
    await fixture?.drop();
    fixture = undefined;
  },
  openFixture: () => openHistory(fixture!.url),
  fixtureLocation: () => redactPostgresUrl(fixture!.url),
  async openCopy() {
    const db = await fixtureDatabase();
    const store = await openHistory(db.url);
    return {
      store,
      async commitRuns(scriptPaths) {
        await pgTransaction(db.url, async (client) => {
          for (const path of scriptPaths) await client.query(INSERT_RUN, [path]);
        });
      },
      async cleanup() {
        await store.close();
        await db.drop();
      },
    };
  },
});

describe('PostgresHistoryStore specifics', () => {
  let db: { url: string; drop: () => Promise<void> };
  let store: HistoryStore;
  before(async function () {
    baseUrl = requirePostgres(this, 'the PostgreSQL store specifics');
    db = await fixtureDatabase();
    store = await openHistory(db.url);
  });
  after(async () => {
    await store?.close();
    await db?.drop();
  });

  async function pollUntil(cursor: ChangeCursor, ids: number): Promise<{ ids: number[]; cursor: ChangeCursor }> {
    const seen: number[] = [];
    const until = Date.now() + 3000;
    while (seen.length < ids && Date.now() < until) {
      const changes = await store.pollChanges(cursor);
      cursor = changes.cursor;
      seen.push(...changes.executions.map((e) => e.id));
      if (seen.length < ids) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return { ids: seen, cursor };
  }

  it('reports a run committed after a later-numbered one, each exactly once', async () => {
    let cursor = (await store.pollChanges()).cursor;
    const first = new pg.Client({ connectionString: db.url });
    await first.connect();
    try {
      await first.query('BEGIN');
      const early = (await first.query<{ id: string }>(`${INSERT_RUN} RETURNING id`, ['early.py'])).rows[0]!.id;
      let late = 0;
      await pgTransaction(db.url, async (client) => {
        late = Number((await client.query<{ id: string }>(`${INSERT_RUN} RETURNING id`, ['late.py'])).rows[0]!.id);
      });
      const before = await pollUntil(cursor, 1);
      assert.deepEqual(before.ids, [late]);
      cursor = before.cursor;
      await first.query('COMMIT');
      const after = await pollUntil(cursor, 1);
      assert.deepEqual(after.ids, [Number(early)], 'the lower id committed last is not lost');
      assert.ok(Number(early) < late);
      const idle = await store.pollChanges(after.cursor);
      assert.deepEqual([idle.changed, idle.executions], [false, []]);
    } finally {
      await first.end();
    }
  });

  it('delivers a burst of 2,500 runs over several polls of at most 1,000, each run once', async () => {
    let cursor = (await store.pollChanges()).cursor;
    const writer = await openHistoryWriter(db.url);
    const runs = Array.from({ length: 2500 }, (_, i) => ({
      script_path: `burst/${i % 7}.py`,
      start_time: '2026-11-28T04:00:00.000000',
      end_time: '2026-11-28T04:00:01.000000',
      execution_time_seconds: 1,
      exit_code: 0,
      success: true,
      metrics: { execution_time_seconds: 1 },
    }));
    await writer.recordMany(runs, { batchSize: 2500 });
    await writer.close();
    const sizes: number[] = [];
    const seen: number[] = [];
    const until = Date.now() + 5000;
    while (seen.length < 2500 && Date.now() < until) {
      const changes = await store.pollChanges(cursor);
      cursor = changes.cursor;
      if (changes.executions.length) sizes.push(changes.executions.length);
      seen.push(...changes.executions.map((e) => e.id));
      // An unchanged poll answers without I/O: give the listener's socket a turn.
      if (!changes.changed) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.deepEqual(sizes, [1000, 1000, 500]);
    assert.equal(new Set(seen).size, 2500);
    assert.deepEqual(
      seen,
      [...seen].sort((a, b) => a - b),
    );
    assert.equal(cursor.maxExecutionId, seen.at(-1));
  });

  it('hides the password of the URL it reports; sessions opened read-only as the store opens them refuse writes', async () => {
    const withPassword = new URL(db.url);
    withPassword.password = 'sekret';
    assert.equal(redactPostgresUrl(withPassword.toString()).includes('sekret'), false);
    assert.match(redactPostgresUrl(withPassword.toString()), /:\*\*\*@/);
    await assert.rejects(
      pgTransaction(`${db.url}?options=-c%20default_transaction_read_only%3Don`, async (client) => {
        await client.query(INSERT_RUN, ['nope.py']);
      }),
      /read-only transaction/,
    );
  });

  it('refuses a database without history tables, naming the command that creates them', async () => {
    const empty = await createTempDatabase(baseUrl);
    try {
      await assert.rejects(openHistory(empty.url), (err: unknown) => {
        assert.ok(isHistoryError(err), String(err));
        assert.equal(err.code, 'not-history');
        assert.match(err.message, /runner-dash db init --db postgres:\/\//);
        return true;
      });
    } finally {
      await empty.drop();
    }
  });

  it('says a database is missing or a server unreachable, without a stack of driver internals', async () => {
    const missing = new URL(baseUrl);
    missing.pathname = '/no_such_database_here';
    await assert.rejects(openHistory(missing.toString()), (err: unknown) => {
      assert.ok(isHistoryError(err), String(err));
      assert.equal(err.code, 'missing');
      assert.match(err.message, /does not exist/);
      return true;
    });
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    await assert.rejects(openHistory('postgres://someone:pw@127.0.0.1:1/history'), (err: unknown) => {
      assert.ok(isHistoryError(err), String(err));
      assert.equal(err.code, 'unreadable');
      assert.match(err.message, /cannot reach PostgreSQL at postgres:\/\/someone:\*\*\*@127\.0\.0\.1:1\/history/);
      return true;
    });
  });
});
