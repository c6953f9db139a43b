/** A steady request rate over keep-alive connections, with every answer's status and latency kept. */
import { Agent, request } from 'node:http';

/** What the load saw. */
export interface LoadResult {
  sent: number;
  answered: number;
  byStatus: Map<number, number>;
  /** Requests that got no HTTP answer (connection refused or reset), by error code. */
  failures: Map<string, number>;
  /** Requests sent again because the idle keep-alive connection they went out on was closed meanwhile. */
  retried: number;
  /** Bodies of 5xx answers and of answers mentioning a lock, first few of each. */
  notable: string[];
  latenciesMs: number[];
  /** Latencies per route (the path without its query). */
  byRoute: Map<string, number[]>;
}

export class HttpLoad {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 64 });
  private readonly result: LoadResult = {
    sent: 0,
    answered: 0,
    byStatus: new Map(),
    failures: new Map(),
    retried: 0,
    notable: [],
    latenciesMs: [],
    byRoute: new Map(),
  };
  private timer: NodeJS.Timeout | undefined;
  private inFlight = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly next: () => string,
  ) {}

  /** Sends `perSecond` requests a second, in 10 ms ticks, until {@link stop}. */
  start(perSecond: number): void {
    const started = performance.now();
    this.timer = setInterval(() => {
      const due = Math.floor(((performance.now() - started) / 1000) * perSecond);
      while (this.result.sent < due) this.send(this.next());
    }, 10);
  }

  /** Stops sending and waits (up to `graceMs`) for the answers still due. */
  async stop(graceMs = 15_000): Promise<LoadResult> {
    clearInterval(this.timer);
    const deadline = Date.now() + graceMs;
    while (this.inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    this.agent.destroy();
    return this.result;
  }

  private send(path: string, retry = false): void {
    if (!retry) this.result.sent++;
    this.inFlight++;
    const began = performance.now();
    const req = request(
      new URL(path, this.baseUrl),
      { agent: this.agent, headers: { 'Accept-Encoding': 'gzip' } },
      (res) => {
        const status = res.statusCode ?? 0;
        const chunks: Buffer[] = [];
        const keep = status >= 500;
        res.on('data', (d: Buffer) => keep && chunks.push(d));
        res.on('end', () => {
          this.inFlight--;
          this.result.answered++;
          const ms = performance.now() - began;
          this.result.latenciesMs.push(ms);
          const route = path.split('?')[0]!.replace(/\/\d+$/, '/{id}') || '/';
          this.result.byRoute.set(route, [...(this.result.byRoute.get(route) ?? []), ms]);
          this.result.byStatus.set(status, (this.result.byStatus.get(status) ?? 0) + 1);
          if (keep && this.result.notable.length < 20)
            this.result.notable.push(`${status} ${path}: ${Buffer.concat(chunks).toString().slice(0, 300)}`);
        });
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) => {
      this.inFlight--;
      // The server may close an idle keep-alive connection just as a request goes out on it;
      // like browsers, send an idempotent GET again once on a fresh connection (Node's documented pattern).
      if (req.reusedSocket && err.code === 'ECONNRESET' && !retry) {
        this.result.retried++;
        return this.send(path, true);
      }
      const code = err.code ?? err.message;
      this.result.failures.set(code, (this.result.failures.get(code) ?? 0) + 1);
    });
    req.end();
  }
}

/** The `p`-th percentile (0–100) of `values`, nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
