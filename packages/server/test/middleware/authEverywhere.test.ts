import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import WebSocket from 'ws';
import { startFixtureServer, type FixtureServer } from '../fixtureServer.js';

const TOKEN = 'Zq8vN3pL0sYt7RkW4mXc9BfH2jDg6AeU';
/** Same length as the token, differing from its very first character on. */
const WRONG_AT_START = [...TOKEN].map((c) => (c === 'x' ? 'y' : 'x')).join('');
/** Same length as the token, equal to it but for the last character. */
const WRONG_AT_END = `${TOKEN.slice(0, -1)}${TOKEN.at(-1) === 'x' ? 'y' : 'x'}`;

/** Ways of not having the token: none, wrong ones, right one in the wrong place. */
const WITHOUT: Array<Record<string, string>> = [
  {},
  { Authorization: `Bearer ${WRONG_AT_START}` },
  { Authorization: `Bearer ${WRONG_AT_END}` },
  { Authorization: `Bearer ${TOKEN.slice(0, -1)}` },
  { Authorization: `Bearer ${TOKEN}${TOKEN}` },
  { Authorization: `Basic ${Buffer.from(`user:${TOKEN}`).toString('base64')}` },
  { Authorization: `Token ${TOKEN}` },
  { Authorization: 'Bearer' },
  { Cookie: `token=${TOKEN}` },
  { 'X-Token': TOKEN },
];

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw request (the path goes out exactly as written: no `..` resolution, no case change). */
function send(port: number, method: string, path: string, headers: Record<string, string> = {}, agent?: Agent) {
  return new Promise<Answer>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(method === 'POST' ? '{}' : undefined);
  });
}

function assertRefused(answer: Answer, what: string): void {
  assert.equal(answer.status, 401, `${what} answered ${answer.status}: ${answer.body.slice(0, 120)}`);
  assert.match(String(answer.headers['www-authenticate']), /^Bearer/, what);
  assert.match((JSON.parse(answer.body) as { detail: string }).detail, /token/, what);
}

/** The status of a WebSocket upgrade: 101 when it opened, else the refusal's status. */
function upgrade(server: FixtureServer, query: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}ws/metrics${query}`, { headers });
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    ws.once('error', reject);
  });
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
};

describe('token mode, every route', () => {
  let server: FixtureServer;
  let base: string;
  /** Every route of the OpenAPI document as [method, path with its parameters filled in]. */
  let routes: Array<[string, string]>;
  before(async () => {
    server = await startFixtureServer({ token: TOKEN });
    base = new URL(server.url).pathname;
    const doc = JSON.parse(
      (await send(server.port, 'GET', `${base}api/openapi.json`, { Authorization: `Bearer ${TOKEN}` })).body,
    ) as { paths: Record<string, Record<string, unknown>> };
    routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method): [string, string] => [method.toUpperCase(), path.replace(/\{[^}]+\}/g, '1')]),
    );
  });
  after(() => server.stopUnchanged());

  it('refuses every route of the OpenAPI document without the token, however the token is missing', async () => {
    assert.ok(routes.length >= 17, `only ${routes.length} routes in the OpenAPI document`);
    for (const [method, path] of routes) {
      if (path === '/api/health') continue;
      for (const headers of WITHOUT)
        assertRefused(await send(server.port, method, `${base}${path.slice(1)}`, headers), `${method} ${path}`);
      // The WebSocket alone reads ?token=; REST calls must not.
      assertRefused(
        await send(server.port, method, `${base}${path.slice(1)}?token=${TOKEN}`),
        `${method} ${path}?token=`,
      );
    }
  });

  it('refuses other spellings of the same routes (case, trailing slash, dot segments, encoded slash)', async () => {
    for (const [method, path] of routes) {
      if (path === '/api/health') continue;
      const spellings = [
        path.toUpperCase(),
        path.replace(/^\/(\w)/, (_, c: string) => `/${c.toUpperCase()}`),
        `${path}/`,
        `${path}//`,
        `/x/..${path}`,
        `/.${path}`,
        path.replace('/', '%2f').replace(/^%2f/, '/'),
        path.replace(/\//g, '%2F').replace(/^%2F/, '/'),
      ];
      for (const spelling of spellings)
        assertRefused(await send(server.port, method, `${base}${spelling.slice(1)}`), `${method} ${spelling}`);
    }
  });

  it('refuses unknown paths too: only the page, its files and a minimal health are open', async () => {
    for (const path of ['nope', 'api', 'api/', 'api/nope', 'api/health/x', 'metricsx', 'ws/metrics', 'admin', '.env'])
      assertRefused(await send(server.port, 'GET', `${base}${path}`), path);
  });

  it('answers health without the token in every spelling, but only {status, timestamp}', async () => {
    for (const path of ['api/health', 'API/HEALTH', 'api/health/'])
      for (const headers of WITHOUT) {
        const answer = await send(server.port, 'GET', `${base}${path}`, headers);
        assert.equal(answer.status, 200, path);
        assert.deepEqual(Object.keys(JSON.parse(answer.body) as object).sort(), ['status', 'timestamp'], path);
      }
  });

  it('serves the page and its files without the token', async () => {
    assert.equal((await send(server.port, 'GET', base)).status, 200);
    const bundle = await send(server.port, 'GET', `${base}assets/runner-dash.js`);
    assert.ok([200, 404].includes(bundle.status), `the bundle answered ${bundle.status}`);
    assert.notEqual(bundle.status, 401);
  });

  it('answers every route with the token (the refusals above came from the token, not the route)', async () => {
    for (const [method, path] of routes) {
      const answer = await send(server.port, method, `${base}${path.slice(1)}`, { Authorization: `Bearer ${TOKEN}` });
      assert.notEqual(answer.status, 401, `${method} ${path}`);
      if (method === 'GET') assert.equal(answer.status, 200, `${method} ${path}: ${answer.body.slice(0, 120)}`);
    }
  });

  it('refuses the WebSocket without the token, with a wrong one, or with the token as a cookie', async () => {
    assert.equal(await upgrade(server, ''), 401);
    assert.equal(await upgrade(server, `?token=${WRONG_AT_END}`), 401);
    assert.equal(await upgrade(server, `?token=${TOKEN}&token=${TOKEN}`), 401);
    assert.equal(await upgrade(server, '', { Authorization: `Bearer ${WRONG_AT_START}` }), 401);
    assert.equal(await upgrade(server, '', { Cookie: `token=${TOKEN}` }), 401);
    assert.equal(await upgrade(server, `?token=${encodeURIComponent(TOKEN)}`), 101);
    assert.equal(await upgrade(server, '', { Authorization: `Bearer ${TOKEN}` }), 101);
  });

  it('takes as long to refuse a token wrong from its first character as one wrong only in its last', async function () {
    this.timeout(60_000);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const path = `${base}api/scripts`;
    const time = async (token: string): Promise<number> => {
      const started = process.hrtime.bigint();
      const answer = await send(server.port, 'GET', path, { Authorization: `Bearer ${token}` }, agent);
      const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
      assert.equal(answer.status, 401);
      return elapsed;
    };
    for (let i = 0; i < 200; i++) await time(i % 2 ? WRONG_AT_START : WRONG_AT_END);
    const far: number[] = [];
    const near: number[] = [];
    // Interleaved, alternating which goes first, so drift in machine load hits both alike.
    for (let i = 0; i < 1500; i++) {
      if (i % 2) {
        far.push(await time(WRONG_AT_START));
        near.push(await time(WRONG_AT_END));
      } else {
        near.push(await time(WRONG_AT_END));
        far.push(await time(WRONG_AT_START));
      }
    }
    agent.destroy();
    const [m1, m2] = [median(far), median(near)];
    // Loopback HTTP is noisy; a comparison leaking the matched prefix (one step per character) would not hide in this.
    const tolerance = Math.max(0.15, 0.2 * Math.min(m1, m2));
    assert.ok(
      Math.abs(m1 - m2) <= tolerance,
      `median ${m1.toFixed(3)} ms (wrong from the start) vs ${m2.toFixed(3)} ms (wrong at the end)`,
    );
  });
});
