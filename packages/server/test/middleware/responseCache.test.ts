import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import compress from 'koa-compress';
import Koa from 'koa';
import { conditionalGet } from '../../src/middleware/conditionalGet.js';
import { responseCache } from '../../src/middleware/responseCache.js';

/** A big enough answer to be compressed: 60 rows. */
const rows = (tag: number) => Array.from({ length: 60 }, (_, i) => ({ id: i, script_path: `jobs/${tag}/${i}.py` }));

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** GET with exactly these headers, the body as sent (no decoding). */
function rawGet(url: string, headers: Record<string, string>): Promise<Raw> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    })
      .on('error', reject)
      .end();
  });
}

describe('responseCache: answers kept until a commit, compressed once', () => {
  let server: Server;
  let base: string;
  let generation = 0;
  const calls = new Map<string, number>();
  before(async () => {
    const app = new Koa();
    // The order of createApp: compression outside, conditional GET, then the cache.
    app.use(compress({ threshold: 1024 }));
    app.use(conditionalGet());
    app.use(responseCache({ generation: () => generation, maxAgeMs: 50 }));
    app.use((ctx) => {
      calls.set(ctx.path, (calls.get(ctx.path) ?? 0) + 1);
      ctx.set('X-Total-Count', '60');
      ctx.body = rows(generation);
    });
    server = createServer(app.callback());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => calls.clear());

  it('computes a clock-free answer once while the history is unchanged, and again after a commit', async () => {
    const first = await rawGet(`${base}/api/scripts`, {});
    await new Promise((resolve) => setTimeout(resolve, 80)); // past maxAge: the clock does not matter here
    const again = await rawGet(`${base}/api/scripts`, {});
    assert.equal(calls.get('/api/scripts'), 1);
    assert.deepEqual(JSON.parse(again.body.toString()), JSON.parse(first.body.toString()));
    generation++;
    const after = await rawGet(`${base}/api/scripts`, {});
    assert.equal(calls.get('/api/scripts'), 2);
    assert.equal(
      (JSON.parse(after.body.toString()) as Array<{ script_path: string }>)[0]!.script_path,
      `jobs/${generation}/0.py`,
    );
  });

  it('asks a windowed route again once maxAge has passed, even without a commit', async () => {
    await rawGet(`${base}/api/metrics/aggregated?days=7`, {});
    await rawGet(`${base}/api/metrics/aggregated?days=7`, {});
    assert.equal(calls.get('/api/metrics/aggregated'), 1);
    await new Promise((resolve) => setTimeout(resolve, 80));
    await rawGet(`${base}/api/metrics/aggregated?days=7`, {});
    assert.equal(calls.get('/api/metrics/aggregated'), 2);
  });

  it('serves the kept answer brotli, gzip or plain as the client accepts, with its ETag and X-Total-Count', async () => {
    const plain = await rawGet(`${base}/api/executions`, {});
    assert.equal(plain.headers['content-encoding'], undefined);
    const expected = JSON.parse(plain.body.toString()) as unknown;
    assert.equal((expected as unknown[]).length, 60);
    for (const [accept, encoding, decode] of [
      ['br', 'br', brotliDecompressSync],
      ['gzip, deflate', 'gzip', gunzipSync],
      ['gzip;q=0.5, br', 'br', brotliDecompressSync],
    ] as const) {
      const res = await rawGet(`${base}/api/executions`, { 'Accept-Encoding': accept });
      assert.equal(res.status, 200);
      assert.equal(res.headers['content-encoding'], encoding, accept);
      assert.deepEqual(JSON.parse(decode(res.body).toString()), expected, accept);
      assert.ok(res.body.length < plain.body.length, 'smaller than the JSON');
      assert.equal(res.headers['x-total-count'], '60');
      assert.equal(res.headers['etag'], plain.headers['etag']);
      assert.match(String(res.headers['vary']), /Accept-Encoding/);
    }
    assert.equal(calls.get('/api/executions'), 1, 'computed once for every encoding');
  });

  it('answers a matching If-None-Match with an empty 304 that claims no Content-Encoding', async () => {
    const first = await rawGet(`${base}/api/executions/failed`, { 'Accept-Encoding': 'gzip' });
    const etag = String(first.headers['etag']);
    const res = await rawGet(`${base}/api/executions/failed`, { 'Accept-Encoding': 'gzip', 'If-None-Match': etag });
    assert.equal(res.status, 304);
    assert.equal(res.body.length, 0);
    assert.equal(res.headers['content-encoding'], undefined);
    assert.equal(calls.get('/api/executions/failed'), 1);
  });
});
