import { css } from 'lit';

/** The look of `<runner-executions-table>`: its header, table, paging row and the dialog around a run's detail. */
export const executionsTableStyles = css`
  :host {
    container-type: inline-size;
  }
  header {
    display: flex;
    justify-content: space-between;
    align-items: baseline;
    gap: 8px;
  }
  th button {
    all: unset;
    cursor: pointer;
  }
  th button:focus-visible {
    outline: 2px solid var(--_accent);
  }
  tbody tr {
    cursor: pointer;
  }
  tbody tr:hover,
  tbody tr:focus-visible {
    background: var(--_surface-2);
  }
  tbody tr.new {
    animation: flash 2s ease-out;
  }
  @keyframes flash {
    from {
      background: color-mix(in srgb, var(--_accent) 22%, transparent);
    }
  }
  td.script {
    max-width: 240px;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    font-family: var(--_mono);
    font-size: 0.8rem;
  }
  .more {
    display: flex;
    justify-content: space-between;
    align-items: center;
    margin-top: 10px;
    font-size: 0.8rem;
  }
  .more .state {
    min-height: 0;
    padding: 0;
  }
  td.when {
    white-space: nowrap;
  }
  dialog {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0;
    background: var(--_surface);
    color: var(--_text);
    width: min(720px, calc(100vw - 24px));
    max-height: calc(100vh - 48px);
  }
  dialog::backdrop {
    background: rgba(0, 0, 0, 0.45);
  }
  @container (max-width: 520px) {
    .narrow {
      display: none;
    }
    td.script {
      max-width: 120px;
    }
    th,
    td {
      padding: 6px 4px;
    }
  }
`;
