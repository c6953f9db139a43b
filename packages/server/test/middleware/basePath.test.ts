import assert from 'node:assert/strict';
import { startFixtureServer, type FixtureServer } from '../fixtureServer.js';

describe('--base-path', () => {
  let server: FixtureServer;
  before(async () => {
    server = await startFixtureServer({ basePath: '/tools/runner-dash/' });
  });
  after(() => server.stopUnchanged());

  it('reports a URL with the prefix and a trailing slash', () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/tools\/runner-dash\/$/);
  });

  it('serves the API and the page under the prefix', async () => {
    const res = await server.get('api/executions?limit=1');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-total-count'), '40');
    const page = await server.get('');
    assert.equal(page.status, 200);
    assert.doesNotMatch(await page.text(), /(href|src)="\//, 'the page uses relative URLs only');
  });

  it('answers 404 outside the prefix and redirects the bare prefix to prefix/', async () => {
    const origin = new URL(server.url).origin;
    assert.equal((await fetch(`${origin}/api/scripts`)).status, 404);
    const bare = await fetch(`${origin}/tools/runner-dash`, { redirect: 'manual' });
    assert.equal(bare.status, 308);
    assert.equal(bare.headers.get('location'), '/tools/runner-dash/');
  });

  it('lists the prefix as the OpenAPI server', async () => {
    const doc = (await (await server.get('api/openapi.json')).json()) as { servers: Array<{ url: string }> };
    assert.deepEqual(doc.servers, [{ url: '/tools/runner-dash/' }]);
  });
});
