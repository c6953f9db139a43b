import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_STEP_FACTOR, DEMO_STEP_SCRIPT, generateDemoHistory, type DemoSummary } from '@runner-dash/core';
import { silentLogger, startServer, type RunningServer } from '../../src/index.js';

type Json = Record<string, unknown>;
const NOW = '2026-11-28T02:00:00';

describe('the trend route on the demo history (acceptance 3 of issue 6)', () => {
  let dir: string;
  let summary: DemoSummary;
  let server: RunningServer;
  const getJson = async (path: string): Promise<Json> => {
    const res = await fetch(new URL(path, server.url));
    assert.equal(res.status, 200, path);
    return (await res.json()) as Json;
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'runner-dash-demo-change-'));
    // The demo's defaults (3,000 runs, seed 42), with "now" pinned: the step script runs about
    // 330 times in the last 30 days, and its step lies 15 days back, in the middle of them.
    summary = generateDemoHistory(join(dir, 'demo.db'), { now: NOW });
    server = await startServer({ dbPath: summary.path, host: '127.0.0.1', port: 0, now: NOW, log: silentLogger });
  });
  after(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("puts a confirmed +30 % regression at the run where the demo planted the step script's step (±2 runs)", async () => {
    assert.ok(summary.step, 'the demo plants a step');
    assert.equal(summary.step.script_path, DEMO_STEP_SCRIPT);
    const query = `script_path=${encodeURIComponent(DEMO_STEP_SCRIPT)}&metric_name=execution_time_seconds&days=30`;
    const history = (await getJson(`api/metrics/history?${query}`)) as {
      data: Array<{ execution_id: number; timestamp: string }>;
    };
    const planted = history.data.findIndex((p) => p.timestamp === summary.step!.start_time);
    assert.ok(planted > 0, `the planted run ${summary.step.start_time} is in the 30-day window`);

    const trend = await getJson(`api/analysis/trend?${query}`);
    assert.equal(trend.data_points, history.data.length);
    const points = trend.change_points as Array<Json & { before: Json; after: Json }>;
    const confirmed = points.filter((p) => p.confidence === 'confirmed');
    assert.equal(confirmed.length, 1, JSON.stringify(points));
    const [change] = confirmed as [Json & { before: Json; after: Json }];
    // Within 2 runs of the planted one: over demo seeds 1-40 the detector put the step exactly
    // there 35 times, one run off 4 times and two runs off once. With this seed it is one run
    // late: the planted run took 45.1 s, a low draw of the new level (median ≈ 54.6 s) that
    // sits nearer the old one (42 s), so the best split of the data falls after it.
    const index = change.index as number;
    assert.ok(Math.abs(index - planted) <= 2, `found at run ${index}, planted at run ${planted}`);
    assert.equal(change.execution_id, history.data[index]!.execution_id);
    assert.equal(change.start_time, history.data[index]!.timestamp);
    assert.equal(change.direction, 'regression');
    const expected = (DEMO_STEP_FACTOR - 1) * 100;
    assert.ok(Math.abs((change.change_percent as number) - expected) < 5, `change_percent ${change.change_percent}`);
    assert.ok((change.p_value as number) < 1e-10, `p_value ${change.p_value}`);
    assert.deepEqual([change.before.n, change.after.n], [index, history.data.length - index]);
  });
});
