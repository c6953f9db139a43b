import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { DataSource, LiveEvent, RunnerElement, ScriptSummary, TrendAnalysis } from '@runner-dash/webcomponents';
import type { ViewAction, ViewContext } from '../protocol.js';

const PRIMARY_METRIC = 'execution_time_seconds';

/** What the header says about the script. */
interface Summary {
  script: ScriptSummary | undefined;
  analysis: TrendAnalysis | undefined;
  lastFailed: boolean | undefined;
}

const TREND: Record<string, { mark: string; tone: string; words: string }> = {
  increasing: { mark: '▲', tone: 'bad', words: 'increasing: getting slower' },
  decreasing: { mark: '▼', tone: 'good', words: 'decreasing: getting faster' },
  stable: { mark: '●', tone: 'neutral', words: 'stable' },
  flat: { mark: '●', tone: 'neutral', words: 'flat' },
  insufficient_data: { mark: '…', tone: 'neutral', words: 'too few runs for a trend' },
};

/**
 * The side view of the extension: for the script in the active editor, its run count and
 * failures, the trend verdict, the duration trend with baseline band and change points,
 * the last runs, the distribution and the analysis in plain words. Says so when the file
 * has no history or the database cannot be used, with the button that helps.
 *
 * @fires runner-action - a button asks the extension for a command; `detail: {action}`.
 */
@customElement('runner-vscode-view')
export class RunnerVscodeView extends LitElement {
  static override styles = css`
    :host {
      display: block;
      color: var(--vscode-foreground);
      font-family: var(--vscode-font-family);
      font-size: var(--vscode-font-size, 13px);
      --rd-radius: 4px;
      --rd-chart-height: 190px;
    }
    header {
      padding: 10px 0 8px;
      display: grid;
      gap: 4px;
    }
    h1 {
      margin: 0;
      font-size: 1.05em;
      font-family: var(--vscode-editor-font-family, monospace);
      font-weight: 600;
      word-break: break-all;
    }
    .facts {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 10px;
      align-items: baseline;
      color: var(--vscode-descriptionForeground);
    }
    .facts strong {
      color: var(--vscode-foreground);
    }
    .bad {
      color: var(--vscode-charts-red, var(--vscode-errorForeground));
    }
    .good {
      color: var(--vscode-charts-green, var(--vscode-testing-iconPassed));
    }
    .badge {
      font-weight: 600;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 6px;
      margin: 6px 0 2px;
    }
    button {
      font: inherit;
      border: 1px solid var(--vscode-button-border, transparent);
      border-radius: 2px;
      padding: 4px 10px;
      cursor: pointer;
      background: var(--vscode-button-background);
      color: var(--vscode-button-foreground);
    }
    button:hover {
      background: var(--vscode-button-hoverBackground);
    }
    button.secondary {
      background: var(--vscode-button-secondaryBackground);
      color: var(--vscode-button-secondaryForeground);
    }
    button.secondary:hover {
      background: var(--vscode-button-secondaryHoverBackground);
    }
    button:focus-visible {
      outline: 1px solid var(--vscode-focusBorder);
      outline-offset: 2px;
    }
    button:disabled {
      opacity: 0.6;
      cursor: default;
    }
    .message {
      margin: 12px 0;
      padding: 10px 12px;
      border-radius: 4px;
      border-left: 3px solid var(--vscode-textLink-foreground);
      background: var(--vscode-textBlockQuote-background, transparent);
      line-height: 1.45;
    }
    .message.error {
      border-left-color: var(--vscode-inputValidation-errorBorder, var(--vscode-errorForeground));
    }
    .message p {
      margin: 0 0 8px;
    }
    .stack {
      display: grid;
      /* minmax(0, …): a wide table scrolls in its card instead of widening the whole view. */
      grid-template-columns: minmax(0, 1fr);
      gap: 12px;
      padding-bottom: 12px;
    }
    .stack > * {
      min-width: 0;
      overflow-x: auto;
    }
    .muted {
      color: var(--vscode-descriptionForeground);
    }
    code {
      font-family: var(--vscode-editor-font-family, monospace);
    }
  `;

  /** The data source of the elements (the webview's postMessage one). */
  @property({ attribute: false }) dataSource: DataSource | undefined;
  /** What to show, from the extension host. */
  @property({ attribute: false }) context: ViewContext | undefined;

  @state() private summary: Summary | undefined;
  @state() private summaryError = '';
  private seq = 0;
  private unsubscribe: (() => void) | undefined;
  private liveTimer: ReturnType<typeof setTimeout> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.unsubscribe = this.dataSource?.subscribe((event) => this.onLive(event));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    clearTimeout(this.liveTimer);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('dataSource') && this.isConnected) {
      this.unsubscribe?.();
      this.unsubscribe = this.dataSource?.subscribe((event) => this.onLive(event));
    }
    const before = changed.get('context') as ViewContext | undefined;
    if (changed.has('context') || changed.has('dataSource')) {
      const now = this.context;
      const moved =
        before?.script !== now?.script || before?.days !== now?.days || before?.database.ok !== now?.database.ok;
      // The run just finished: its row may be in before the live event.
      const ranNow = before?.running === true && now?.running === false;
      if (moved || ranNow || changed.has('dataSource')) void this.loadSummary();
    }
  }

  private onLive(event: LiveEvent): void {
    if (event.type !== 'executions') return;
    const script = this.context?.script;
    // An empty list means "the database changed under us" (replaced, pruned): reload it all.
    const everything = event.executions.length === 0;
    if (!everything && !event.executions.some((run) => run.script_path === script)) return;
    clearTimeout(this.liveTimer);
    this.liveTimer = setTimeout(() => {
      void this.loadSummary();
      if (everything) {
        for (const element of this.renderRoot.querySelectorAll<RunnerElement>('[data-element]'))
          void element.reload(true);
      }
    }, 100);
  }

  private async loadSummary(): Promise<void> {
    const seq = ++this.seq;
    const script = this.context?.script;
    const source = this.dataSource;
    if (!script || !source || !this.context?.database.ok) {
      this.summary = undefined;
      return;
    }
    const filters = { script, metric: PRIMARY_METRIC, days: this.context.days };
    try {
      const [scripts, analysis, last] = await Promise.all([
        source.scripts(),
        source.trendAnalysis(filters).catch(() => undefined),
        source.executions({ script, limit: 1 }),
      ]);
      if (seq !== this.seq) return;
      this.summary = {
        script: scripts.find((s) => s.path === script),
        analysis,
        lastFailed: last.rows[0] ? !last.rows[0].success : undefined,
      };
      this.summaryError = '';
    } catch (err) {
      if (seq !== this.seq) return;
      this.summaryError = err instanceof Error ? err.message : String(err);
    }
  }

  private act(action: ViewAction): void {
    this.dispatchEvent(new CustomEvent('runner-action', { detail: { action }, bubbles: true, composed: true }));
  }

  override render() {
    const context = this.context;
    if (!context) return html`<p class="muted" role="status">Loading…</p>`;
    if (!context.database.ok) return this.renderDatabaseProblem(context);
    if (!context.file) {
      return html`<div class="message" role="status">
        <p>Open a script to see its run history: duration trend, last runs, failures and analysis.</p>
        <p class="muted">History: <code>${context.database.path}</code></p>
        <div class="actions">
          <button class="secondary" @click=${() => this.act('openDashboard')}>Open dashboard</button>
        </div>
      </div>`;
    }
    if (!context.script) return this.renderNoHistory(context);
    return this.renderHistory(context, context.script);
  }

  private renderDatabaseProblem(context: ViewContext) {
    const missing = context.database.message?.startsWith('No history database') ?? false;
    return html`<div class="message ${missing ? '' : 'error'}" role="alert" data-state="database">
      <p>${context.database.message ?? `${context.database.path} cannot be used.`}</p>
      <div class="actions">
        ${
          missing && context.file
            ? html`<button @click=${() => this.act('runScript')} ?disabled=${context.running}>
                ${context.running ? 'Running…' : `Run ${context.file.name} with metrics`}
              </button>`
            : nothing
        }
        <button class=${missing && context.file ? 'secondary' : ''} @click=${() => this.act('selectDatabase')}>
          Choose another database…
        </button>
      </div>
    </div>`;
  }

  private renderNoHistory(context: ViewContext) {
    return html`<div class="message" role="status" data-state="no-history">
      <p>
        <strong>${context.file!.relativePath}</strong> has no recorded runs in <code>${context.database.path}</code>.
      </p>
      <p class="muted">Run it with metrics to record its duration, CPU and memory; its history then appears here.</p>
      <div class="actions">
        <button @click=${() => this.act('runScript')} ?disabled=${context.running}>
          ${context.running ? 'Running…' : 'Run with metrics'}
        </button>
        <button class="secondary" @click=${() => this.act('selectDatabase')}>Choose another database…</button>
      </div>
    </div>`;
  }

  private renderHistory(context: ViewContext, script: string) {
    const source = this.dataSource;
    return html`${this.renderHeader(context, script)}
      <div class="stack">
        <runner-metrics-chart
          data-element
          .dataSource=${source}
          type="trend"
          live
          .script=${script}
          .metric=${PRIMARY_METRIC}
          .days=${context.days}
        ></runner-metrics-chart>
        <runner-executions-table
          data-element
          .dataSource=${source}
          live
          .script=${script}
          page-size="10"
        ></runner-executions-table>
        <runner-metrics-chart
          data-element
          .dataSource=${source}
          type="distribution"
          live
          .script=${script}
          .metric=${PRIMARY_METRIC}
          .days=${context.days}
        ></runner-metrics-chart>
        <runner-analysis-panel
          data-element
          .dataSource=${source}
          live
          .script=${script}
          .metric=${PRIMARY_METRIC}
          .days=${context.days}
        ></runner-analysis-panel>
      </div>`;
  }

  private renderHeader(context: ViewContext, script: string) {
    const summary = this.summary;
    const counts = summary?.script;
    const trend = summary?.analysis?.trend;
    const verdict = trend ? (TREND[trend.trend] ?? TREND.stable!) : undefined;
    const failed = counts ? counts.execution_count - counts.successful_runs : 0;
    return html`<header>
      <h1 title=${script}>${script}</h1>
      ${this.summaryError ? html`<p class="bad" role="alert">${this.summaryError}</p>` : nothing}
      <div class="facts" aria-live="polite">
        ${
          counts
            ? html`<span data-testid="run-count"
                  ><strong>${counts.execution_count}</strong> run${counts.execution_count === 1 ? '' : 's'}</span
                >
                <span data-testid="failed-count" class=${failed > 0 ? 'bad' : ''}
                  ><strong class=${failed > 0 ? 'bad' : ''}>${failed}</strong> failed of ${counts.execution_count}</span
                >
                ${summary?.lastFailed ? html`<span class="bad">last run failed</span>` : nothing}`
            : html`<span class="muted">Loading…</span>`
        }
        ${
          verdict
            ? html`<span class="badge ${verdict.tone}" data-testid="trend" data-trend=${trend!.trend}
                >${verdict.mark} ${verdict.words}</span
              >`
            : nothing
        }
      </div>
      ${
        context.alsoRecordedAs.length > 0
          ? html`<span class="muted">Also recorded as ${context.alsoRecordedAs.join(', ')} (not shown).</span>`
          : nothing
      }
      <div class="actions">
        <button @click=${() => this.act('runScript')} ?disabled=${context.running} data-action="run">
          ${context.running ? 'Running…' : '▶ Run with metrics'}
        </button>
        <button class="secondary" @click=${() => this.act('openDashboard')}>Dashboard</button>
      </div>
    </header>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'runner-vscode-view': RunnerVscodeView;
  }
}
