import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { LiveStatus, ScriptSummary } from './data/apiTypes.js';
import type { DataSource } from './data/DataSource.js';
import { isDataSourceError } from './data/DataSourceError.js';
import { HttpDataSource } from './data/HttpDataSource.js';
import { metricLabel } from './format.js';
import { RunnerElement } from './RunnerElement.js';
import './runner-analysis-panel.js';
import './runner-executions-table.js';
import './runner-metrics-chart.js';
import './runner-overview-cards.js';
import './runner-stats-table.js';
import { dashboardStyles } from './styles/dashboardStyles.js';
import { sharedStyles } from './styles/sharedStyles.js';
import { themeStyles } from './styles/themeStyles.js';
import { DAY_CHOICES, DEFAULT_STATE, readState, writeState, type DashboardState } from './urlState.js';

/** Where the page keeps a token the person typed, for this tab only. */
export const TOKEN_STORAGE_KEY = 'runner-dash-token';
const REFRESH_MS = 30_000;

/**
 * The whole dashboard: filters kept in the URL, overview cards, trend and distribution
 * charts, analysis, statistics and the latest runs; refreshed every 30 s and live.
 * Asks for an access token when the server wants one.
 */
@customElement('runner-dashboard')
export class RunnerDashboard extends LitElement {
  static override styles = [themeStyles, sharedStyles, dashboardStyles];

  /** The server's base URL; default: the page's own server. */
  @property() src = '';
  /** A data source to use instead of HTTP (the VS Code webview's). */
  @property({ attribute: false }) dataSource: DataSource | undefined;
  /** Keep the filters in the page URL (off when embedded where the URL is not ours). */
  @property({ type: Boolean, attribute: 'no-url-state' }) noUrlState = false;

  @state() private filters: DashboardState = { ...DEFAULT_STATE };
  @state() private scripts: ScriptSummary[] = [];
  @state() private metrics: string[] = [];
  @state() private ready = false;
  @state() private loadError = '';
  @state() private needToken = false;
  @state() private exportError = '';
  @state() private exporting = false;
  private defaults: DashboardState = { ...DEFAULT_STATE };
  private http: HttpDataSource | undefined;
  private refreshTimer: ReturnType<typeof setInterval> | undefined;
  private unsubscribe: (() => void) | undefined;
  private lastStatus: LiveStatus | undefined;
  private readonly onPopState = (): void => {
    this.filters = readState(location.search, this.defaults);
  };

  private get source(): DataSource {
    if (this.dataSource) return this.dataSource;
    this.http ??= new HttpDataSource({ baseUrl: this.src || undefined, token: readStoredToken() });
    return this.http;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.noUrlState) {
      addEventListener('popstate', this.onPopState);
      this.filters = readState(location.search, this.defaults);
    }
    this.addEventListener('runner-auth-required', this.onAuthRequired);
    this.addEventListener('runner-metric-select', this.onMetricSelect as EventListener);
    this.refreshTimer = setInterval(() => this.refresh(), REFRESH_MS);
    void this.start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('popstate', this.onPopState);
    this.removeEventListener('runner-auth-required', this.onAuthRequired);
    this.removeEventListener('runner-metric-select', this.onMetricSelect as EventListener);
    clearInterval(this.refreshTimer);
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  /** Loads the filter choices, then shows the views. */
  private async start(): Promise<void> {
    try {
      const [scripts, metrics] = await Promise.all([this.source.scripts(), this.source.availableMetrics()]);
      this.scripts = scripts;
      this.metrics = metrics;
      this.loadError = '';
      // Without a script in the URL, show the script that ran last.
      const hadScript = !this.noUrlState && new URLSearchParams(location.search).has('script');
      this.defaults = { ...DEFAULT_STATE, script: scripts[0]?.path ?? '' };
      if (!hadScript) this.filters = { ...this.filters, script: this.defaults.script };
      this.ready = true;
      // Only now: before the first answer we do not know whether the feed needs a token.
      this.unsubscribe ??= this.source.subscribe((event) => {
        if (event.type !== 'status') return;
        // Back after a cut: fetch what was missed instead of waiting for the next refresh.
        if (event.status === 'connected' && this.lastStatus && this.lastStatus !== 'connected') this.refresh();
        this.lastStatus = event.status;
      });
    } catch (err) {
      if (isDataSourceError(err) && err.needsToken) this.needToken = true;
      this.loadError = err instanceof Error ? err.message : String(err);
    }
  }

  private readonly onAuthRequired = (): void => {
    this.needToken = true;
  };

  private readonly onMetricSelect = (event: CustomEvent<{ metric: string }>): void => {
    this.setFilters({ metric: event.detail.metric });
  };

  /** Reloads every view quietly (keeps what is shown until the new data is there). */
  refresh(): void {
    if (!this.ready) {
      void this.start();
      return;
    }
    for (const element of this.renderRoot.querySelectorAll('*')) {
      if (element instanceof RunnerElement) void element.reload(true);
    }
    void Promise.all([this.source.scripts(), this.source.availableMetrics()])
      .then(([scripts, metrics]) => {
        this.scripts = scripts;
        this.metrics = metrics;
      })
      .catch(() => undefined);
  }

  private setFilters(change: Partial<DashboardState>): void {
    this.filters = { ...this.filters, ...change };
    if (!this.noUrlState) history.pushState(null, '', writeState(location.href, this.filters, this.defaults));
  }

  private async exportCsv(): Promise<void> {
    this.exporting = true;
    this.exportError = '';
    try {
      const { script, metric, days } = this.filters;
      const file = await this.source.exportCsv({ script, metric, days });
      const url = URL.createObjectURL(file.blob);
      const link = Object.assign(document.createElement('a'), { href: url, download: file.filename });
      link.style.display = 'none';
      this.renderRoot.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      this.exportError = `Export failed: ${err instanceof Error ? err.message : String(err)}`;
    } finally {
      this.exporting = false;
    }
  }

  private submitToken(event: SubmitEvent): void {
    event.preventDefault();
    const input = (event.target as HTMLFormElement).elements.namedItem('token') as HTMLInputElement;
    const token = input.value.trim();
    if (!token) return;
    try {
      sessionStorage.setItem(TOKEN_STORAGE_KEY, token);
    } catch {
      // Storage can be disabled; the token still works until the page is closed.
    }
    this.http?.setToken(token);
    this.needToken = false;
    this.loadError = '';
    this.refresh();
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('filters')) document.title = `${this.filters.script || 'All scripts'} · runner-dash`;
  }

  override render() {
    if (this.needToken && !this.dataSource) return this.renderTokenForm();
    return html`<div class="page">
      ${this.renderToolbar()}
      ${this.loadError ? html`<p class="notice error" role="alert">${this.loadError}&nbsp;<button @click=${() => this.refresh()}>Retry</button></p>` : nothing}
      ${this.exportError ? html`<p class="notice error" role="alert">${this.exportError}</p>` : nothing}
      ${this.ready ? this.renderViews() : this.loadError ? nothing : html`<div class="card state" role="status">Loading the dashboard…</div>`}
    </div>`;
  }

  private renderToolbar() {
    const { script, metric, days } = this.filters;
    const metrics = this.metrics.includes(metric) ? this.metrics : [metric, ...this.metrics];
    const known = this.scripts.some((s) => s.path === script);
    return html`<header class="toolbar">
      <h1 class="brand">
        <svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true">
          <path
            fill="none"
            stroke="currentColor"
            stroke-width="2.2"
            stroke-linecap="round"
            stroke-linejoin="round"
            d="M3 17l5-6 4 3 5-8 4 5"
          />
        </svg>
        runner-dash <small>script run history</small>
      </h1>
      <div class="filters" role="group" aria-label="Filters">
        <label class="field"
          >Script
          <select
            name="script"
            @change=${(e: Event) => this.setFilters({ script: (e.target as HTMLSelectElement).value })}
          >
            <option value="" ?selected=${script === ''}>All scripts</option>
            ${known || !script ? nothing : html`<option value=${script} selected>${script}</option>`}
            ${this.scripts.map((s) => html`<option value=${s.path} ?selected=${s.path === script}>${s.path} (${s.execution_count})</option>`)}
          </select>
        </label>
        <label class="field"
          >Metric
          <select
            name="metric"
            @change=${(e: Event) => this.setFilters({ metric: (e.target as HTMLSelectElement).value })}
          >
            ${metrics.map((m) => html`<option value=${m} ?selected=${m === metric}>${metricLabel(m)}</option>`)}
          </select>
        </label>
        <div class="segmented" role="group" aria-label="Date range">
          ${DAY_CHOICES.map(
            (d) =>
              html`<button aria-pressed=${d === days} data-days=${d} @click=${() => this.setFilters({ days: d })}>
                ${d} d
              </button>`,
          )}
        </div>
        <button class="primary" data-action="export" ?disabled=${this.exporting} @click=${() => this.exportCsv()}>
          ${this.exporting ? 'Exporting…' : 'Export CSV'}
        </button>
        <button data-action="refresh" aria-label="Refresh now" title="Refresh now" @click=${() => this.refresh()}>
          ↻
        </button>
      </div>
    </header>`;
  }

  private renderViews() {
    const { script, metric, days } = this.filters;
    const source = this.source;
    return html`<runner-overview-cards .dataSource=${source}></runner-overview-cards>
      <div class="grid">
        <runner-metrics-chart
          .dataSource=${source}
          type="trend"
          live
          .script=${script}
          .metric=${metric}
          .days=${days}
        ></runner-metrics-chart>
        <runner-analysis-panel
          .dataSource=${source}
          live
          .script=${script}
          .metric=${metric}
          .days=${days}
        ></runner-analysis-panel>
        <runner-stats-table
          .dataSource=${source}
          .script=${script}
          .metric=${metric}
          .days=${days}
        ></runner-stats-table>
        <runner-metrics-chart
          .dataSource=${source}
          type="distribution"
          live
          .script=${script}
          .metric=${metric}
          .days=${days}
        ></runner-metrics-chart>
        <runner-executions-table class="wide" .dataSource=${source} live .script=${script}></runner-executions-table>
      </div>`;
  }

  private renderTokenForm() {
    return html`<div class="page">
      <form class="token card" @submit=${this.submitToken}>
        <h2>This dashboard needs an access token</h2>
        <p class="muted note">
          The server was started with a token. Enter it to continue; it is kept for this browser tab only.
        </p>
        <input
          name="token"
          type="password"
          autocomplete="off"
          required
          aria-label="Access token"
          placeholder="Access token"
        />
        <button class="primary" type="submit">Open the dashboard</button>
      </form>
    </div>`;
  }
}

function readStoredToken(): string | undefined {
  try {
    return sessionStorage.getItem(TOKEN_STORAGE_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'runner-dashboard': RunnerDashboard;
  }
}
