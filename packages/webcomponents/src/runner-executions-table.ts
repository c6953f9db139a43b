import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { ExecutionSummary, LiveEvent } from './data/apiTypes.js';
import type { DataSource } from './data/DataSource.js';
import { executionStatus } from './executionStatus.js';
import { formatDateTime, formatDuration, formatNumber, parseTimestamp } from './format.js';
import { RunnerElement } from './RunnerElement.js';
import './runner-execution-detail.js';
import { sortExecutions, type ExecutionSort, type ExecutionSortKey } from './sortExecutions.js';
import { executionsTableStyles } from './styles/executionsTableStyles.js';
import { sharedStyles } from './styles/sharedStyles.js';
import { themeStyles } from './styles/themeStyles.js';

const COLUMNS: Array<{ key: ExecutionSortKey; label: string; num?: boolean; narrow?: boolean }> = [
  { key: 'id', label: 'Run', num: true },
  { key: 'script_path', label: 'Script' },
  { key: 'timestamp', label: 'Recorded', narrow: true },
  { key: 'execution_time_seconds', label: 'Duration', num: true },
  { key: 'exit_code', label: 'Exit', num: true, narrow: true },
  { key: 'attempt_number', label: 'Attempt', num: true, narrow: true },
];

/**
 * The latest runs, newest first, with "load more" paging, sortable columns, status badges
 * and new runs arriving live. Activating a row opens its `<runner-execution-detail>`.
 *
 * @fires runner-execution-select - a row was opened; `detail: {id}`.
 * @fires runner-auth-required - the server wants a token.
 */
@customElement('runner-executions-table')
export class RunnerExecutionsTable extends RunnerElement {
  static override styles = [themeStyles, sharedStyles, executionsTableStyles];

  /** Only this script's runs; every script when empty. */
  @property() script = '';
  /** Rows per page. */
  @property({ type: Number, attribute: 'page-size' }) pageSize = 20;
  /** Add runs as the live feed reports them. */
  @property({ type: Boolean }) live = false;

  @state() private rows: ExecutionSummary[] = [];
  @state() private total = 0;
  @state() private sort: ExecutionSort = { key: 'id', descending: true };
  @state() private loadingMore = false;
  @state() private moreError = '';
  @state() private openId: number | undefined;
  @query('dialog') private dialog!: HTMLDialogElement | null;
  /**
   * How many rows the reader asked for: one page, plus one per "load more". Refreshes and
   * live runs keep to it, so the count stays in step with "Load N more"; 0 = one page.
   */
  private wanted = 0;
  private fresh = new Set<number>();
  private unsubscribe: (() => void) | undefined;

  protected override reloadOn(): PropertyKey[] {
    return ['script', 'pageSize'];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated && this.live && !this.unsubscribe)
      this.unsubscribe = this.source.subscribe((e) => this.onLive(e));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  protected override willUpdate(changed: PropertyValues): void {
    // Another script (or page size) starts again at one page, not at the old one's row count.
    if (changed.has('script') || changed.has('pageSize')) this.wanted = 0;
    if (changed.has('live') || changed.has('dataSource') || changed.has('src') || changed.has('token')) {
      this.unsubscribe?.();
      this.unsubscribe = this.live && this.isConnected ? this.source.subscribe((e) => this.onLive(e)) : undefined;
    }
  }

  /** The number of rows to show: what was asked for, at least one page. */
  private get shown(): number {
    return Math.min(10_000, Math.max(this.pageSize, this.wanted));
  }

  protected override async load(source: DataSource): Promise<'ready' | 'empty'> {
    // A refresh keeps as many rows as were asked for, so "load more" is not undone.
    const limit = this.shown;
    const page = await source.executions({ script: this.script, limit, offset: 0 });
    this.rows = page.rows;
    this.total = page.total;
    this.fresh.clear();
    return page.rows.length ? 'ready' : 'empty';
  }

  private async loadMore(): Promise<void> {
    this.loadingMore = true;
    this.moreError = '';
    try {
      const page = await this.source.executions({
        script: this.script,
        limit: this.pageSize,
        offset: this.rows.length,
      });
      const known = new Set(this.rows.map((r) => r.id));
      this.rows = [...this.rows, ...page.rows.filter((r) => !known.has(r.id))];
      this.total = page.total;
      this.wanted = this.shown + this.pageSize;
    } catch (err) {
      this.moreError = err instanceof Error ? err.message : String(err);
    } finally {
      this.loadingMore = false;
    }
  }

  private onLive(event: LiveEvent): void {
    if (event.type === 'status') {
      if (event.status === 'connected' && this.hasUpdated) void this.reload(true);
      return;
    }
    if (event.type !== 'executions') return;
    const known = new Set(this.rows.map((r) => r.id));
    const added = event.executions.filter((r) => !known.has(r.id) && (!this.script || r.script_path === this.script));
    if (added.length === 0) return;
    for (const row of added) this.fresh.add(row.id);
    // The new runs go on top and the oldest shown ones make room: "Load N more" brings them back.
    this.rows = [...added.reverse(), ...this.rows].slice(0, this.shown);
    this.total += added.length;
    if (this.state === 'empty') this.state = 'ready';
  }

  private toggleSort(key: ExecutionSortKey): void {
    this.sort = { key, descending: this.sort.key === key ? !this.sort.descending : key !== 'script_path' };
  }

  private async open(id: number): Promise<void> {
    this.openId = id;
    this.dispatchEvent(new CustomEvent('runner-execution-select', { detail: { id }, bubbles: true, composed: true }));
    await this.updateComplete;
    if (this.dialog && !this.dialog.open) this.dialog.showModal();
  }

  override render() {
    if (this.state === 'loading' && this.rows.length === 0)
      return html`<div class="card state" role="status">Loading runs…</div>`;
    if (this.state === 'error') {
      return html`<div class="card state error" role="alert">
        Could not load the runs: ${this.errorMessage}&nbsp;<button @click=${() => this.reload()}>Retry</button>
      </div>`;
    }
    if (this.state === 'empty') {
      return html`<div class="card state" role="status">
        No runs recorded${this.script ? ` for ${this.script}` : ''} yet.
      </div>`;
    }
    const rows = sortExecutions(this.rows, this.sort);
    return html`<section class="card" aria-label="Latest runs">
      <header>
        <h2>Latest runs</h2>
        <span class="muted caption">${this.script || 'all scripts'}</span>
      </header>
      <div class="scroll">
        <table>
          <thead>
            <tr>
              ${COLUMNS.map((c) => this.renderHeader(c))}
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            ${rows.map((row) => this.renderRow(row))}
          </tbody>
        </table>
      </div>
      <div class="more">
        <span class="muted" data-role="count"
          >Showing ${formatNumber(this.rows.length)} of ${formatNumber(this.total)} runs</span
        >
        ${this.moreError ? html`<span class="state error">${this.moreError}</span>` : nothing}
        ${
          this.rows.length < this.total
            ? html`<button @click=${() => this.loadMore()} ?disabled=${this.loadingMore}>
                ${this.loadingMore ? 'Loading…' : `Load ${Math.min(this.pageSize, this.total - this.rows.length)} more`}
              </button>`
            : nothing
        }
      </div>
      <dialog aria-label="Run details" @close=${() => (this.openId = undefined)}>
        ${
          this.openId === undefined
            ? nothing
            : html`<runner-execution-detail
                .dataSource=${this.source}
                .executionId=${this.openId}
                @runner-close=${() => this.dialog?.close()}
              ></runner-execution-detail>`
        }
      </dialog>
    </section>`;
  }

  private renderHeader(column: (typeof COLUMNS)[number]) {
    const active = this.sort.key === column.key;
    const ariaSort = active ? (this.sort.descending ? 'descending' : 'ascending') : 'none';
    const classes = `${column.num ? 'num' : ''} ${column.narrow ? 'narrow' : ''}`;
    return html`<th scope="col" class=${classes} aria-sort=${ariaSort}>
      <button @click=${() => this.toggleSort(column.key)}>
        ${column.label}${active ? (this.sort.descending ? ' ↓' : ' ↑') : ''}
      </button>
    </th>`;
  }

  private renderRow(row: ExecutionSummary) {
    const status = executionStatus(row);
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        void this.open(row.id);
      }
    };
    return html`<tr
      tabindex="0"
      data-id=${row.id}
      class=${this.fresh.has(row.id) ? 'new' : ''}
      @click=${() => this.open(row.id)}
      @keydown=${onKey}
      aria-label=${`Run ${row.id} of ${row.script_path}, ${status.label}. Open details.`}
    >
      <td class="num">#${row.id}</td>
      <td class="script" title=${row.script_path}>${row.script_path}</td>
      <td class="narrow when">${formatDateTime(parseTimestamp(row.timestamp))}</td>
      <td class="num">${formatDuration(row.execution_time_seconds)}</td>
      <td class="num narrow">${row.exit_code}</td>
      <td class="num narrow">${row.attempt_number}</td>
      <td><span class=${`badge ${status.kind}`}>${status.label}</span></td>
    </tr>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'runner-executions-table': RunnerExecutionsTable;
  }
}
