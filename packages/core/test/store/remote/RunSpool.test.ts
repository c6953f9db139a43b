import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  defaultSpoolDir,
  normalizeServerUrl,
  RunSpool,
  withIdempotencyKey,
  type NewExecution,
} from '../../../src/index.js';
import { tempDir } from '../../helpers/fixture.js';

const SERVER = 'http://dash.example:8000/';
const run = (n: number): NewExecution =>
  withIdempotencyKey({
    script_path: `jobs/${n}.py`,
    start_time: `2026-11-28T01:0${n}:00.000000`,
    end_time: `2026-11-28T01:0${n}:01.000000`,
    execution_time_seconds: 1,
    exit_code: 0,
    success: true,
    metrics: { execution_time_seconds: 1 },
  });

describe('RunSpool', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir('runner-dash-spool-')));
  afterEach(() => cleanup());

  it('keeps one private file per run and lists them oldest first, per server', async () => {
    const spool = new RunSpool(join(dir, 'spool'));
    const runs = [run(1), run(2), run(3)];
    const files: string[] = [];
    for (const r of runs) {
      files.push(spool.add(r === runs[1] ? 'http://other:1/' : SERVER, r));
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    assert.equal(statSync(spool.dir).mode & 0o777, 0o700);
    assert.equal(statSync(files[0]!).mode & 0o777, 0o600);
    const mine = spool.list(SERVER);
    assert.deepEqual(
      mine.runs.map((r) => r.run),
      [runs[0], runs[2]],
    );
    assert.deepEqual(
      spool.list().runs.map((r) => r.file),
      files,
    );
    assert.deepEqual(mine.unreadable, []);
    // No temporary file is left behind: every write ended in its rename.
    assert.deepEqual(
      readdirSync(spool.dir).filter((n) => n.endsWith('.tmp')),
      [],
    );
  });

  it('forgets a run once sent, and a second removal is harmless', () => {
    const spool = new RunSpool(dir);
    const file = spool.add(SERVER, run(1));
    spool.remove(file);
    spool.remove(file);
    assert.deepEqual(spool.list().runs, []);
  });

  it('sets an unreadable file aside as rejected, with the reason, instead of retrying it forever', () => {
    const spool = new RunSpool(dir);
    const good = spool.add(SERVER, run(1));
    writeFileSync(join(dir, '0-broken.run.json'), '{"server": "x", "spooled_at": "now", "run": {"script_path": 1}}');
    const listed = spool.list(SERVER);
    assert.deepEqual(
      listed.runs.map((r) => r.file),
      [good],
    );
    assert.equal(listed.unreadable.length, 1);
    assert.match(listed.unreadable[0]!.reason, /run\.script_path must be a non-empty string/);
    assert.deepEqual(spool.rejected(), [join(dir, '0-broken.rejected.json')]);
    const kept = JSON.parse(readFileSync(spool.rejected()[0]!, 'utf8')) as {
      rejected_reason: string;
      content: unknown;
    };
    assert.match(kept.rejected_reason, /script_path/);
    assert.deepEqual(kept.content, { server: 'x', spooled_at: 'now', run: { script_path: 1 } });
  });

  it('refuses a run without an idempotency key: without it a resend could duplicate the run', () => {
    const spool = new RunSpool(dir);
    const { idempotency_key: _key, ...unkeyed } = run(1);
    assert.throws(() => spool.add(SERVER, unkeyed), /idempotency_key/);
  });

  it('lives in RUNNER_DASH_SPOOL_DIR, else in the cache folder', () => {
    assert.equal(defaultSpoolDir({ RUNNER_DASH_SPOOL_DIR: '/x/spool' }), '/x/spool');
    if (process.platform === 'linux') assert.equal(defaultSpoolDir({ XDG_CACHE_HOME: '/c' }), '/c/runner-dash/spool');
  });
});

describe('normalizeServerUrl', () => {
  it('gives one spelling per server, so spooled runs find their server again', () => {
    assert.equal(normalizeServerUrl('http://Dash.example:8000'), 'http://dash.example:8000/');
    assert.equal(normalizeServerUrl('https://dash.example/runner'), 'https://dash.example/runner/');
  });

  it('refuses what is not a plain http(s) address, saying what to pass', () => {
    assert.throws(() => normalizeServerUrl('dash:8000'), /must be an http:\/\/ or https:\/\//);
    assert.throws(() => normalizeServerUrl('not a url'), /is not a URL/);
    assert.throws(() => normalizeServerUrl('http://user:pw@dash/'), /no user, password/);
    assert.throws(() => normalizeServerUrl('http://dash/?token=x'), /pass the token with --token/);
  });
});
