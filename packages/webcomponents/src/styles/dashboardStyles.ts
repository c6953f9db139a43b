import { css } from 'lit';

/** The dashboard's layout: a toolbar, then a grid that folds to one column in a side panel. */
export const dashboardStyles = css`
  :host {
    display: block;
    container-type: inline-size;
    background: var(--_bg);
    min-height: 100%;
  }
  .page {
    padding: 16px 20px 28px;
    max-width: 1600px;
    margin: 0 auto;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 10px 14px;
    margin-bottom: 16px;
  }
  .brand {
    display: flex;
    align-items: center;
    gap: 8px;
    font-size: 1.1rem;
    font-weight: 700;
    margin: 0 auto 0 0;
    white-space: nowrap;
  }
  .brand svg {
    color: var(--_accent);
  }
  .brand small {
    font-weight: 400;
    font-size: 0.8rem;
    color: var(--_muted);
  }
  .filters {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px;
  }
  label.field {
    display: flex;
    align-items: center;
    gap: 6px;
    font-size: 0.8rem;
    color: var(--_muted);
  }
  select {
    max-width: 240px;
  }
  .segmented {
    display: inline-flex;
    border: 1px solid var(--_border);
    border-radius: 6px;
    overflow: hidden;
  }
  .segmented button {
    border: none;
    border-radius: 0;
    border-left: 1px solid var(--_border);
    min-width: 40px;
  }
  .segmented button:first-child {
    border-left: none;
  }
  .segmented button[aria-pressed='true'] {
    background: var(--_accent);
    color: #fff;
    font-weight: 600;
  }
  .primary {
    border-color: var(--_accent);
    color: var(--_accent);
    font-weight: 600;
  }
  .grid {
    display: grid;
    grid-template-columns: minmax(0, 2fr) minmax(0, 1fr);
    gap: 16px;
    margin-top: 16px;
  }
  runner-stats-table {
    --rd-stats-height: 300px;
  }
  .wide {
    grid-column: 1 / -1;
  }
  .notice {
    margin: 0 0 12px;
    padding: 8px 12px;
    border-radius: var(--_radius);
    border: 1px solid var(--_warning);
    color: var(--_text);
    background: color-mix(in srgb, var(--_warning) 12%, transparent);
    font-size: 0.85rem;
  }
  .notice.error {
    border-color: var(--_danger);
    background: color-mix(in srgb, var(--_danger) 10%, transparent);
  }
  form.token {
    max-width: 420px;
    margin: 40px auto;
    display: grid;
    gap: 10px;
  }
  form.token input {
    width: 100%;
  }
  @container (max-width: 900px) {
    .grid {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  @container (max-width: 480px) {
    .page {
      padding: 10px 8px 20px;
    }
    .filters,
    label.field,
    select {
      width: 100%;
      max-width: none;
    }
    label.field select {
      flex: 1;
      min-width: 0;
    }
    .grid {
      gap: 10px;
      margin-top: 10px;
    }
  }
`;
