/**
 * `npm run bench`: every performance figure of design.md §7, each printed beside its
 * target, on the generated ~1M-metric history (30,000 runs × 33 metrics, 20 scripts, 60
 * days). Prints; asserts nothing — tests never assert timings.
 */
import { join } from 'node:path';
import {
  analyzeTrend,
  defaultDemoCacheDir,
  ensureDemoDatabase,
  measureRecorderOverhead,
  openHistory,
} from '@runner-dash/core';
import { benchPostgres } from './postgres.js';
import { benchServer } from './server.js';
import { benchWebcomponents } from './webcomponents.js';

const RUNS = 30_000;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

function section(title: string): void {
  console.log(`\n== ${title} ${'='.repeat(Math.max(0, 70 - title.length))}`);
}

section('history');
const started = performance.now();
const demo = ensureDemoDatabase({ runs: RUNS, cacheDir: join(defaultDemoCacheDir(), `bench-${RUNS}`) });
console.log(
  `${demo.generated ? 'generated' : 'reusing'} ${demo.path} in ${((performance.now() - started) / 1000).toFixed(1)} s` +
    (demo.generated ? ' (target for runner-dash demo --runs 30000: ≤ 30 s)' : ''),
);

section('analysis of one series (core, in-process)');
{
  const store = await openHistory(demo.path);
  const scripts = await store.listScripts();
  const biggest = [...scripts].sort((a, b) => b.execution_count - a.execution_count)[0]!;
  const times: number[] = [];
  let points = 0;
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    const trend = await analyzeTrend(store, {
      scriptPath: biggest.path,
      metricName: 'execution_time_seconds',
      days: 60,
    });
    times.push(performance.now() - t0);
    points = 'data_points' in trend ? trend.data_points : 0;
  }
  console.log(
    `full analysis (trend, anomalies, change points, percentiles) of ${biggest.path}, ${points} runs: ` +
      `median of ${times.length} ${median(times).toFixed(1)} ms (target ≤ 50 ms); the first call in this fresh ` +
      `process ${times[0]!.toFixed(1)} ms (compiling the analyses and reading the pages; the server does that ` +
      `before it says it is ready: see the trend route's cold figure below)`,
  );
  await store.close();
}

section('recorder overhead');
{
  const m = await measureRecorderOverhead({ runs: 10 });
  console.log(
    `'${m.command.join(' ')}' directly: ${m.directMedianMs.toFixed(1)} ms; via runner-dash run: ${m.recordedMedianMs.toFixed(1)} ms; ` +
      `overhead ${m.overheadMs.toFixed(1)} ms (median of ${m.runs}; target ≤ 100 ms, runner.py ≈ 480 ms)`,
  );
}

section('server routes and load');
const sqliteServer = await benchServer({ runs: RUNS });

section('server routes on PostgreSQL');
await benchPostgres({ runs: RUNS, sqlite: sqliteServer.routes });

section('dashboard bundle and first chart');
await benchWebcomponents({ dbPath: demo.path });
