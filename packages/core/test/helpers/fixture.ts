import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The real runner.py 7.5 history every test suite reads (never written: copy it first). */
export const FIXTURE_DB = fileURLToPath(
  new URL('../../../../../shared/fixtures/python-script-runner-history.db', import.meta.url),
);

/** `now` pinned for windowed queries over the fixture (design.md §2). */
export const FIXTURE_NOW = '2026-11-28T02:00:00';

/** A fresh temporary folder; `cleanup()` removes it. */
export function tempDir(prefix = 'runner-dash-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A copy of the fixture in a temporary folder, for tests that write or lock it. */
export function fixtureCopy(): { path: string; dir: string; cleanup: () => void } {
  const { dir, cleanup } = tempDir();
  const path = join(dir, 'history.db');
  copyFileSync(FIXTURE_DB, path);
  return { path, dir, cleanup };
}

/**
 * Call inside a `describe`: temporary folders (`temp()`) and fixture copies (`copy()`), each
 * removed after the test that made it, whether it passed or not.
 */
export function perTestTempFiles(): { temp: () => string; copy: () => { path: string; dir: string } } {
  let cleanups: Array<() => void> = [];
  afterEach(() => {
    cleanups.forEach((c) => c());
    cleanups = [];
  });
  return {
    temp: () => {
      const t = tempDir();
      cleanups.push(t.cleanup);
      return t.dir;
    },
    copy: () => {
      const c = fixtureCopy();
      cleanups.push(c.cleanup);
      return { path: c.path, dir: c.dir };
    },
  };
}
