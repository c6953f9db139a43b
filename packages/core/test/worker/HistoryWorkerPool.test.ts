import assert from 'node:assert/strict';
import { copyFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import {
  HistoryError,
  HistoryWorkerPool,
  inProcessAnalyses,
  isHistoryError,
  openHistory,
  type HistoryStore,
} from '../../src/index.js';
import { FIXTURE_DB, FIXTURE_NOW, fixtureCopy, tempDir } from '../helpers/fixture.js';
import { bigHistory } from './bigHistory.js';
import { insertRun } from './insertRun.js';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  assert.fail('expected the call to fail');
}

describe('HistoryWorkerPool', () => {
  describe('over a copy of the runner.py fixture', () => {
    let copy: ReturnType<typeof fixtureCopy>;
    let store: HistoryStore;
    let pool: HistoryWorkerPool;
    before(async () => {
      copy = fixtureCopy();
      store = await openHistory(copy.path);
      pool = new HistoryWorkerPool(copy.path, { size: 2 });
    });
    after(async () => {
      await pool.close();
      await store.close();
      copy.cleanup();
    });

    it('answers every analysis exactly as the same call in-process', async () => {
      const local = inProcessAnalyses(store);
      const now = FIXTURE_NOW;
      const script = 'jobs/slow_growing.py';
      const calls: Array<[string, () => Promise<unknown>, () => Promise<unknown>]> = [
        [
          'aggregateMetrics',
          () => pool.aggregateMetrics({ days: 30, now }),
          () => local.aggregateMetrics({ days: 30, now }),
        ],
        [
          'aggregateMetrics latest',
          () => pool.aggregateMetrics({ scriptPath: script, latest: 5 }),
          () => local.aggregateMetrics({ scriptPath: script, latest: 5 }),
        ],
        [
          'analyzeTrend',
          () => pool.analyzeTrend({ scriptPath: script, metricName: 'execution_time_seconds', now }),
          () => local.analyzeTrend({ scriptPath: script, metricName: 'execution_time_seconds', now }),
        ],
        [
          'computeBaseline',
          () => pool.computeBaseline({ scriptPath: script, metricName: 'execution_time_seconds', now }),
          () => local.computeBaseline({ scriptPath: script, metricName: 'execution_time_seconds', now }),
        ],
        [
          'computeBaseline time-based',
          () => pool.computeBaseline({ metricName: 'cpu_max', method: 'time-based', now }),
          () => local.computeBaseline({ metricName: 'cpu_max', method: 'time-based', now }),
        ],
        ['findRegressions', () => pool.findRegressions({ now }), () => local.findRegressions({ now })],
        ['databaseStats', () => pool.databaseStats(), () => local.databaseStats()],
        [
          'executionStatistics',
          () => pool.executionStatistics({ days: 7, now }),
          () => local.executionStatistics({ days: 7, now }),
        ],
        [
          'performanceStats',
          () => pool.performanceStats({ metricName: 'memory_max_mb', now, days: 30 }),
          () => local.performanceStats({ metricName: 'memory_max_mb', now, days: 30 }),
        ],
      ];
      for (const [name, inWorker, inProcess] of calls) assert.deepEqual(await inWorker(), await inProcess(), name);
      const trend = await pool.analyzeTrend({ scriptPath: script, metricName: 'execution_time_seconds', now });
      assert.ok('data_points' in trend && trend.data_points > 0, 'the trend is over real runs');
    });

    it('streams the CSV export byte for byte as in-process, and stops early when the reader does', async () => {
      const collect = async (chunks: AsyncIterable<string>): Promise<string> => {
        let text = '';
        for await (const chunk of chunks) text += chunk;
        return text;
      };
      const query = { days: 30, now: FIXTURE_NOW };
      const inWorker = await collect(pool.exportCsv(query, { chunkSize: 512 }));
      assert.equal(inWorker, await collect(inProcessAnalyses(store).exportCsv(query, { chunkSize: 512 })));
      assert.equal(inWorker.trimEnd().split('\r\n').length, 41, 'a header and the 40 runs');
      // A reader that stops after one chunk; the export after it is whole again.
      for await (const chunk of pool.exportCsv(query, { chunkSize: 512 })) {
        assert.ok(chunk.startsWith('id,script_path,'));
        break;
      }
      assert.equal(await collect(pool.exportCsv(query, { chunkSize: 512 })), inWorker);
    });

    it('keeps the error classes: a bad method is a RangeError, as in-process', async () => {
      const err = await rejection(
        pool.computeBaseline({ metricName: 'execution_time_seconds', method: 'bogus' as 'iqr', now: FIXTURE_NOW }),
      );
      assert.ok(err instanceof RangeError, String(err));
      assert.match(err.message, /unknown method 'bogus'/);
    });

    it('sees a run committed by another connection in its next answer', async () => {
      const query = { scriptPath: 'jobs/new.py', days: 30, now: FIXTURE_NOW };
      assert.deepEqual(await pool.aggregateMetrics(query), {});
      insertRun(copy.path, 'jobs/new.py', '2026-11-28T01:59:00.000000', 2.5);
      const after = await pool.aggregateMetrics(query);
      assert.equal(after['execution_time_seconds']!.count, 1);
      assert.equal(after['execution_time_seconds']!.avg, 2.5);
    });
  });

  it('reports a missing file as a HistoryError and answers again once a history is back', async () => {
    const { dir, cleanup } = tempDir();
    const path = join(dir, 'history.db');
    const pool = new HistoryWorkerPool(path, { size: 1 });
    try {
      const err = await rejection(pool.databaseStats());
      assert.ok(isHistoryError(err) && err instanceof HistoryError, String(err));
      assert.equal(err.code, 'missing');
      assert.match(err.message, /does not exist/);
      copyFileSync(FIXTURE_DB, join(dir, 'incoming.db'));
      renameSync(join(dir, 'incoming.db'), path);
      assert.equal((await pool.databaseStats()).total_executions, 40);
    } finally {
      await pool.close();
      cleanup();
    }
  });

  it('rejects calls after close() as closed, and close() ends the threads', async () => {
    const copy = fixtureCopy();
    const pool = new HistoryWorkerPool(copy.path, { size: 1 });
    try {
      assert.equal((await pool.databaseStats()).total_executions, 40);
      await pool.close();
      const err = await rejection(pool.databaseStats());
      assert.ok(isHistoryError(err));
      assert.equal(err.code, 'closed');
    } finally {
      copy.cleanup();
    }
  });

  it('keeps the calling event loop turning while it aggregates a large history', async function () {
    this.timeout(60_000);
    const now = '2026-11-28T02:00:00';
    const history = bigHistory(now, 6000);
    const pool = new HistoryWorkerPool(history.path, { size: 1 });
    const store = await openHistory(history.path);
    try {
      await pool.databaseStats(); // the thread is up and its connection open
      const query = { days: 30, now };
      // In-process, the event loop does not turn once during the synchronous aggregation…
      let ticks = 0;
      const timer = setInterval(() => ticks++, 1);
      const started = performance.now();
      const expected = await inProcessAnalyses(store).aggregateMetrics(query);
      const inProcessMs = performance.now() - started;
      const ticksInProcess = ticks;
      // …in a worker it keeps turning while the same work happens elsewhere.
      ticks = 0;
      const answer = await pool.aggregateMetrics(query);
      clearInterval(timer);
      assert.deepEqual(answer, expected);
      assert.equal(answer['metric_32']!.count, 6000);
      assert.ok(ticksInProcess <= 1, `in-process: ${ticksInProcess} ticks in ${inProcessMs.toFixed(0)} ms`);
      assert.ok(
        ticks >= 3,
        `worker: only ${ticks} ticks while it computed (in-process took ${inProcessMs.toFixed(0)} ms)`,
      );
    } finally {
      await pool.close();
      await store.close();
      history.cleanup();
    }
  });
});
