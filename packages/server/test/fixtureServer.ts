import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger, startServer, type RunningServer, type ServerOptions } from '../src/index.js';

/** The real runner.py history all server tests read (through a copy). */
export const FIXTURE = '/work/shared/fixtures/python-script-runner-history.db';
/** "Now" for every time window over the fixture. */
export const FIXTURE_NOW = '2026-11-28T02:00:00';

/** sha256 of a file, to prove the server never wrote to it. */
export function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** A copy of the fixture in its own temp folder. */
export function copyFixture(): { dir: string; dbPath: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'runner-dash-server-test-'));
  const dbPath = join(dir, 'history.db');
  copyFileSync(FIXTURE, dbPath);
  return { dir, dbPath, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A running server over a copy of the fixture, and the means to check the copy is untouched. */
export interface FixtureServer extends RunningServer {
  dbPath: string;
  dir: string;
  /** sha256 of the copy when the server started. */
  hashBefore: string;
  /** GET relative to the server's URL. */
  get(path: string, init?: RequestInit): Promise<Response>;
  /** Stops the server and removes the copy. */
  stop(): Promise<void>;
  /**
   * For suites that only read: stops the server like {@link stop}, then asserts the copy is
   * still byte-identical to {@link hashBefore} (read when called, so a suite that writes its
   * own set-up first may set it anew).
   */
  stopUnchanged(): Promise<void>;
}

/** Starts the real server on 127.0.0.1, port 0, over a fresh copy of the fixture. */
export async function startFixtureServer(options: Partial<ServerOptions> = {}): Promise<FixtureServer> {
  const copy = copyFixture();
  const hashBefore = sha256(copy.dbPath);
  const server = await startServer({
    dbPath: copy.dbPath,
    host: '127.0.0.1',
    port: 0,
    now: FIXTURE_NOW,
    log: silentLogger,
    ...options,
  });
  const fixture: FixtureServer = {
    ...server,
    dbPath: copy.dbPath,
    dir: copy.dir,
    hashBefore,
    get: (path, init) => fetch(new URL(path, server.url), init),
    stop: async () => {
      await server.close();
      copy.cleanup();
    },
    stopUnchanged: async () => {
      // Hashed before stopping, but asserted after, so a changed file never leaves the server running.
      const hashAfter = sha256(copy.dbPath);
      await fixture.stop();
      assert.equal(hashAfter, fixture.hashBefore, 'the database file must be byte-identical');
    },
  };
  return fixture;
}
