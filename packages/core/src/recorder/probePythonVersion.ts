import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';

/**
 * Asks an interpreter for its version the way runner.py stores it (`sys.version`, e.g.
 * `3.11.2 (main, Apr 28 2025, 14:11:48) [GCC 12.2.0]`). `python -VV` prints exactly that
 * after `Python ` without importing `site`, yet behind a pyenv shim it still takes ~60 ms,
 * so the recorder starts it beside the script, never before it, and at the lowest CPU
 * priority so it does not slow the run being measured. Resolves to null when the
 * interpreter cannot say (missing, too old, or slower than `timeoutMs`); never rejects.
 */
export function probePythonVersion(python: string, timeoutMs = 5000): Promise<string | null> {
  return new Promise((resolve) => {
    let output = '';
    let settled = false;
    const finish = (value: string | null): void => {
      if (settled) return;
      settled = true;
      resolve(value);
    };
    const child = spawn(python, ['-VV'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
    });
    // Python 2 printed its version on stderr, so read both.
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.on('error', () => finish(null));
    child.on('close', () => {
      const match = /^Python (\S.*)$/m.exec(output);
      finish(match ? (match[1] as string).trim() : null);
    });
    if (child.pid !== undefined) {
      try {
        setPriority(child.pid, 19);
      } catch {
        // not permitted or already gone: the probe just runs at normal priority
      }
    }
  });
}
