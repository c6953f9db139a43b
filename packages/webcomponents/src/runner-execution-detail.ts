import { css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ExecutionDetail } from './data/apiTypes.js';
import type { DataSource } from './data/DataSource.js';
import { executionStatus } from './executionStatus.js';
import { formatDateTime, formatDuration, formatMetric, formatNumber, parseTimestamp } from './format.js';
import { RunnerElement } from './RunnerElement.js';
import { sharedStyles } from './styles/sharedStyles.js';
import { themeStyles } from './styles/themeStyles.js';

/**
 * Everything recorded about one run: its row, every metric and its alerts.
 *
 * @fires runner-close - the close button was used.
 * @fires runner-auth-required - the server wants a token.
 */
@customElement('runner-execution-detail')
export class RunnerExecutionDetail extends RunnerElement {
  static override styles = [
    themeStyles,
    sharedStyles,
    css`
      .card {
        border: none;
      }
      header {
        display: flex;
        align-items: center;
        gap: 10px;
        margin-bottom: 12px;
      }
      header h2 {
        margin: 0;
        flex: 1;
        min-width: 0;
        overflow-wrap: anywhere;
      }
      dl {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(200px, 1fr));
        gap: 8px 16px;
        margin: 0 0 16px;
      }
      dt {
        font-size: 0.72rem;
        text-transform: uppercase;
        letter-spacing: 0.03em;
        color: var(--_muted);
      }
      dd {
        margin: 0;
        font-size: 0.88rem;
        overflow-wrap: anywhere;
      }
      h3 {
        font-size: 0.85rem;
        margin: 16px 0 6px;
      }
      td.name {
        font-family: var(--_mono);
        font-size: 0.8rem;
      }
    `,
  ];

  /** The run to show. */
  @property({ type: Number, attribute: 'execution-id' }) executionId: number | undefined;

  @state() private run: ExecutionDetail | undefined;

  protected override reloadOn(): PropertyKey[] {
    return ['executionId'];
  }

  protected override async load(source: DataSource): Promise<'ready' | 'empty'> {
    if (this.executionId === undefined || !Number.isInteger(this.executionId)) return 'empty';
    this.run = await source.execution(this.executionId);
    return 'ready';
  }

  override render() {
    const close = html`<button
      @click=${() => this.dispatchEvent(new CustomEvent('runner-close', { bubbles: true, composed: true }))}
    >
      Close
    </button>`;
    if (this.state !== 'ready' || !this.run) {
      const text =
        this.state === 'error'
          ? `Could not load run #${this.executionId}: ${this.errorMessage}`
          : this.state === 'empty'
            ? 'No run selected.'
            : `Loading run #${this.executionId}…`;
      return html`<div class="card">
        <header>
          <h2>Run #${this.executionId ?? ''}</h2>
          ${close}
        </header>
        <div
          class=${`state ${this.state === 'error' ? 'error' : ''}`}
          role=${this.state === 'error' ? 'alert' : 'status'}
        >
          ${text}
        </div>
      </div>`;
    }
    const run = this.run;
    const status = executionStatus(run);
    const fields: Array<[string, string]> = [
      ['Script', run.script_path],
      ['Arguments', formatArgs(run.script_args)],
      ['Started', formatDateTime(parseTimestamp(run.start_time))],
      ['Ended', formatDateTime(parseTimestamp(run.end_time))],
      ['Duration', formatDuration(run.execution_time_seconds)],
      ['Exit code', String(run.exit_code)],
      ['Success', run.success ? 'yes' : 'no'],
      ['Attempt', String(run.attempt_number)],
      ['Timeout', run.timeout_seconds === null ? 'none' : `${run.timeout_seconds} s`],
      ['Timed out', run.timed_out ? 'yes' : 'no'],
      ['Stdout lines', formatNumber(run.stdout_lines)],
      ['Stderr lines', formatNumber(run.stderr_lines)],
      ['Python', run.python_version ?? '—'],
      ['Platform', run.platform ?? '—'],
      ['Recorded (UTC)', run.created_at],
    ];
    const metrics = Object.entries(run.metrics).sort(([a], [b]) => a.localeCompare(b));
    return html`<article class="card" aria-label=${`Run ${run.id}`}>
      <header>
        <h2>Run #${run.id}</h2>
        <span class=${`badge ${status.kind}`}>${status.label}</span>
        ${close}
      </header>
      <dl>
        ${fields.map(
          ([k, v]) =>
            html`<div>
              <dt>${k}</dt>
              <dd>${v}</dd>
            </div>`,
        )}
      </dl>
      <h3>Metrics (${metrics.length})</h3>
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Metric</th>
              <th scope="col" class="num">Value</th>
              <th scope="col" class="num">Raw</th>
            </tr>
          </thead>
          <tbody>
            ${metrics.map(
              ([name, value]) =>
                html`<tr data-metric=${name}>
                  <td class="name">${name}</td>
                  <td class="num">${formatMetric(name, value)}</td>
                  <td class="num">${value}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <h3>Alerts (${run.alerts.length})</h3>
      ${
        run.alerts.length === 0
          ? html`<p class="muted note">No alerts were raised for this run.</p>`
          : html`<table>
              <thead>
                <tr>
                  <th scope="col">Alert</th>
                  <th scope="col">Severity</th>
                  <th scope="col">Condition</th>
                  <th scope="col">Triggered</th>
                </tr>
              </thead>
              <tbody>
                ${run.alerts.map(
                  (a) =>
                    html`<tr>
                      <td>${a.alert_name}</td>
                      <td>${a.severity}</td>
                      <td>${a.condition}</td>
                      <td>${a.triggered_at}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }
    </article>`;
  }
}

function formatArgs(args: string | null): string {
  if (!args) return 'none';
  try {
    const parsed = JSON.parse(args) as unknown;
    if (Array.isArray(parsed)) return parsed.length ? parsed.map(String).join(' ') : 'none';
  } catch {
    // Not JSON: show what is stored.
  }
  return args;
}

declare global {
  interface HTMLElementTagNameMap {
    'runner-execution-detail': RunnerExecutionDetail;
  }
}
