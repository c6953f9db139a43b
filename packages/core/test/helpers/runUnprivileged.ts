import { execFile } from 'node:child_process';
import { chmodSync, copyFileSync, linkSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout's root, from which `--import tsx` and the development condition resolve. */
const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const NOBODY = 65534;

/** A copy of this Node binary that `nobody` can run (ours may live under root's home). */
function nodeForNobody(): { path: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'runner-dash-node-'));
  chmodSync(dir, 0o755);
  const path = join(dir, 'node');
  try {
    linkSync(process.execPath, path);
  } catch {
    copyFileSync(process.execPath, path);
    chmodSync(path, 0o755);
  }
  return { path, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Runs a TypeScript file of this checkout in a child process that permission bits really
 * bind: as `nobody` when we are root (root ignores read-only folders and files), as
 * ourselves otherwise. Resolves with what it printed on stdout; rejects when it fails.
 */
export async function runUnprivileged(script: string, args: string[]): Promise<string> {
  const asRoot = process.getuid?.() === 0;
  const node = asRoot ? nodeForNobody() : { path: process.execPath, cleanup: () => undefined };
  try {
    return await new Promise((resolve, reject) => {
      execFile(
        node.path,
        ['--conditions=development', '--import', 'tsx', script, ...args],
        {
          cwd: REPO_ROOT,
          env: { PATH: process.env.PATH, HOME: tmpdir() },
          timeout: 20_000,
          ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
        },
        (err, stdout, stderr) =>
          err ? reject(new Error(`${script} failed: ${stderr || err.message}`)) : resolve(stdout),
      );
    });
  } finally {
    node.cleanup();
  }
}
