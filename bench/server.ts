/**
 * Server benchmark: p50 latency of every REST route and requests/s at 50 connections, on
 * the ~1M-metric demo database (30,000 runs × 33 metrics), next to design.md §7's targets.
 *
 *   node --conditions=development --import tsx bench/server.ts [--runs 30000] [--seconds 5]
 *
 * The server runs in a child process so the load generator does not share its event loop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultDemoCacheDir, ensureDemoDatabase } from '@runner-dash/core';
import { silentLogger, startServer } from 'runner-dash-server';

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

/** Requests/s with `connections` clients each sending requests back to back for `seconds`. */
export async function measureThroughput(url: string, connections: number, seconds: number): Promise<number> {
  const deadline = Date.now() + seconds * 1000;
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

/** Runs the whole server benchmark and prints a table; resolves with the numbers. */
export async function benchServer(options: { runs?: number; seconds?: number } = {}): Promise<{
  routes: RouteLatency[];
  throughput: Throughput[];
}> {
  const runs = options.runs ?? 30_000;
  const seconds = options.seconds ?? 5;
  const demo = ensureDemoDatabase({
    runs,
    cacheDir: join(defaultDemoCacheDir(), `bench-${runs}`),
    onProgress: undefined,
  });
  console.log(`server bench: ${demo.generated ? 'generated' : 'reusing'} ${demo.path} (${runs} runs)`);
  const { child, url } = await startChild(demo.path);
  try {
    const scripts = (await (await fetch(new URL('api/scripts', url))).json()) as Array<{ path: string }>;
    const routes = await measureRoutes(url, scripts[0]!.path);
    const throughput: Throughput[] = [];
    for (const [route, target] of [
      ['api/executions?limit=20', '≥ 4,000 req/s'],
      ['api/scripts', '≥ 500 req/s'],
    ] as const) {
      const rps = await measureThroughput(new URL(route, url).href, 50, seconds);
      throughput.push({ route, connections: 50, requestsPerSecond: rps, target });
    }
    const pad = (s: string, n: number): string => s.padEnd(n);
    console.log(
      '\ncold = first request (computed); p50 = median of 25 repeats while the history is unchanged ' +
        '(the server reuses answers until a commit); p50 304 = the same with If-None-Match',
    );
    console.log(`${pad('route', 48)} ${pad('cold ms', 9)} ${pad('p50 ms', 8)} ${pad('p50 304', 8)} target`);
    for (const r of routes)
      console.log(
        `${pad(r.route, 48)} ${pad(r.coldMs.toFixed(1), 9)} ${pad(r.p50Ms.toFixed(2), 8)} ${pad(r.p50UnchangedMs.toFixed(2), 8)} ${r.target}`,
      );
    console.log(`\n${pad('load (50 connections)', 48)} ${pad('req/s', 9)} target`);
    for (const t of throughput)
      console.log(`${pad(t.route, 48)} ${pad(t.requestsPerSecond.toFixed(0), 9)} ${t.target}`);
    return { routes, throughput };
  } finally {
    agent.destroy();
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

const { values } = parseArgs({
  options: { serve: { type: 'string' }, runs: { type: 'string' }, seconds: { type: 'string' } },
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
    });
  }
}
