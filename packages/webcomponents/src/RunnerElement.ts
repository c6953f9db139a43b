import { LitElement, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import type { DataSource } from './data/DataSource.js';
import { dataSourceFor } from './data/dataSourceFor.js';
import { isDataSourceError } from './data/DataSourceError.js';

/** What an element is showing: the data, or why there is none yet. */
export type LoadState = 'loading' | 'ready' | 'empty' | 'error';

/**
 * The base of every runner-dash element: where its data comes from (`dataSource`
 * property, else `src` + `token` attributes, else the page's own server) and a load
 * cycle that never leaves the element blank: loading, empty and error are states too.
 *
 * @fires runner-auth-required - when the server answered 401; the dashboard asks for a token.
 */
export abstract class RunnerElement extends LitElement {
  /** The server's base URL; default: the page's own server (relative to the page). */
  @property() src = '';
  /** Bearer token for a server started with `--token`. */
  @property() token = '';
  /** A data source to use instead of `src`/`token` (the dashboard shares its own). */
  @property({ attribute: false }) dataSource: DataSource | undefined;

  @property({ reflect: true }) state: LoadState = 'loading';
  /** Why the last load failed, for people. */
  protected errorMessage = '';
  private loadSeq = 0;
  private started = false;

  /** The data source in use. */
  protected get source(): DataSource {
    return this.dataSource ?? dataSourceFor(this.src || undefined, this.token || undefined);
  }

  /** Loads the element's data; resolves to the state to show. Called by {@link reload}. */
  protected abstract load(source: DataSource): Promise<'ready' | 'empty'>;

  /** The properties whose change means the data must be loaded again. */
  protected reloadOn(): PropertyKey[] {
    return [];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Re-attached after a move in the DOM: the data may be stale.
    if (this.started) void this.reload(true);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // A load still in flight must not touch a detached element's state.
    this.loadSeq += 1;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (!this.started) {
      this.started = true;
      void this.reload();
      return;
    }
    const keys: PropertyKey[] = ['src', 'token', 'dataSource', ...this.reloadOn()];
    if (keys.some((key) => changed.has(key))) void this.reload();
  }

  /**
   * Loads again. `quiet` keeps the current view while loading (refreshes and live
   * updates); a load overtaken by a newer one is discarded.
   */
  async reload(quiet = false): Promise<void> {
    const seq = ++this.loadSeq;
    if (!quiet || this.state === 'error') this.state = 'loading';
    try {
      const state = await this.load(this.source);
      if (seq !== this.loadSeq) return;
      this.state = state;
    } catch (err) {
      if (seq !== this.loadSeq) return;
      this.errorMessage = err instanceof Error ? err.message : String(err);
      this.state = 'error';
      if (isDataSourceError(err) && err.needsToken) {
        this.dispatchEvent(new CustomEvent('runner-auth-required', { bubbles: true, composed: true }));
      }
    }
    this.requestUpdate();
  }

  /** True when this load is still the newest (for loads that update in stages). */
  protected isCurrentLoad(seq: number): boolean {
    return seq === this.loadSeq;
  }

  protected get currentLoad(): number {
    return this.loadSeq;
  }
}
