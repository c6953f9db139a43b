import assert from 'node:assert/strict';
import { startFixtureServer, type FixtureServer } from '../fixtureServer.js';

describe('ETag, 304 and compression', () => {
  let server: FixtureServer;
  before(async () => {
    server = await startFixtureServer();
  });
  after(() => server.stopUnchanged());

  it('tags JSON with a weak ETag from its bytes and answers 304 when it is unchanged', async () => {
    const first = await server.get('api/scripts');
    const etag = first.headers.get('etag');
    assert.match(etag ?? '', /^W\/"[A-Za-z0-9_-]+"$/);
    await first.arrayBuffer();
    const again = await server.get('api/scripts');
    assert.equal(again.headers.get('etag'), etag, 'same data, same tag');
    await again.arrayBuffer();
    const cached = await server.get('api/scripts', { headers: { 'If-None-Match': etag! } });
    assert.equal(cached.status, 304);
    assert.equal((await cached.text()).length, 0);
    const other = await server.get('api/executions?limit=3');
    assert.notEqual(other.headers.get('etag'), etag);
    const stale = await server.get('api/scripts', { headers: { 'If-None-Match': 'W/"something-else"' } });
    assert.equal(stale.status, 200);
  });

  it('compresses large JSON with brotli or gzip, as the client asks', async () => {
    for (const encoding of ['br', 'gzip']) {
      const res = await server.get('api/executions', { headers: { 'Accept-Encoding': encoding } });
      assert.equal(res.headers.get('content-encoding'), encoding);
      const rows = (await res.json()) as unknown[];
      assert.equal(rows.length, 40);
    }
  });
});
