import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  isHistoryError,
  openHistory,
  openHistoryWriter,
  type HistoryStore,
  type HistoryWriterLike,
  type NewExecution,
} from '../../src/index.js';
import { tempDir } from '../helpers/fixture.js';
import { createTempDatabase, requirePostgres } from '../helpers/postgres.js';
import { query } from '../recorder/historyInspect.js';

const run = (overrides: Partial<NewExecution> = {}): NewExecution => ({
  script_path: 'jobs/nightly.py',
  start_time: '2026-11-20T01:00:00.000000',
  end_time: '2026-11-20T01:00:02.500000',
  execution_time_seconds: 2.5,
  exit_code: 0,
  success: true,
  created_at: '2026-11-20 00:00:02',
  metrics: { execution_time_seconds: 2.5, cpu_max: 40 },
  ...overrides,
});

interface Target {
  location: string;
  cleanup(): Promise<void>;
}

/** The same behaviour from both writers behind openHistoryWriter. */
function writerSuite(name: string, makeTarget: (ctx: Mocha.Context) => Promise<Target>): void {
  describe(`HistoryWriterLike on ${name}`, () => {
    let target: Target;
    let writer: HistoryWriterLike;
    let store: HistoryStore;
    beforeEach(async function () {
      target = await makeTarget(this);
      writer = await openHistoryWriter(target.location);
      store = await openHistory(target.location);
    });
    afterEach(async () => {
      await writer?.close();
      await store?.close();
      await target?.cleanup();
    });

    it('writes a run with its metrics and alerts and reads it back the same', async () => {
      const id = await writer.record(
        run({ alerts: [{ alert_name: 'slow', severity: 'WARNING', condition: 'x > 2' }] }),
      );
      const back = await store.getExecution(id);
      assert.ok(back);
      assert.deepEqual(
        [back.script_path, back.script_args, back.start_time, back.created_at, back.success, back.attempt_number],
        ['jobs/nightly.py', '[]', '2026-11-20T01:00:00.000000', '2026-11-20 00:00:02', true, 1],
      );
      assert.deepEqual(back.metrics, { execution_time_seconds: 2.5, cpu_max: 40 });
      assert.deepEqual(
        back.alerts.map((a) => [a.execution_id, a.alert_name, a.severity, a.condition]),
        [[id, 'slow', 'WARNING', 'x > 2']],
      );
    });

    it('records a keyed run once: a retry, even from another writer, answers the first id', async () => {
      const [first, again] = await writer.recordBatch([
        run({ idempotency_key: 'host-a/42' }),
        run({ idempotency_key: 'host-a/42' }),
      ]);
      assert.deepEqual(again, { id: first!.id, duplicate: true });
      assert.equal(first!.duplicate, false);
      const other = await openHistoryWriter(target.location);
      try {
        assert.equal(await other.record(run({ idempotency_key: 'host-a/42', exit_code: 1 })), first!.id);
        const bulk = await other.recordMany([run({ idempotency_key: 'host-a/42' }), run({ idempotency_key: 'b' })]);
        assert.deepEqual(bulk, { executions: 1, metrics: 2, alerts: 0, duplicates: 1 });
      } finally {
        await other.close();
      }
      assert.equal((await store.listExecutions()).total, 2);
    });

    it('writes a batch all or none, naming the bad field of a bad run', async () => {
      await assert.rejects(
        writer.recordBatch([run({ idempotency_key: 'ok' }), run({ exit_code: 1.5 })]),
        /exit_code must be an integer/,
      );
      await assert.rejects(writer.record(run({ idempotency_key: '' })), /idempotency_key must be a string of 1 to 200/);
      assert.equal((await store.listExecutions()).total, 0);
      assert.equal((await writer.recordBatch([run({ idempotency_key: 'ok' })]))[0]!.duplicate, false);
    });

    it('prunes old runs with their metrics and keys, so a pruned key may be recorded again', async () => {
      const old = await writer.record(run({ idempotency_key: 'old' }));
      await writer.record(run({ start_time: '2026-11-27T01:00:00.000000' }));
      const removed = await writer.pruneOlderThan(3, '2026-11-28T02:00:00');
      assert.deepEqual(removed, { executions: 1, metrics: 2, alerts: 0, before: '2026-11-25T02:00:00.000000' });
      assert.equal(await store.getExecution(old), undefined);
      const [again] = await writer.recordBatch([run({ idempotency_key: 'old' })]);
      assert.equal(again!.duplicate, false);
      assert.notEqual(again!.id, old);
    });

    it('reads runs from an asynchronous source in batches and refuses use after close', async () => {
      async function* runs(): AsyncGenerator<NewExecution> {
        for (let i = 0; i < 5; i++) yield run({ exit_code: i });
      }
      assert.deepEqual(await writer.recordMany(runs(), { batchSize: 2 }), {
        executions: 5,
        metrics: 10,
        alerts: 0,
        duplicates: 0,
      });
      await writer.close();
      await assert.rejects(writer.record(run()), (err: unknown) => isHistoryError(err) && err.code === 'closed');
    });
  });
}

writerSuite('a SQLite file', async () => {
  const { dir, cleanup } = tempDir();
  return { location: join(dir, 'history.db'), cleanup: async () => cleanup() };
});

writerSuite('PostgreSQL', async (ctx) => {
  const db = await createTempDatabase(requirePostgres(ctx, 'the PostgreSQL writer suite'));
  return { location: db.url, cleanup: db.drop };
});

describe('SQLite idempotency keys', () => {
  it('live in runner_dash_ingest_keys, created only once a keyed run is written', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const path = join(dir, 'h.db');
      const tables = () =>
        query<{ name: string }>(
          path,
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        ).map((r) => r.name);
      const writer = await openHistoryWriter(path);
      await writer.record(run());
      assert.deepEqual(
        tables(),
        ['alerts', 'executions', 'metrics'],
        'an unkeyed run leaves runner.py’s schema as it is',
      );
      const id = await writer.record(run({ idempotency_key: 'k' }));
      await writer.close();
      assert.deepEqual(tables(), ['alerts', 'executions', 'metrics', 'runner_dash_ingest_keys']);
      assert.deepEqual(query(path, 'SELECT key, execution_id FROM runner_dash_ingest_keys'), [
        { key: 'k', execution_id: id },
      ]);
    } finally {
      cleanup();
    }
  });
});
