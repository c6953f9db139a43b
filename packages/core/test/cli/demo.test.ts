import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { inspectDemoTarget } from '../../src/demo/demoMarker.js';
import { fixtureCopy, tempDir } from '../helpers/fixture.js';
import { runCli, type CliRun } from '../helpers/runCli.js';

const cli = (...argv: string[]): Promise<CliRun> => runCli(argv);

const runCount = (path: string): number => {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT COUNT(*) FROM executions').pluck().get() as number;
  } finally {
    db.close();
  }
};
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('runner-dash demo', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.cleanup());

  it('writes a demo of the asked size and says what it planted', async () => {
    const path = join(tmp.dir, 'demo.db');
    const { code, out, err } = await cli(
      'demo',
      '--db',
      path,
      '--runs',
      '400',
      '--days',
      '30',
      '--seed',
      '5',
      '--now',
      '2026-11-28T02:00:00',
    );
    assert.equal(code, 0, err);
    assert.equal(runCount(path), 400);
    assert.equal(inspectDemoTarget(path), 'demo');
    assert.match(out, new RegExp(`^Wrote a demo history to ${path.replace(/[.]/g, '\\.')}\n`));
    assert.match(out, /400 runs of 8 scripts over 30 days \(2026-10-29 → 2026-11-2\d\), [\d,]+ metric rows, seed 5/);
    assert.match(out, /planted: etl\/load_orders\.py runs 30 % slower from 2026-11-20 \d\d:\d\d \(its run #\d+\)/);
    assert.match(
      err,
      /Writing the demo history: 100% \(400\/400\)/,
      'plain progress lines when stderr is not a terminal',
    );
  });

  it('refuses to overwrite a real history without --force, leaving it byte for byte', async () => {
    const fixture = fixtureCopy();
    try {
      const before = sha(fixture.path);
      const { code, out, err } = await cli('demo', '--db', fixture.path, '--runs', '50');
      assert.equal(code, 2);
      assert.equal(out, '');
      assert.match(err, /is not a runner-dash demo \(nor empty\); it was left untouched\. .*--force to replace it/);
      assert.equal(sha(fixture.path), before);

      const forced = await cli('demo', '--db', fixture.path, '--runs', '50', '--force');
      assert.equal(forced.code, 0, forced.err);
      assert.match(forced.out, /\(replaced the previous file\)/);
      assert.equal(runCount(fixture.path), 50);
    } finally {
      fixture.cleanup();
    }
  });

  it('replaces an earlier demo or an empty file without asking', async () => {
    const path = join(tmp.dir, 'demo.db');
    assert.equal((await cli('demo', '--db', path, '--runs', '30')).code, 0);
    assert.equal((await cli('demo', '--db', path, '--runs', '60')).code, 0);
    assert.equal(runCount(path), 60);
    const empty = join(tmp.dir, 'empty.db');
    writeFileSync(empty, '');
    assert.equal((await cli('demo', '--db', empty, '--runs', '20')).code, 0);
    assert.equal(runCount(empty), 20);
  });

  it('writes to the cache folder by default', async () => {
    const saved = process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = tmp.dir;
    try {
      const { code, out } = await cli('demo', '--runs', '40');
      assert.equal(code, 0);
      const path = join(tmp.dir, 'runner-dash', 'demo-history.db');
      assert.match(out, new RegExp(`Wrote a demo history to ${path.replace(/[.]/g, '\\.')}`));
      assert.equal(runCount(path), 40);
    } finally {
      if (saved === undefined) delete process.env.XDG_CACHE_HOME;
      else process.env.XDG_CACHE_HOME = saved;
    }
  });

  it('refuses sizes out of range with a usage line, exit code 2', async () => {
    for (const args of [['--runs', '0'], ['--runs', '2000000'], ['--days=-3'], ['--seed', 'abc']]) {
      const r = await cli('demo', '--db', join(tmp.dir, 'x.db'), ...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, /^runner-dash demo: --\w+ must be a whole number from \d+ to \d+ \(got '[^']+'\)/);
    }
    const dashed = await cli('demo', '--db', join(tmp.dir, 'x.db'), '--days', '-3');
    assert.equal(dashed.code, 2);
    assert.equal(
      dashed.err,
      "runner-dash demo: Option '--days' argument is ambiguous; write it as --days=value (see 'runner-dash demo --help')\n",
    );
    assert.equal(inspectDemoTarget(join(tmp.dir, 'x.db')), 'absent', 'nothing was written');
  });
});
