import assert from 'node:assert/strict';
import { get } from 'node:http';
import { brotliDecompressSync } from 'node:zlib';
import { startFixtureServer, type FixtureServer } from '../fixtureServer.js';

interface Raw {
  status: number;
  encoding: string | undefined;
  body: Buffer;
}

/** A GET with exactly the Accept-Encoding given (fetch() would add its own). */
function fetchRaw(server: FixtureServer, path: string, acceptEncoding: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    get(new URL(path, server.url), { headers: { 'Accept-Encoding': acceptEncoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          encoding: res.headers['content-encoding'],
          body: Buffer.concat(chunks),
        }),
      );
    }).on('error', reject);
  });
}

describe('compression', () => {
  let server: FixtureServer;
  before(async () => {
    server = await startFixtureServer();
  });
  after(async () => {
    await server.stop();
  });

  // Found by the fuzz test: koa-compress set "Content-Encoding: undefined" and the request failed with 500.
  for (const refusal of ['identity;q=0', '*;q=0', 'identity;q=0, *;q=0', 'compress, identity;q=0'])
    for (const path of ['api/openapi.json', 'api/executions?limit=50', 'api/export/csv'])
      it(`answers ${path} in plain bytes to a client refusing every coding (${refusal})`, async () => {
        const res = await fetchRaw(server, path, refusal);
        assert.equal(res.status, 200);
        assert.equal(res.encoding, undefined);
        assert.ok(res.body.length > 1024, 'the answer is big enough that it would have been compressed');
        if (!path.includes('csv')) assert.ok(JSON.parse(res.body.toString('utf8')));
        else assert.match(res.body.toString('utf8'), /^id,script_path,/);
      });

  it('still compresses with brotli for a client that accepts it', async () => {
    const res = await fetchRaw(server, 'api/openapi.json', 'br');
    assert.equal(res.encoding, 'br');
    assert.equal((JSON.parse(brotliDecompressSync(res.body).toString('utf8')) as { openapi: string }).openapi, '3.1.0');
  });
});
