import { HistoryError, isHistoryError, type HistoryErrorCode } from '../errors.js';
import type { OpenHistoryOptions } from '../store/openHistory.js';
import type { AnalysisTask } from './analysisTasks.js';

/** What a history worker starts with. */
export interface WorkerSetup {
  path: string;
  open: Omit<OpenHistoryOptions, 'readonly'>;
}

/** What a pull of an export stream answers. */
export interface StreamChunk {
  chunk?: string;
  done: boolean;
}

/**
 * Main thread → worker. An export is pulled chunk by chunk (`pull` opens it the first
 * time), so the worker never produces faster than the client reads.
 */
export type WorkerRequest =
  | { type: 'task'; id: number; task: AnalysisTask; query: unknown }
  | { type: 'pull'; id: number; stream: number; query: unknown; options: unknown }
  | { type: 'cancel'; stream: number }
  | { type: 'close' };

/** An error as it crosses the thread boundary (structured clone keeps no class or code). */
export interface WireError {
  name: string;
  message: string;
  code?: HistoryErrorCode;
  path?: string;
}

/** Worker → main thread. */
export type WorkerReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: WireError };

/** Flattens an error for postMessage. */
export function toWireError(err: unknown): WireError {
  if (isHistoryError(err)) return { name: 'HistoryError', message: err.message, code: err.code, path: err.path };
  if (err instanceof Error) return { name: err.name, message: err.message };
  return { name: 'Error', message: String(err) };
}

/**
 * The error again, of the class callers test for: a {@link HistoryError} (the server's
 * 503) or a RangeError (a bad parameter, 400) stay what they were.
 */
export function fromWireError(wire: WireError): Error {
  if (wire.name === 'HistoryError' && wire.code !== undefined)
    return new HistoryError(wire.code, wire.path ?? '', wire.message);
  if (wire.name === 'RangeError') return new RangeError(wire.message);
  if (wire.name === 'TypeError') return new TypeError(wire.message);
  const err = new Error(wire.message);
  err.name = wire.name;
  return err;
}
