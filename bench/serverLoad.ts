/**
 * The server under load (design.md §7, issue 7), measured against a server running in its
 * own process: `/api/health` and a small query while heavy requests run (an export of
 * everything, aggregates and regressions no one asked for before); aggregated stats right
 * after another process committed a run; that run reaching 500 WebSocket clients; and the
 * server's resident memory throughout. `bench/server.ts` calls these once per server start.
 *
 * Child mode (`--commit-into <db>`): the "other process" that commits runs through core's
 * writer, one per line read on stdin, printing when each commit returned.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pidusage from 'pidusage';
import WebSocket from 'ws';
import { openHistoryWriter } from '@runner-dash/core';

const agent = new Agent({ keepAlive: true, maxSockets: 16 });

/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes. */
const epochMs = (): number => performance.timeOrigin + performance.now();

/** GET (keep-alive, gzip); resolves with status and elapsed ms once the body is read. */
function timedGet(url: string): Promise<{ status: number; ms: number; bytes: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: { 'Accept-Encoding': 'gzip' } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started, bytes }));
    });
    req.on('error', reject);
    req.end();
  });
}

const sorted = (xs: number[]): number[] => [...xs].sort((a, b) => a - b);
/** The p-th percentile (0–100) by nearest rank. */
export function percentile(xs: number[], p: number): number {
  const s = sorted(xs);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
}

/** Latencies of light requests while heavy ones run. */
export interface UnderHeavyLoad {
  healthP50Ms: number;
  healthMaxMs: number;
  smallP50Ms: number;
  smallMaxMs: number;
  /** How long the slowest heavy request took. */
  heavyMs: number;
  samples: number;
}

/**
 * Starts an export of everything, aggregates over a window no one asked for yet and the
 * regressions of another such window, and while any of them runs asks `/api/health` and a
 * small uncached query (a page of executions at a new offset) back to back.
 */
export async function measureUnderHeavyLoad(baseUrl: string, round: number): Promise<UnderHeavyLoad> {
  const url = (path: string): string => new URL(path, baseUrl).href;
  const started = performance.now();
  let running = true;
  const heavy = Promise.all([
    timedGet(url('api/export/csv')),
    timedGet(url(`api/metrics/aggregated?days=${60 - round}`)),
    timedGet(url(`api/analysis/regressions?days=${50 - round}`)),
  ]).finally(() => (running = false));
  const health: number[] = [];
  const small: number[] = [];
  let offset = 1000 + round * 500;
  while (running) {
    const h = await timedGet(url('api/health'));
    const s = await timedGet(url(`api/executions?limit=20&offset=${offset++}`));
    if (h.status !== 200 || s.status !== 200) throw new Error(`light request answered ${h.status}/${s.status}`);
    health.push(h.ms);
    small.push(s.ms);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const answers = await heavy;
  for (const a of answers) if (a.status !== 200) throw new Error(`heavy request answered ${a.status}`);
  return {
    healthP50Ms: percentile(health, 50),
    healthMaxMs: Math.max(...health),
    smallP50Ms: percentile(small, 50),
    smallMaxMs: Math.max(...small),
    heavyMs: performance.now() - started,
    samples: health.length,
  };
}

/** A second process that commits one run per call, through core's writer. */
export class Committer {
  private readonly child: ChildProcess;
  private readonly replies: Array<(line: string) => void> = [];

  constructor(dbPath: string) {
    this.child = spawn(
      process.execPath,
      ['--conditions=development', '--import', 'tsx', fileURLToPath(import.meta.url), '--commit-into', dbPath],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    createInterface({ input: this.child.stdout! }).on('line', (line) => this.replies.shift()?.(line));
  }

  /** Commits one run; resolves with its id and when (epoch ms) the commit returned. */
  commit(): Promise<{ id: number; committedAt: number }> {
    return new Promise((resolve, reject) => {
      this.replies.push((line) => {
        const match = /^COMMITTED (\d+) ([\d.]+)$/.exec(line);
        if (match) resolve({ id: Number(match[1]), committedAt: Number(match[2]) });
        else reject(new Error(`committer said: ${line}`));
      });
      this.child.stdin!.write('commit\n');
    });
  }

  async close(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.stdin!.end();
    await exited;
  }
}

/**
 * Aggregated stats (all scripts, 30 days) asked right after another process committed a
 * run: the answer has to be computed again (in a worker), unless the background warm-up
 * got there first.
 */
export async function measureAfterCommit(baseUrl: string, committer: Committer): Promise<number> {
  await committer.commit();
  // The change poll runs every 200 ms: after 300 ms the server knows.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const answer = await timedGet(new URL('api/metrics/aggregated?days=30', baseUrl).href);
  if (answer.status !== 200) throw new Error(`aggregated answered ${answer.status}`);
  return answer.ms;
}

/** Commit → `executions` message, over every client. */
export interface WsDelivery {
  clients: number;
  p50Ms: number;
  maxMs: number;
}

/**
 * Connects `clients` WebSocket clients, has the other process commit a run, and measures
 * for every client the time from the commit returning to its `executions` message naming
 * that run (this process parses all 500 copies, so the figure includes that work).
 */
export async function measureWsDelivery(baseUrl: string, committer: Committer, clients = 500): Promise<WsDelivery> {
  const wsUrl = new URL('ws/metrics', baseUrl).href.replace(/^http/, 'ws');
  const sockets: WebSocket[] = [];
  const arrivals = new Map<number, number[]>();
  try {
    for (let batch = 0; batch < clients; batch += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, clients - batch) }, () => {
          const ws = new WebSocket(wsUrl, { perMessageDeflate: false });
          sockets.push(ws);
          ws.on('message', (data) => {
            const at = epochMs();
            const message = JSON.parse(data.toString()) as { type: string; executions?: Array<{ id: number }> };
            if (message.type !== 'executions') return;
            for (const run of message.executions ?? []) {
              const list = arrivals.get(run.id) ?? [];
              list.push(at);
              arrivals.set(run.id, list);
            }
          });
          return new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
        }),
      );
    }
    // Let the connection snapshots go out before the clock starts.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const { id, committedAt } = await committer.commit();
    const deadline = Date.now() + 10_000;
    while ((arrivals.get(id)?.length ?? 0) < clients && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    const delays = (arrivals.get(id) ?? []).map((at) => at - committedAt);
    if (delays.length < clients) throw new Error(`only ${delays.length} of ${clients} clients got run ${id}`);
    return { clients, p50Ms: percentile(delays, 50), maxMs: Math.max(...delays) };
  } finally {
    for (const ws of sockets) ws.terminate();
  }
}

/** Samples a process's resident set size until stopped. */
export class RssSampler {
  private timer: NodeJS.Timeout | undefined;
  private peak = 0;
  private last = 0;

  constructor(private readonly pid: number) {}

  start(everyMs = 200): this {
    const sample = (): void => {
      pidusage(this.pid).then(
        (s) => {
          this.last = s.memory;
          this.peak = Math.max(this.peak, s.memory);
        },
        () => undefined,
      );
    };
    sample();
    this.timer = setInterval(sample, everyMs);
    return this;
  }

  /** Stops sampling; the peak and last resident size in MB. */
  stop(): { peakMb: number; lastMb: number } {
    clearInterval(this.timer);
    pidusage.clear();
    return { peakMb: this.peak / 2 ** 20, lastMb: this.last / 2 ** 20 };
  }
}

/** Closes the keep-alive sockets of this module's requests. */
export function closeLoadAgent(): void {
  agent.destroy();
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
function localIso(date: Date): string {
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:` +
    `${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}000`
  );
}

const { values } = parseArgs({ options: { 'commit-into': { type: 'string' } }, strict: false });
if (process.argv[1] === fileURLToPath(import.meta.url) && typeof values['commit-into'] === 'string') {
  // Child mode: commit one run per line on stdin, as another process (a recorder) would.
  const writer = await openHistoryWriter(values['commit-into'], { create: false });
  for await (const line of createInterface({ input: process.stdin })) {
    if (line !== 'commit') continue;
    const now = new Date();
    const id = await writer.record({
      script_path: 'bench/commit_probe.py',
      start_time: localIso(new Date(now.getTime() - 1000)),
      end_time: localIso(now),
      execution_time_seconds: 1,
      exit_code: 0,
      success: true,
      metrics: { execution_time_seconds: 1, cpu_max: 12.5, memory_max_mb: 40 },
    });
    process.stdout.write(`COMMITTED ${id} ${epochMs().toFixed(3)}\n`);
  }
  await writer.close();
}
