/**
 * Server benchmark: p50 latency of every REST route and requests/s at 50 connections, on
 * the ~1M-metric demo database (30,000 runs × 33 metrics), next to design.md §7's targets.
 *
 *   node --conditions=development --import tsx bench/server.ts [--runs 30000] [--seconds 4] [--rounds 3]
 *
 * The server runs in a child process so the load generator does not share its event loop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultDemoCacheDir, ensureDemoDatabase } from '@runner-dash/core';
import { silentLogger, startServer } from 'runner-dash-server';
import {
  Committer,
  RssSampler,
  closeLoadAgent,
  measureAfterCommit,
  measureUnderHeavyLoad,
  measureWsDelivery,
  type UnderHeavyLoad,
  type WsDelivery,
} from './serverLoad.js';

/** One measured route. */
export interface RouteLatency {
  route: string;
  coldMs: number;
  p50Ms: number;
  /** p50 when the client sends the ETag it already has. */
  p50UnchangedMs: number;
  target: string;
}

/** One load test. */
export interface Throughput {
  route: string;
  connections: number;
  requestsPerSecond: number;
  target: string;
}

const ROUTES: Array<[string, string]> = [
  ['api/health', ''],
  ['api/scripts', '≤ 10 ms'],
  ['api/executions?limit=20', ''],
  ['api/executions/failed?limit=20', ''],
  ['api/execution/1', ''],
  ['api/metrics/latest?limit=100', ''],
  ['api/metrics/history?days=7&limit=1000', ''],
  ['api/metrics/aggregated?days=30', '≤ 100 ms cold, ≤ 5 ms unchanged'],
  ['api/metrics/available', '≤ 5 ms'],
  ['api/analysis/trend?script_path=SCRIPT&days=60', '≤ 50 ms (full analysis of one series)'],
  ['api/analysis/baseline?script_path=SCRIPT', ''],
  ['api/analysis/regressions?days=30', ''],
  ['api/stats/database', ''],
  ['api/stats/execution', ''],
  ['api/stats/performance', ''],
  ['api/export/csv?days=1', ''],
];

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/** GET with keep-alive; resolves with status, ETag and elapsed milliseconds once the body is read. */
function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; etag?: string; ms: number }> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: { 'Accept-Encoding': 'gzip', ...headers } }, (res) => {
      res.resume();
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          etag: res.headers.etag,
          ms: Number(process.hrtime.bigint() - started) / 1e6,
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

const median = (values: number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Cold, p50 and p50-with-ETag latency of every route. */
export async function measureRoutes(baseUrl: string, script: string, samples = 25): Promise<RouteLatency[]> {
  const results: RouteLatency[] = [];
  for (const [route, target] of ROUTES) {
    const url = new URL(route.replace('SCRIPT', encodeURIComponent(script)), baseUrl).href;
    const cold = await get(url);
    if (cold.status !== 200) throw new Error(`${route} answered ${cold.status}`);
    const warm: number[] = [];
    for (let i = 0; i < samples; i++) warm.push((await get(url)).ms);
    const unchanged: number[] = [];
    for (let i = 0; i < samples; i++)
      unchanged.push((await get(url, cold.etag ? { 'If-None-Match': cold.etag } : {})).ms);
    results.push({ route, coldMs: cold.ms, p50Ms: median(warm), p50UnchangedMs: median(unchanged), target });
  }
  return results;
}

/**
 * Requests/s with `connections` clients each sending requests back to back for `seconds`,
 * after `warmupSeconds` of the same load that are not counted (connections opened, the
 * request path compiled by the JIT — as on a server that has been up a while).
 */
export async function measureThroughput(
  url: string,
  connections: number,
  seconds: number,
  warmupSeconds = 1,
): Promise<number> {
  const load = async (forSeconds: number): Promise<number> => {
    const deadline = Date.now() + forSeconds * 1000;
    let done = 0;
    const worker = async (): Promise<void> => {
      while (Date.now() < deadline) {
        const { status } = await get(url);
        if (status !== 200) throw new Error(`${url} answered ${status}`);
        done++;
      }
    };
    const started = Date.now();
    await Promise.all(Array.from({ length: connections }, worker));
    return done / ((Date.now() - started) / 1000);
  };
  if (warmupSeconds > 0) await load(warmupSeconds);
  return load(seconds);
}

/** Starts the server in a child process over `dbPath` (a file or a postgres:// URL); resolves with its URL. */
export function startChild(dbPath: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    ['--conditions=development', '--import', 'tsx', fileURLToPath(import.meta.url), '--serve', dbPath],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const match = /^READY (\S+)/m.exec(out);
      if (match) resolve({ child, url: match[1]! });
    });
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}: ${out}`)));
  });
}

/** Figures of the server under load, medians over the rounds. */
export interface LoadResult {
  healthUnderHeavy: { p50Ms: number; maxMs: number; smallP50Ms: number; smallMaxMs: number; heavyMs: number };
  aggregatedAfterCommitMs: number;
  ws: { clients: number; p50Ms: number; maxMs: number };
  rss: { peakMb: number };
}

const ROUNDS = 3;

/** Median of each numeric field of `RouteLatency` over the rounds, route by route. */
function medianRoutes(rounds: RouteLatency[][]): RouteLatency[] {
  return rounds[0]!.map((r, i) => ({
    route: r.route,
    target: r.target,
    coldMs: median(rounds.map((round) => round[i]!.coldMs)),
    p50Ms: median(rounds.map((round) => round[i]!.p50Ms)),
    p50UnchangedMs: median(rounds.map((round) => round[i]!.p50UnchangedMs)),
  }));
}

/**
 * Runs the whole server benchmark — every figure once per server start, `rounds` starts
 * (default 3), the median printed beside its target — and resolves with those medians.
 * The server reads a copy of the demo history, into which a second process commits runs.
 */
export async function benchServer(options: { runs?: number; seconds?: number; rounds?: number } = {}): Promise<{
  routes: RouteLatency[];
  throughput: Throughput[];
  load: LoadResult;
}> {
  const runs = options.runs ?? 30_000;
  const seconds = options.seconds ?? 4;
  const rounds = options.rounds ?? ROUNDS;
  const demo = ensureDemoDatabase({
    runs,
    cacheDir: join(defaultDemoCacheDir(), `bench-${runs}`),
    onProgress: undefined,
  });
  console.log(`server bench: ${demo.generated ? 'generated' : 'reusing'} ${demo.path} (${runs} runs)`);
  // Runs are committed during the bench: into a copy, never into the cached demo.
  const temp = mkdtempSync(join(tmpdir(), 'runner-dash-bench-server-'));
  const dbPath = join(temp, 'history.db');
  copyFileSync(demo.path, dbPath);
  const committer = new Committer(dbPath);
  const routeRounds: RouteLatency[][] = [];
  const rps = new Map<string, number[]>();
  const heavy: UnderHeavyLoad[] = [];
  const afterCommit: number[] = [];
  const ws: WsDelivery[] = [];
  const peaks: number[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      const { child, url } = await startChild(dbPath);
      const rss = new RssSampler(child.pid!).start();
      try {
        const scripts = (await (await fetch(new URL('api/scripts', url))).json()) as Array<{ path: string }>;
        routeRounds.push(await measureRoutes(url, scripts[0]!.path));
        for (const [route] of THROUGHPUT) {
          const list = rps.get(route) ?? [];
          list.push(await measureThroughput(new URL(route, url).href, 50, seconds));
          rps.set(route, list);
        }
        heavy.push(await measureUnderHeavyLoad(url, round));
        afterCommit.push(await measureAfterCommit(url, committer));
        ws.push(await measureWsDelivery(url, committer, 500));
      } finally {
        peaks.push(rss.stop().peakMb);
        agent.destroy();
        closeLoadAgent();
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
    }
  } finally {
    await committer.close();
    rmSync(temp, { recursive: true, force: true });
  }

  const routes = medianRoutes(routeRounds);
  const throughput: Throughput[] = THROUGHPUT.map(([route, target]) => ({
    route,
    connections: 50,
    requestsPerSecond: median(rps.get(route)!),
    target,
  }));
  const load: LoadResult = {
    healthUnderHeavy: {
      p50Ms: median(heavy.map((h) => h.healthP50Ms)),
      maxMs: median(heavy.map((h) => h.healthMaxMs)),
      smallP50Ms: median(heavy.map((h) => h.smallP50Ms)),
      smallMaxMs: median(heavy.map((h) => h.smallMaxMs)),
      heavyMs: median(heavy.map((h) => h.heavyMs)),
    },
    aggregatedAfterCommitMs: median(afterCommit),
    ws: { clients: 500, p50Ms: median(ws.map((w) => w.p50Ms)), maxMs: median(ws.map((w) => w.maxMs)) },
    rss: { peakMb: Math.max(...peaks) },
  };

  const pad = (s: string, n: number): string => s.padEnd(n);
  const ms = (x: number, digits = 1): string => `${x.toFixed(digits)} ms`;
  console.log(
    `\nEvery figure is the median over ${rounds} server starts (each start: cold request, then 25 repeats).` +
      "\ncold = the first request after the server says it is ready (it computes the dashboard's heavy" +
      '\nanswers in its worker pool before that); p50 = while the history is unchanged (answers are reused' +
      '\nuntil a commit); p50 304 = the same with If-None-Match',
  );
  console.log(`${pad('route', 48)} ${pad('cold ms', 9)} ${pad('p50 ms', 8)} ${pad('p50 304', 8)} target`);
  for (const r of routes)
    console.log(
      `${pad(r.route, 48)} ${pad(r.coldMs.toFixed(1), 9)} ${pad(r.p50Ms.toFixed(2), 8)} ${pad(r.p50UnchangedMs.toFixed(2), 8)} ${r.target}`,
    );
  console.log(`\n${pad('load (50 connections, keep-alive)', 48)} ${pad('req/s', 9)} target`);
  for (const t of throughput) console.log(`${pad(t.route, 48)} ${pad(t.requestsPerSecond.toFixed(0), 9)} ${t.target}`);
  const h = load.healthUnderHeavy;
  console.log('\nunder load (server in its own process)');
  console.log(
    `${pad('api/health while heavy requests run', 48)} p50 ${ms(h.p50Ms)}, max ${ms(h.maxMs)} (target ≤ 50 ms)`,
  );
  console.log(
    `${pad('  a small query meanwhile (executions page)', 48)} p50 ${ms(h.smallP50Ms)}, max ${ms(h.smallMaxMs)} (target ≤ 50 ms)`,
  );
  console.log(
    `${pad('  heavy: export of everything + aggregates + regressions', 48)} ${ms(h.heavyMs, 0)} (computed, not cached)`,
  );
  console.log(
    `${pad('api/metrics/aggregated?days=30 after a commit', 48)} ${ms(load.aggregatedAfterCommitMs)} (recomputed off the event loop)`,
  );
  console.log(
    `${pad('commit by another process → 500 WS clients', 48)} p50 ${ms(load.ws.p50Ms, 0)}, max ${ms(load.ws.maxMs, 0)} (target ≤ 1 s)`,
  );
  console.log(
    `${pad('server resident memory, peak', 48)} ${load.rss.peakMb.toFixed(0)} MB (target < 250 MB; all rounds)`,
  );
  return { routes, throughput, load };
}

/** Routes measured for requests/s at 50 connections, with their targets. */
const THROUGHPUT: ReadonlyArray<readonly [string, string]> = [
  ['api/executions?limit=20', '≥ 4,000 req/s'],
  ['api/scripts', '≥ 500 req/s'],
];

const { values } = parseArgs({
  options: {
    serve: { type: 'string' },
    runs: { type: 'string' },
    seconds: { type: 'string' },
    rounds: { type: 'string' },
  },
  strict: false,
});
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (typeof values.serve === 'string') {
    // Child mode: the server under test.
    const server = await startServer({ dbPath: values.serve, port: 0, log: silentLogger });
    console.log(`READY ${server.url}`);
    process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
  } else {
    await benchServer({
      runs: typeof values.runs === 'string' ? Number(values.runs) : undefined,
      seconds: typeof values.seconds === 'string' ? Number(values.seconds) : undefined,
      rounds: typeof values.rounds === 'string' ? Number(values.rounds) : undefined,
    });
  }
}
