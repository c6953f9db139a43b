import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './Command.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Parses a subcommand's options with `node:util`'s strict parser; a mistake becomes a
 * {@link UsageError} (one line, exit code 2) instead of a Node stack trace.
 */
export function parseCommandArgs<const O extends Options>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (err) {
    // Node's messages are good but long, sometimes several lines ("Unknown option '--x'. To
    // specify a positional…"): keep the first sentence, the one that names the option.
    const first = (err as Error).message.split(/\.\s|\n/)[0]!.replace(/\.$/, '');
    const option = /'(--[\w-]+)'/.exec(first)?.[1] ?? '--option';
    throw new UsageError(/ambiguous/.test(first) ? `${first}; write it as ${option}=value` : first);
  }
}

/** Reads a whole-number option within bounds; undefined when it was not given. */
export function integerOption(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max)
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max} (got '${value}')`);
  return n;
}

/** Reads a `--now` option as a date and time (naive local ISO, as start_time is written). */
export function nowOption(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (Number.isNaN(new Date(value).getTime()))
    throw new UsageError(`--now must be a date and time like 2026-11-28T02:00:00 (got '${value}')`);
  return value;
}
