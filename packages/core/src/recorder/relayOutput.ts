import type { Readable } from 'node:stream';

/** How much a command wrote to one stream. */
export interface OutputCount {
  bytes: number;
  /** Lines as `str.splitlines()` counts them for `\n` endings: a last line without one counts too. */
  lines: number;
}

/**
 * Forwards a child's output to `destination` chunk by chunk as it arrives (so the user
 * sees it live) while counting bytes and lines. Honours back-pressure; if the destination
 * breaks (say `| head -1` closed it), forwarding stops but counting goes on, as the
 * command itself keeps running.
 */
export function relayOutput(
  source: Readable,
  destination: NodeJS.WritableStream,
): { count: OutputCount; done: Promise<void> } {
  const count: OutputCount = { bytes: 0, lines: 0 };
  let newlines = 0;
  let endsWithNewline = true;
  let forwarding = true;
  const onDestinationError = (): void => {
    forwarding = false;
    source.resume();
  };
  destination.on('error', onDestinationError);
  source.on('data', (chunk: Buffer) => {
    count.bytes += chunk.length;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) newlines++;
    if (chunk.length > 0) endsWithNewline = chunk[chunk.length - 1] === 10;
    count.lines = newlines + (endsWithNewline ? 0 : 1);
    if (forwarding && !destination.write(chunk)) {
      source.pause();
      destination.once('drain', () => source.resume());
    }
  });
  const done = new Promise<void>((resolve) => {
    source.once('close', () => {
      destination.off('error', onDestinationError);
      resolve();
    });
  });
  return { count, done };
}
