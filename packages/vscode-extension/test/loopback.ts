import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WebviewPort } from '../src/host/WebviewBridge.js';
import type { HostMessage } from '../src/protocol.js';

/** The shared fixtures beside the checkout (`../shared/fixtures`): a real runner.py history and its scripts. */
export const FIXTURES = fileURLToPath(new URL('../../../../shared/fixtures/', import.meta.url));
/** The runner.py history the tests read (never written: tests work on copies). */
export const FIXTURE = join(FIXTURES, 'python-script-runner-history.db');
/** The clock of every windowed query over the fixture. */
export const FIXTURE_NOW = '2026-11-28T02:00:00';

/** A temporary folder holding a copy of the fixture; `remove` deletes it. */
export function fixtureCopy(): { dir: string; db: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'runner-dash-vscode-'));
  const db = join(dir, 'script_runner_history.db');
  copyFileSync(FIXTURE, db);
  return { dir, db, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The two ends of a webview's message channel, as VS Code gives them: the host's
 * {@link WebviewPort} and the page's `post`/`receive`. Every message is structured-cloned,
 * as postMessage does; `hostSent` keeps what the host posted.
 */
export function messageChannel(): {
  port: WebviewPort;
  postFromPage(message: unknown): void;
  onPageMessage(listener: (message: unknown) => void): void;
  hostSent: HostMessage[];
} {
  let hostListener: ((message: unknown) => void) | undefined;
  let pageListener: ((message: unknown) => void) | undefined;
  const hostSent: HostMessage[] = [];
  return {
    hostSent,
    port: {
      postMessage(message) {
        hostSent.push(structuredClone(message));
        setImmediate(() => pageListener?.(structuredClone(message)));
        return Promise.resolve(true);
      },
      onDidReceiveMessage(listener) {
        hostListener = listener;
        return { dispose: () => (hostListener = undefined) };
      },
    },
    postFromPage(message) {
      const copy = structuredClone(message);
      setImmediate(() => hostListener?.(copy));
    },
    onPageMessage(listener) {
      pageListener = listener;
    },
  };
}
