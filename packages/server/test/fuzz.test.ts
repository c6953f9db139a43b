import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { brotliDecompressSync, gunzipSync, inflateSync, zstdDecompressSync } from 'node:zlib';
import type { Logger } from '../src/index.js';
import { startFixtureServer, sha256, type FixtureServer } from './fixtureServer.js';
import { createRequestFuzzer, seededRandom, type FuzzRequest, type FuzzRoute } from './fuzzRequests.js';

/** What design.md §3 lets the server answer; 500 is never among them. */
const ALLOWED = new Set([200, 304, 400, 401, 404, 413, 414, 431, 503]);
/** Answers Node writes itself (oversized URL or headers): no JSON body to check. */
const FROM_NODE = new Set([414, 431]);
const REQUESTS = Number(process.env.RUNNER_DASH_FUZZ_REQUESTS ?? 10_000);
const CONCURRENCY = 16;
/** Replay a run with RUNNER_DASH_FUZZ_SEED=<the printed seed>. */
const SEED = Number(process.env.RUNNER_DASH_FUZZ_SEED ?? 20261128);

interface Answer {
  status: number;
  type: string;
  body: string;
}

interface OpenApi {
  paths: Record<
    string,
    Record<string, { parameters?: Array<{ name: string; in: string; schema: Record<string, unknown> }> }>
  >;
}

/** One request over the shared keep-alive agent; the target goes out exactly as generated. */
function send(agent: Agent, port: number, r: FuzzRequest, base: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { agent, host: '127.0.0.1', port, method: r.method, path: base + r.target, headers: r.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          let bytes = Buffer.concat(chunks);
          const encoding = res.headers['content-encoding'];
          if (encoding === 'gzip') bytes = gunzipSync(bytes);
          else if (encoding === 'br') bytes = brotliDecompressSync(bytes);
          else if (encoding === 'deflate') bytes = inflateSync(bytes);
          else if (encoding === 'zstd') bytes = zstdDecompressSync(bytes);
          resolve({
            status: res.statusCode ?? 0,
            type: res.headers['content-type'] ?? '',
            body: bytes.toString('utf8'),
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Why an answer breaks the contract, or undefined when it keeps it. */
function violation(r: FuzzRequest, a: Answer): string | undefined {
  if (!ALLOWED.has(a.status)) return `status ${a.status}`;
  if (r.method === 'HEAD' || a.status === 304 || FROM_NODE.has(a.status)) return undefined;
  if (a.status === 200) {
    if (a.type.startsWith('application/json')) {
      try {
        JSON.parse(a.body);
      } catch {
        return 'a 200 whose JSON does not parse';
      }
    }
    return undefined;
  }
  let detail: unknown;
  try {
    detail = (JSON.parse(a.body) as { detail?: unknown }).detail;
  } catch {
    return `a ${a.status} without a JSON body: ${a.body.slice(0, 80)}`;
  }
  if (typeof detail !== 'string' || detail === '') return `a ${a.status} without {detail}`;
  // A refused parameter is named, so the caller knows what to fix.
  if (a.status === 400 && !r.params.some((name) => detail.includes(name)))
    return `a 400 whose detail names none of ${r.params.join(', ') || '(no parameters)'}: ${detail}`;
  return undefined;
}

describe('fuzzing every route and parameter', function () {
  this.timeout(180_000);
  let server: FixtureServer;
  let base: string;
  // What the server logs as unexpected, so a 500 comes with its cause.
  const logged: string[] = [];
  const log: Logger = {
    info: () => {},
    warn: (message) => logged.push(message),
    error: (message, err) => logged.push(`${message} ${err instanceof Error ? (err.stack ?? err.message) : ''}`),
  };
  before(async () => {
    server = await startFixtureServer({ log });
    base = new URL(server.url).pathname;
  });
  after(async () => {
    await server.stop();
  });

  it(`answers ${REQUESTS} generated hostile requests (seed ${SEED}) only with design §3 statuses, a {detail} naming the parameter on every 400, and leaves the database byte-identical`, async () => {
    const doc = (await (await server.get('api/openapi.json')).json()) as OpenApi;
    const routes: FuzzRoute[] = Object.entries(doc.paths)
      .filter(([, ops]) => ops.get)
      .map(([path, ops]) => ({
        path,
        query: (ops.get!.parameters ?? []).filter((p) => p.in === 'query'),
        pathParams: (ops.get!.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
      }));
    assert.ok(routes.length >= 16, `the OpenAPI document lists only ${routes.length} GET routes`);
    const scripts = (await (await server.get('api/scripts')).json()) as Array<{ path: string }>;
    const metrics = (await (await server.get('api/metrics/available')).json()) as { available_metrics: string[] };
    const executions = (await (await server.get('api/executions?limit=100')).json()) as Array<{ id: number }>;
    const next = createRequestFuzzer(
      routes,
      {
        scriptPaths: scripts.map((s) => s.path),
        metricNames: metrics.available_metrics,
        executionIds: executions.map((e) => e.id),
      },
      seededRandom(SEED),
    );
    const requests = Array.from({ length: REQUESTS }, next);
    console.log(`      fuzz seed ${SEED} (replay with RUNNER_DASH_FUZZ_SEED=${SEED})`);

    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const statuses = new Map<number, number>();
    const failures: string[] = [];
    const exercised = new Set<string>();
    let cursor = 0;
    const started = performance.now();
    const worker = async (): Promise<void> => {
      while (cursor < requests.length) {
        const index = cursor++;
        const r = requests[index]!;
        let answer: Answer;
        try {
          answer = await send(agent, server.port, r, base);
        } catch (err) {
          failures.push(`#${index} ${r.method} /${r.target.slice(0, 160)}: ${(err as Error).message}`);
          continue;
        }
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        for (const p of r.params) exercised.add(`${r.route} ${p}`);
        const wrong = violation(r, answer);
        if (wrong)
          failures.push(`#${index} ${r.method} /${r.target.slice(0, 160)} ${JSON.stringify(r.headers)}: ${wrong}`);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    agent.destroy();
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `      ${REQUESTS} requests in ${seconds.toFixed(1)} s; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`,
    );

    assert.deepEqual(
      failures.slice(0, 15),
      [],
      `${failures.length} requests broke the contract (seed ${SEED}); the server logged:\n${logged.slice(0, 3).join('\n')}`,
    );
    for (const route of routes)
      for (const p of [...route.query.map((q) => q.name), ...route.pathParams])
        assert.ok(exercised.has(`${route.path} ${p}`), `${route.path} ${p} was never fuzzed`);
    assert.ok((statuses.get(400) ?? 0) > REQUESTS / 5, 'hostile parameters are mostly refused with 400');
    assert.ok((statuses.get(200) ?? 0) > REQUESTS / 10, 'valid parameters still get through to core');
    assert.ok(!statuses.has(500));

    const health = await server.get('api/health');
    assert.equal(health.status, 200, 'the server is alive afterwards');
    assert.equal(((await (await server.get('api/executions?limit=3')).json()) as unknown[]).length, 3);
    assert.equal(sha256(server.dbPath), server.hashBefore, 'the database file must be byte-identical');
  });
});
