import { Writable } from 'node:stream';

/**
 * A stream that hands its text to a terminal: VS Code's pseudoterminals need `\r\n` line
 * ends, and a multi-byte character split across chunks must not become two garbled ones.
 */
export function terminalText(write: (text: string) => void): Writable {
  const decoder = new TextDecoder('utf-8');
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
      if (text) write(toTerminalLines(text));
      done();
    },
    final(done) {
      const rest = decoder.decode();
      if (rest) write(toTerminalLines(rest));
      done();
    },
  });
}

/** Bare `\n` line ends as `\r\n` (existing `\r\n` stay as they are). */
export function toTerminalLines(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}
