import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { startServer } from '../../src/index.js';
import { copyFixture, FIXTURE_NOW, startFixtureServer, type FixtureServer } from '../fixtureServer.js';
import { silentLogger } from '../../src/index.js';

const TOKEN = 'ingest-token-7';
const AUTH = { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' };

/** A valid run as the recorder sends it. */
const run = (n: number, over: Record<string, unknown> = {}): Record<string, unknown> => ({
  script_path: 'remote/job.py',
  script_args: ['--n', String(n)],
  start_time: `2026-11-28T01:5${n % 10}:00.123456`,
  end_time: `2026-11-28T01:5${n % 10}:01.000000`,
  execution_time_seconds: 0.5 + n / 100,
  exit_code: 0,
  success: true,
  attempt_number: 1,
  timed_out: false,
  stdout_lines: 3,
  stderr_lines: 0,
  python_version: '3.11.2',
  platform: 'Linux-6.1-x86_64',
  metrics: { execution_time_seconds: 0.5 + n / 100, cpu_max: 12.5, memory_max_mb: 20 },
  ...over,
});

describe('POST /api/ingest/executions', () => {
  let server: FixtureServer;
  const post = (body: unknown, headers: Record<string, string> = AUTH): Promise<Response> =>
    server.get('api/ingest/executions', {
      method: 'POST',
      headers,
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const count = (): number => {
    const db = new Database(server.dbPath, { readonly: true });
    try {
      return db.prepare('SELECT COUNT(*) FROM executions').pluck().get() as number;
    } finally {
      db.close();
    }
  };
  before(async () => {
    server = await startFixtureServer({ token: TOKEN, ingest: true });
  });
  after(() => server.stop());

  it('records one run with its metrics and answers 201 with its id', async () => {
    const res = await post(run(1, { idempotency_key: 'one-1' }));
    assert.equal(res.status, 201);
    const answer = (await res.json()) as { id: number; duplicate: boolean };
    assert.deepEqual(answer, { id: 41, duplicate: false });
    const detail = (await (await server.get('api/execution/41', { headers: AUTH })).json()) as Record<string, unknown>;
    assert.equal(detail.script_path, 'remote/job.py');
    assert.equal(detail.start_time, '2026-11-28T01:51:00.123456');
    assert.equal(detail.script_args, '["--n","1"]');
    assert.deepEqual(detail.metrics, { cpu_max: 12.5, execution_time_seconds: 0.51, memory_max_mb: 20 });
  });

  it('answers a retried run 200 with the id it was first recorded under, writing nothing', async () => {
    const before = count();
    const res = await post(run(1, { idempotency_key: 'one-1' }));
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { id: 41, duplicate: true });
    assert.equal(count(), before);
  });

  it('takes the key of a single run from the Idempotency-Key header too', async () => {
    const first = await post(run(2), { ...AUTH, 'Idempotency-Key': 'header-2' });
    assert.equal(first.status, 201);
    const { id } = (await first.json()) as { id: number };
    const again = await post(run(2), { ...AUTH, 'Idempotency-Key': 'header-2' });
    assert.equal(again.status, 200);
    assert.deepEqual(await again.json(), { id, duplicate: true });
    const same = await post(run(2, { idempotency_key: 'header-2' }));
    assert.deepEqual(await same.json(), { id, duplicate: true });
    const conflict = await post(run(2, { idempotency_key: 'other' }), { ...AUTH, 'Idempotency-Key': 'header-2' });
    assert.equal(conflict.status, 400);
    assert.match(
      ((await conflict.json()) as { detail: string }).detail,
      /Idempotency-Key header and idempotency_key differ/,
    );
  });

  it('records a batch all at once, and a resent batch only where it is new', async () => {
    const batch = [3, 4, 5].map((n) => run(n, { idempotency_key: `batch-${n}` }));
    const res = await post({ executions: batch });
    assert.equal(res.status, 201);
    const answer = (await res.json()) as { executions: Array<{ id: number; duplicate: boolean }>; recorded: number };
    assert.equal(answer.recorded, 3);
    const ids = answer.executions.map((e) => e.id);
    assert.deepEqual(ids, [ids[0]!, ids[0]! + 1, ids[0]! + 2]);
    const before = count();
    const resent = await post({ executions: [...batch, run(6, { idempotency_key: 'batch-6' })] });
    assert.equal(resent.status, 201);
    const again = (await resent.json()) as typeof answer & { duplicates: number };
    assert.deepEqual(
      again.executions.map((e) => e.duplicate),
      [true, true, true, false],
    );
    assert.deepEqual(
      again.executions.slice(0, 3).map((e) => e.id),
      ids,
    );
    assert.equal(again.recorded, 1);
    assert.equal(again.duplicates, 3);
    assert.equal(count(), before + 1);
    const allOld = await post({ executions: batch });
    assert.equal(allOld.status, 200);
  });

  it('refuses a bad field with a 400 naming it, and writes nothing of that batch', async () => {
    const before = count();
    const cases: Array<[unknown, RegExp]> = [
      [
        { executions: [run(1), run(2), run(3), run(4, { exit_code: '2' })] },
        /^executions\[3\]\.exit_code must be an integer \(got "2"\)/,
      ],
      [{ executions: [run(1, { success: 'yes' })] }, /^executions\[0\]\.success must be true or false/],
      [
        { executions: [run(1, { metrics: { cpu_max: 'high' } })] },
        /^executions\[0\]\.metrics\.cpu_max must be a finite number/,
      ],
      [{ executions: [run(1, { start_time: 'yesterday' })] }, /^executions\[0\]\.start_time must be a local ISO time/],
      [{ executions: [run(1, { exit_cod: 1 })] }, /^executions\[0\]\.exit_cod is not a field of a run/],
      [run(1, { script_path: '' }), /^script_path must be a non-empty string/],
      [run(1, { execution_time_seconds: -1 }), /^execution_time_seconds must be a number of seconds, 0 or more/],
      [run(1, { idempotency_key: 'x'.repeat(201) }), /^idempotency_key must be a string of 1 to 200 characters/],
      [run(1, { script_args: ['a', 3] }), /^script_args\[1\] must be a string/],
      [{ executions: [] }, /executions must be a non-empty array/],
      [{ executions: [run(1)], extra: 1 }, /extra is not a field of a batch/],
      [[run(1)], /the body must be one run/],
      ['{"script_path": ', /not valid JSON/],
    ];
    for (const [body, pattern] of cases) {
      const res = await post(body);
      assert.equal(res.status, 400, String(pattern));
      assert.match(((await res.json()) as { detail: string }).detail, pattern);
    }
    const batchHeader = await post({ executions: [run(1)] }, { ...AUTH, 'Idempotency-Key': 'k' });
    assert.equal(batchHeader.status, 400);
    assert.equal(count(), before);
  });

  it('refuses a body over 1 MB with 413, declared or streamed, without writing', async () => {
    const before = count();
    const big = JSON.stringify({ executions: Array.from({ length: 4000 }, (_, i) => run(i)) });
    assert.ok(big.length > 1024 * 1024);
    const declared = await post(big);
    assert.equal(declared.status, 413);
    assert.match(((await declared.json()) as { detail: string }).detail, /1 MB/);
    // Chunked, without a Content-Length: refused once the limit is passed while reading.
    const chunk = new TextEncoder().encode(big.slice(0, 64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 40) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const streamed = await server.get('api/ingest/executions', {
      method: 'POST',
      headers: AUTH,
      body: stream,
      duplex: 'half',
    } as RequestInit);
    assert.equal(streamed.status, 413);
    assert.equal(count(), before);
  });

  it('wants JSON: another content type is a 415', async () => {
    const res = await post(JSON.stringify(run(1)), { Authorization: AUTH.Authorization, 'Content-Type': 'text/plain' });
    assert.equal(res.status, 415);
    assert.match(((await res.json()) as { detail: string }).detail, /application\/json/);
  });

  it('needs the token: 401 without it or with a wrong one', async () => {
    for (const headers of [{ 'Content-Type': 'application/json' }, { ...AUTH, Authorization: 'Bearer nope' }]) {
      const res = await post(run(9), headers);
      assert.equal(res.status, 401);
    }
  });

  it('shows ingested runs in the API like any other run', async () => {
    const scripts = (await (await server.get('api/scripts', { headers: AUTH })).json()) as Array<{
      path: string;
      execution_count: number;
    }>;
    assert.equal(scripts.find((s) => s.path === 'remote/job.py')?.execution_count, 6);
  });
});

describe('ingest switched off', () => {
  it('answers 404 when the server has a token but was started without ingest', async () => {
    const server = await startFixtureServer({ token: TOKEN });
    try {
      const res = await server.get('api/ingest/executions', {
        method: 'POST',
        headers: AUTH,
        body: JSON.stringify(run(1)),
      });
      assert.equal(res.status, 404);
      assert.match(((await res.json()) as { detail: string }).detail, /--ingest/);
    } finally {
      await server.stop();
    }
  });

  it('answers 403 without a token, never accepting an anonymous write', async () => {
    const server = await startFixtureServer();
    try {
      const res = await server.get('api/ingest/executions', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(run(1)),
      });
      assert.equal(res.status, 403);
      assert.match(((await res.json()) as { detail: string }).detail, /--token/);
      assert.equal(server.hashBefore, (await import('../fixtureServer.js')).sha256(server.dbPath));
    } finally {
      await server.stop();
    }
  });

  it('refuses to start with ingest but without a token', async () => {
    const copy = copyFixture();
    try {
      await assert.rejects(
        startServer({ dbPath: copy.dbPath, port: 0, ingest: true, now: FIXTURE_NOW, log: silentLogger }),
        /ingest needs a token/,
      );
    } finally {
      copy.cleanup();
    }
  });
});
