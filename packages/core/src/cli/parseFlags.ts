import { UsageError } from './Command.js';

/**
 * Reads `--flag VALUE` and `--flag=VALUE` options, each allowed once; anything else is a
 * {@link UsageError} naming the argument.
 */
export function parseFlags<F extends string>(args: readonly string[], flags: readonly F[]): Partial<Record<F, string>> {
  const values: Partial<Record<F, string>> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const eq = arg.indexOf('=');
    const flag = (arg.startsWith('--') && eq !== -1 ? arg.slice(0, eq) : arg) as F;
    if (!flags.includes(flag)) throw new UsageError(`unexpected argument '${arg}'`);
    const value = flag !== arg ? arg.slice(eq + 1) : args[++i];
    if (value === undefined || value === '') throw new UsageError(`${flag} needs a value`);
    if (values[flag] !== undefined) throw new UsageError(`${flag} given twice`);
    values[flag] = value;
  }
  return values;
}
