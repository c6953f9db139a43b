/** What a command writes to; tests pass their own to read what was printed. */
export interface CliIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/** One `runner-dash <name>` subcommand. */
export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Full `--help` text. */
  usage: string;
  /** Runs the command; resolves to the process exit code. */
  run(args: string[], io: CliIO): Promise<number>;
}

/** A mistake in the command line: printed as one line with a hint, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * True for a {@link UsageError}, also when the command that threw it was loaded as a
 * second copy of this module (commands are imported lazily; under a CommonJS test loader
 * a dynamic import is a separate module instance).
 */
export function isUsageError(err: unknown): err is UsageError {
  return err instanceof UsageError || (err instanceof Error && err.name === 'UsageError');
}
