/**
 * @runner-dash/core — the public API. Everything another package may use is exported
 * here and nowhere else.
 */
export type * from './types.js';
export { HistoryError, isHistoryError, type HistoryErrorCode } from './errors.js';
export type * from './store/HistoryStore.js';
export { openHistory, type OpenHistoryOptions } from './store/openHistory.js';
export { version } from './version.js';
export type * from './live/LiveMessage.js';
