import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { defaultDemoCacheDir } from '../../demo/ensureDemoDatabase.js';
import type { NewExecution } from '../../types.js';
import { parseNewExecution } from '../parseNewExecution.js';

/** One run waiting in the spool. */
export interface SpooledRun {
  /** The spool file. */
  file: string;
  /** The server it is meant for (a normalized base URL). */
  server: string;
  /** When it was spooled (ISO UTC). */
  spooled_at: string;
  /** The run, with its idempotency key. */
  run: NewExecution;
}

/** A spool file that could not be read back or that a server refused for good. */
export interface RejectedRun {
  file: string;
  reason: string;
}

const SUFFIX = '.run.json';
const REJECTED_SUFFIX = '.rejected.json';

/**
 * The spool folder: `RUNNER_DASH_SPOOL_DIR`, else `spool/` in runner-dash's cache folder
 * (`~/.cache/runner-dash/spool` on Linux).
 */
export function defaultSpoolDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.RUNNER_DASH_SPOOL_DIR || join(defaultDemoCacheDir(env), 'spool');
}

/** Writes `text` to `path` so that readers see the old state or the whole new file, never a part. */
function writeAtomically(dir: string, path: string, text: string): void {
  const temp = join(dir, `.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
}

/**
 * Runs that could not be sent to a remote history, one JSON file per run, each written
 * atomically (temp file, fsync, rename), so a crash or a full disk never leaves half a run
 * behind and two recorders never write the same file. A run leaves the spool only once a
 * server has confirmed it; one a server refused for good is renamed `*.rejected.json` and
 * kept for a person to look at. Runs keep their idempotency key, so a run sent twice (two
 * flushes at once, a lost answer) is still recorded once.
 */
export class RunSpool {
  constructor(readonly dir: string = defaultSpoolDir()) {}

  /** Keeps `run` (which must carry its idempotency key) for `server`; answers the file. */
  add(server: string, run: NewExecution): string {
    if (run.idempotency_key === undefined) throw new TypeError('a spooled run needs its idempotency_key');
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const safeKey = run.idempotency_key.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 80);
    const file = join(this.dir, `${Date.now()}-${safeKey}-${randomBytes(3).toString('hex')}${SUFFIX}`);
    const entry = { server, spooled_at: new Date().toISOString(), run };
    writeAtomically(this.dir, file, `${JSON.stringify(entry, null, 2)}\n`);
    return file;
  }

  /**
   * The waiting runs, oldest first, for one server or all. Files that cannot be read back
   * as a run are set aside as rejected (and listed) rather than retried forever.
   */
  list(server?: string): { runs: SpooledRun[]; unreadable: RejectedRun[] } {
    const runs: SpooledRun[] = [];
    const unreadable: RejectedRun[] = [];
    for (const name of this.names(SUFFIX)) {
      const file = join(this.dir, name);
      let entry: { server?: unknown; spooled_at?: unknown; run?: unknown };
      try {
        entry = JSON.parse(readFileSync(file, 'utf8')) as typeof entry;
        if (typeof entry.server !== 'string' || typeof entry.spooled_at !== 'string')
          throw new TypeError('no server or spooled_at');
        const run = parseNewExecution(entry.run, 'run');
        if (run.idempotency_key === undefined) throw new TypeError('run.idempotency_key is missing');
        if (server === undefined || entry.server === server)
          runs.push({ file, server: entry.server, spooled_at: entry.spooled_at, run });
      } catch (err) {
        // Gone meanwhile: another flush sent it.
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
        const reason = `not a spooled run: ${(err as Error).message}`;
        unreadable.push({ file: this.reject(file, reason), reason });
      }
    }
    return { runs, unreadable };
  }

  /** Runs a server refused for good, kept for a person to look at. */
  rejected(): string[] {
    return this.names(REJECTED_SUFFIX).map((name) => join(this.dir, name));
  }

  /** Forgets a run once a server has it. Already gone is fine (another flush sent it). */
  remove(file: string): void {
    rmSync(file, { force: true });
  }

  /** Sets a run aside for good with the reason beside it; answers the new file. */
  reject(file: string, reason: string): string {
    const target = file.endsWith(SUFFIX) ? file.slice(0, -SUFFIX.length) + REJECTED_SUFFIX : file + REJECTED_SUFFIX;
    let content: unknown;
    try {
      content = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      content = readFileSync(file, 'utf8');
    }
    writeAtomically(this.dir, target, `${JSON.stringify({ rejected_reason: reason, content }, null, 2)}\n`);
    rmSync(file, { force: true });
    return target;
  }

  // Sorted names: files start with the time they were spooled, so this is oldest first.
  private names(suffix: string): string[] {
    try {
      return readdirSync(this.dir)
        .filter((n) => n.endsWith(suffix))
        .sort();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
  }
}
