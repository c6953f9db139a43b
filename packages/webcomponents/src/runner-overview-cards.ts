import { css, html, type PropertyValues } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { DatabaseStats, ExecutionStatistics, LiveEvent, LiveStatus } from './data/apiTypes.js';
import type { DataSource } from './data/DataSource.js';
import {
  formatDateTime,
  formatDuration,
  formatMegabytes,
  formatNumber,
  formatPercent,
  formatRelative,
  parseTimestamp,
} from './format.js';
import { RunnerElement } from './RunnerElement.js';
import { sharedStyles } from './styles/sharedStyles.js';
import { themeStyles } from './styles/themeStyles.js';

const STATUS_TEXT: Record<LiveStatus, string> = {
  connecting: 'Connecting…',
  connected: 'Live',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
};

/**
 * The database at a glance: runs, success rate, metrics, scripts, size, and whether the
 * live feed is connected. Kept current by the feed's snapshots.
 *
 * @fires runner-auth-required - the server wants a token.
 */
@customElement('runner-overview-cards')
export class RunnerOverviewCards extends RunnerElement {
  static override styles = [
    themeStyles,
    sharedStyles,
    css`
      .grid {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(150px, 1fr));
        gap: 12px;
      }
      .card {
        padding: 12px 14px;
      }
      .label {
        font-size: 0.75rem;
        color: var(--_muted);
        text-transform: uppercase;
        letter-spacing: 0.03em;
      }
      .value {
        font-size: 1.5rem;
        font-weight: 600;
        margin-top: 2px;
        font-variant-numeric: tabular-nums;
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      .sub {
        font-size: 0.78rem;
        color: var(--_muted);
        margin-top: 2px;
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      .dot {
        display: inline-block;
        width: 9px;
        height: 9px;
        border-radius: 50%;
        margin-right: 6px;
        vertical-align: 0.12em;
        background: var(--_muted);
      }
      .dot.connected {
        background: var(--_success);
        box-shadow: 0 0 0 3px color-mix(in srgb, var(--_success) 25%, transparent);
      }
      .dot.reconnecting,
      .dot.connecting {
        background: var(--_warning);
      }
      .dot.offline {
        background: var(--_danger);
      }
      .value.rate-low {
        color: var(--_danger);
      }
    `,
  ];

  @state() private stats: DatabaseStats | undefined;
  @state() private execStats: ExecutionStatistics | undefined;
  @state() private live: LiveStatus = 'connecting';
  @state() private lastUpdate: number | null = null;
  @state() private now = Date.now();
  private unsubscribe: (() => void) | undefined;
  private clock: ReturnType<typeof setInterval> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.clock = setInterval(() => (this.now = Date.now()), 5000);
    if (this.hasUpdated) this.subscribe();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.clock);
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (!this.unsubscribe || changed.has('dataSource') || changed.has('src') || changed.has('token')) this.subscribe();
  }

  private subscribe(): void {
    this.unsubscribe?.();
    this.unsubscribe = this.isConnected ? this.source.subscribe((event) => this.onLive(event)) : undefined;
  }

  protected override async load(source: DataSource): Promise<'ready'> {
    const [stats, execStats] = await Promise.all([source.databaseStats(), source.executionStats()]);
    this.stats = stats;
    this.execStats = execStats;
    return 'ready';
  }

  private onLive(event: LiveEvent): void {
    if (event.type === 'status') {
      this.live = event.status;
      this.lastUpdate = event.last_update;
      // Back online: whatever happened meanwhile is in the next snapshot, but be sure.
      if (event.status === 'connected' && this.state === 'error') void this.reload(true);
      return;
    }
    this.lastUpdate = Date.now();
    this.now = this.lastUpdate;
    if (event.type === 'snapshot' && this.stats) {
      const { type: _type, execution_statistics, performance_metrics: _p, cached_at: _c, ...db } = event;
      this.stats = { ...this.stats, ...db };
      if (execution_statistics) this.execStats = execution_statistics;
    }
  }

  override render() {
    if (this.state === 'error') return html`<div class="card state error" role="alert">${this.errorMessage}</div>`;
    const s = this.stats;
    const e = this.execStats;
    const loading = this.state === 'loading' && !s;
    const value = (text: string) => (loading ? '…' : text);
    const rate = e?.success_rate ?? 0;
    const since = this.lastUpdate ? `updated ${formatRelative(this.lastUpdate, this.now)}` : 'no update yet';
    return html`<div class="grid" role="list" aria-busy=${loading}>
      ${this.card('Executions', value(formatNumber(s?.total_executions)), s ? `${formatDuration(s.total_execution_time_seconds)} of run time` : '', 'total-executions')}
      ${this.card(
        'Success rate',
        value(formatPercent(rate)),
        e
          ? `${formatNumber(e.successful)} ok · ${formatNumber(e.failed)} failed · ${formatNumber(e.timed_out)} timed out`
          : '',
        'success-rate',
        e && e.total_executions > 0 && rate < 90 ? 'rate-low' : '',
      )}
      ${this.card('Metrics stored', value(formatNumber(s?.total_metrics)), s ? `${formatNumber(s.total_alerts)} alerts` : '', 'total-metrics')}
      ${this.card('Scripts', value(formatNumber(s?.unique_scripts)), s?.newest_execution ? `last run ${formatDateTime(parseTimestamp(s.newest_execution))}` : '', 'unique-scripts')}
      ${this.card('Database size', value(formatMegabytes(s?.database_size_mb)), s?.database_file ?? '', 'database-size')}
      <div class="card" role="listitem" data-card="live-status">
        <div class="label">Live updates</div>
        <div class="value" role="status"><span class=${`dot ${this.live}`}></span>${STATUS_TEXT[this.live]}</div>
        <div class="sub">${since}</div>
      </div>
    </div>`;
  }

  private card(label: string, value: string, sub: string, key: string, valueClass = '') {
    return html`<div class="card" role="listitem" data-card=${key}>
      <div class="label">${label}</div>
      <div class=${`value ${valueClass}`}>${value}</div>
      <div class="sub" title=${sub}>${sub}</div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'runner-overview-cards': RunnerOverviewCards;
  }
}
