import { statSync, watch, type FSWatcher, type Stats } from 'node:fs';
import { basename, dirname } from 'node:path';
import { openHistory, type ChangeCursor, type ExecutionSummary, type HistoryStore } from '@runner-dash/core';
import type { DatabaseState } from '../protocol.js';
import { describeDatabaseError } from './describeDatabaseError.js';

/** Options of {@link HistoryConnection}. */
export interface HistoryConnectionOptions {
  /**
   * How often the file's size and time are compared when the file system sends no event
   * (network drives, some containers). Default 1000 ms, the view's promise.
   */
  pollMs?: number;
  /** Events closer together than this are one check (a commit touches the file several times). Default 40 ms. */
  settleMs?: number;
}

/** What a {@link HistoryConnection} reports. */
export interface ConnectionListener {
  /** The database became usable, unusable, or was opened again. */
  state?(state: DatabaseState): void;
  /** Something was committed; `executions` are the new runs (empty for deletions, metric rows…). */
  changed?(executions: ExecutionSummary[]): void;
}

type FileMark = { size: number; mtimeMs: number; ino: number } | undefined;
const mark = (stats: Stats | undefined): FileMark =>
  stats ? { size: stats.size, mtimeMs: stats.mtimeMs, ino: stats.ino } : undefined;
const sameMark = (a: FileMark, b: FileMark): boolean =>
  a === b || (!!a && !!b && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino);

/**
 * One history database as the extension sees it: opened read-only through core, watched
 * so that a run recorded by anyone (this extension, the CLI, runner.py) is reported within
 * a second, and opened again when the file appears, is replaced or becomes valid. It never
 * throws at its users: an unusable database is a {@link DatabaseState} with a message.
 *
 * Free of `vscode`, so it is tested against real files.
 */
export class HistoryConnection {
  readonly path: string;
  private store: HistoryStore | undefined;
  private cursor: ChangeCursor | undefined;
  private current: DatabaseState;
  private readonly listeners = new Set<ConnectionListener>();
  private watcher: FSWatcher | undefined;
  private poller: ReturnType<typeof setInterval> | undefined;
  private settleTimer: ReturnType<typeof setTimeout> | undefined;
  private lastMark: FileMark;
  private checking: Promise<void> | undefined;
  private again = false;
  private disposed = false;
  private readonly settleMs: number;

  constructor(path: string, options: HistoryConnectionOptions = {}) {
    this.path = path;
    this.settleMs = options.settleMs ?? 40;
    this.current = { path, ok: false, message: `Opening ${path}…` };
    this.poller = setInterval(() => this.pollFile(), options.pollMs ?? 1000);
    this.poller.unref?.();
    this.watchFolder();
  }

  /** The database's state now. */
  get state(): DatabaseState {
    return this.current;
  }

  /** Opens the database (again, if it was unusable); resolves when the state is known. */
  async start(): Promise<DatabaseState> {
    this.lastMark = mark(statSync(this.path, { throwIfNoEntry: false }));
    await this.check();
    return this.current;
  }

  /** Listens for state changes and new runs; returns the function that stops listening. */
  listen(listener: ConnectionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Runs a query on the open store. Rejects with the database's message when it is not
   * usable, so a view asking a question gets the same words as the view's banner.
   */
  async use<T>(query: (store: HistoryStore) => Promise<T>): Promise<T> {
    if (this.checking) await this.checking;
    const store = this.store;
    if (!store) throw new DatabaseUnavailableError(this.current.message ?? `${this.path} is not open.`);
    return query(store);
  }

  /** Looks at the file now (the watcher calls this; so can a command that just wrote to it). */
  refresh(): Promise<void> {
    return this.check();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.watcher?.close();
    clearInterval(this.poller);
    clearTimeout(this.settleTimer);
    this.listeners.clear();
    if (this.checking) await this.checking.catch(() => undefined);
    await this.closeStore();
  }

  // The folder, not the file: runner.py's commit goes through a `-journal` file, and a
  // database that does not exist yet (or is replaced) has no file to watch.
  private watchFolder(): void {
    const name = basename(this.path);
    try {
      this.watcher = watch(dirname(this.path), { persistent: false }, (_event, file) => {
        if (file === null || file === name || String(file).startsWith(`${name}-`)) this.schedule();
      });
      this.watcher.on('error', () => {
        // The folder went away; the poller keeps looking.
        this.watcher?.close();
        this.watcher = undefined;
      });
    } catch {
      // No folder (yet) or no watch support: the poller alone reports changes.
      this.watcher = undefined;
    }
  }

  private pollFile(): void {
    if (this.disposed) return;
    if (!this.watcher) this.watchFolder();
    const now = mark(statSync(this.path, { throwIfNoEntry: false }));
    if (!sameMark(now, this.lastMark)) this.schedule();
  }

  private schedule(): void {
    if (this.disposed) return;
    clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => void this.check(), this.settleMs);
  }

  /** One check at a time; a request during a check runs one more afterwards. */
  private check(): Promise<void> {
    if (this.checking) {
      this.again = true;
      return this.checking;
    }
    this.checking = (async () => {
      try {
        do {
          this.again = false;
          await this.checkOnce();
        } while (this.again && !this.disposed);
      } finally {
        this.checking = undefined;
      }
    })();
    return this.checking;
  }

  private async checkOnce(): Promise<void> {
    if (this.disposed) return;
    const before = this.lastMark;
    const now = mark(statSync(this.path, { throwIfNoEntry: false }));
    this.lastMark = now;
    // A new file under the same name (deleted and recorded again, copied over): start afresh.
    const replaced = !!this.store && (!now || (!!before && now.ino !== before.ino));
    if (replaced) await this.closeStore();
    if (!this.store) {
      await this.open();
      // Whatever the new file holds is news to whoever watches the old one.
      if (replaced && this.store) this.emitChanged([]);
      return;
    }
    try {
      const changes = await this.store.pollChanges(this.cursor);
      this.cursor = changes.cursor;
      if (changes.changed) this.emitChanged(changes.executions);
    } catch (err) {
      await this.closeStore();
      this.setState({ path: this.path, ok: false, message: describeDatabaseError(this.path, err) });
    }
  }

  private async open(): Promise<void> {
    try {
      const store = await openHistory(this.path);
      if (this.disposed) {
        await store.close();
        return;
      }
      this.store = store;
      this.cursor = (await store.pollChanges()).cursor;
      this.setState({ path: this.path, ok: true });
    } catch (err) {
      await this.closeStore();
      this.setState({ path: this.path, ok: false, message: describeDatabaseError(this.path, err) });
    }
  }

  private async closeStore(): Promise<void> {
    const store = this.store;
    this.store = undefined;
    this.cursor = undefined;
    await store?.close().catch(() => undefined);
  }

  private setState(state: DatabaseState): void {
    const same = state.ok === this.current.ok && state.message === this.current.message;
    this.current = state;
    if (!same) for (const l of [...this.listeners]) l.state?.(state);
  }

  private emitChanged(executions: ExecutionSummary[]): void {
    for (const l of [...this.listeners]) l.changed?.(executions);
  }
}

/** A question was asked while the database is not usable; `message` says why and what to do. */
export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError';
}
