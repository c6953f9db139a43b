import type { LocatedChangePoint } from '../analysis/locateChangePoints.js';
import type { DatabaseStats, ExecutionStatistics, ExecutionSummary, PerformanceStats } from '../types.js';

/**
 * The periodic overview: the database stats plus execution statistics — a superset of what
 * the original Python dashboard broadcast every 2 s, so its clients keep working.
 */
export interface SnapshotMessage extends DatabaseStats {
  type: 'snapshot';
  execution_statistics: ExecutionStatistics;
  /** Min/max/avg/count of `execution_time_seconds` over the whole history. */
  performance_metrics: PerformanceStats;
  /** Local ISO time at which the snapshot was computed (it is shared by every client). */
  cached_at: string;
}

/** Runs committed since the previous message, oldest first, as `/api/executions` serves them. */
export interface ExecutionsMessage {
  type: 'executions';
  executions: ExecutionSummary[];
}

/** A new run confirmed a change in a script's metric. */
export interface RegressionMessage {
  type: 'regression';
  script_path: string;
  metric_name: string;
  /** The change, with the run (`execution_id`, `start_time`) at which the new level starts. */
  change_point: LocatedChangePoint;
}

/** The answer to a client's `{type: "ping"}`. */
export interface PongMessage {
  type: 'pong';
  /** Local ISO time of the server. */
  timestamp: string;
}

/** Every message the server sends on `/ws/metrics`; `type` tells them apart. */
export type LiveMessage = SnapshotMessage | ExecutionsMessage | RegressionMessage | PongMessage;

/** The one message a client may send; anything else is ignored. */
export interface PingMessage {
  type: 'ping';
}

/** Every message a client may send on `/ws/metrics`. */
export type LiveClientMessage = PingMessage;
