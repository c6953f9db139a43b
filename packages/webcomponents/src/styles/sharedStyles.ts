import { css } from 'lit';

/** Building blocks several elements share: cards, tables, badges, buttons, states. */
export const sharedStyles = css`
  :host {
    display: block;
    box-sizing: border-box;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  .card {
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 14px 16px;
    min-width: 0;
  }
  h2 {
    font-size: 0.95rem;
    font-weight: 600;
    margin: 0 0 10px;
  }
  .muted {
    color: var(--_muted);
  }
  /* Classes, not style attributes: a strict CSP (the VS Code webview's) drops those. */
  .note {
    margin: 0;
    font-size: 0.85rem;
  }
  .caption {
    font-weight: 400;
    font-size: 0.8rem;
  }
  .num {
    font-variant-numeric: tabular-nums;
    text-align: right;
    white-space: nowrap;
  }
  .scroll {
    overflow-x: auto;
  }
  table {
    border-collapse: collapse;
    width: 100%;
    font-size: 0.85rem;
  }
  th,
  td {
    padding: 6px 8px;
    border-bottom: 1px solid var(--_border);
    text-align: left;
  }
  th {
    font-weight: 600;
    color: var(--_muted);
    font-size: 0.75rem;
    text-transform: uppercase;
    letter-spacing: 0.03em;
    white-space: nowrap;
  }
  tbody tr:last-child td {
    border-bottom: none;
  }
  button,
  select,
  input {
    font: inherit;
    font-size: 0.85rem;
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: 6px;
    padding: 5px 10px;
    min-height: 30px;
  }
  button {
    cursor: pointer;
  }
  button:hover:not(:disabled) {
    background: var(--_surface-2);
  }
  button:disabled {
    opacity: 0.55;
    cursor: default;
  }
  :focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 1px;
  }
  .badge {
    display: inline-block;
    font-size: 0.72rem;
    font-weight: 600;
    padding: 1px 8px;
    border-radius: 999px;
    border: 1px solid currentColor;
    white-space: nowrap;
  }
  .badge.ok {
    color: var(--_success);
  }
  .badge.failed {
    color: var(--_danger);
  }
  .badge.timeout {
    color: var(--_warning);
  }
  .badge.retried {
    color: var(--_accent);
  }
  .state {
    display: flex;
    align-items: center;
    justify-content: center;
    text-align: center;
    min-height: 120px;
    padding: 16px;
    color: var(--_muted);
    font-size: 0.9rem;
  }
  .state.error {
    color: var(--_danger);
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
`;
