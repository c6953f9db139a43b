import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { version } from '../src/index.js';
import { copyFixture } from './fixtureServer.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

// Slow by nature (npm pack + npm install); kept in its own file so it can be run or skipped alone.
describe('npx runner-dash-server from the packed tarballs, installed in an empty folder', function () {
  this.timeout(90_000);
  let dir: string;
  before(function () {
    for (const pkg of ['core', 'server'])
      if (!existsSync(join(ROOT, 'packages', pkg, 'dist', 'index.js')))
        throw new Error(`packages/${pkg}/dist is missing: run 'npx tsc -b' first (npm test builds first)`);
    dir = mkdtempSync(join(tmpdir(), 'runner-dash-npx-'));
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('installs, answers --version and serves the API over a history', async () => {
    const packs = join(dir, 'packs');
    const app = join(dir, 'app');
    for (const d of [packs, app]) (await import('node:fs')).mkdirSync(d);
    // webcomponents too: the server depends on it for the dashboard bundle.
    await run(
      'npm',
      [
        'pack',
        '--ignore-scripts',
        '--pack-destination',
        packs,
        '-w',
        'packages/core',
        '-w',
        'packages/webcomponents',
        '-w',
        'packages/server',
      ],
      { cwd: ROOT },
    );
    const tarballs = readdirSync(packs).map((f) => join(packs, f));
    assert.equal(tarballs.length, 3, tarballs.join(', '));
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'empty-app', private: true }));
    await run('npm', ['install', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund', ...tarballs], {
      cwd: app,
    });

    const { stdout } = await run('npx', ['--no-install', 'runner-dash-server', '--version'], { cwd: app });
    assert.equal(stdout.trim(), `runner-dash-server ${version}`);

    const copy = copyFixture();
    const child = spawn('npx', ['--no-install', 'runner-dash-server', '--db', copy.dbPath, '--port', '0'], {
      cwd: app,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`no start line: ${out}`)), 30_000);
        child.stdout!.on('data', (d) => {
          out += d;
          const match = /dashboard at (http:\/\/\S+)/.exec(out);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]!);
          }
        });
        child.stderr!.on('data', (d) => (out += d));
      });
      const scripts = (await (await fetch(new URL('api/scripts', url))).json()) as unknown[];
      assert.equal(scripts.length, 5);
      const page = await fetch(url);
      assert.equal(page.status, 200);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      // npx runs the bin in a child of its own: signal the whole group we started.
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
      copy.cleanup();
    }
  });
});
