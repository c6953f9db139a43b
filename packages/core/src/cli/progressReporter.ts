/** A stream the progress goes to (stderr, so stdout stays clean for data). */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

const BAR_WIDTH = 30;

/**
 * A `(done, total)` callback that draws a progress bar redrawn in place on a terminal,
 * and on anything else (a log file, CI) prints a plain line at each quarter.
 */
export function progressReporter(stream: ProgressStream, label: string): (done: number, total: number) => void {
  let lastShown = -1;
  const started = Date.now();
  return (done, total) => {
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    const percent = Math.floor(fraction * 100);
    if (stream.isTTY) {
      if (percent === lastShown) return;
      lastShown = percent;
      const filled = Math.round(fraction * BAR_WIDTH);
      const bar = '█'.repeat(filled) + '░'.repeat(BAR_WIDTH - filled);
      const end = done >= total ? ` in ${((Date.now() - started) / 1000).toFixed(1)} s\n` : '';
      stream.write(`\r${label} ${bar} ${String(percent).padStart(3)}% ${done}/${total}${end}`);
      return;
    }
    const quarter = Math.floor(percent / 25) * 25;
    if (quarter === lastShown || (quarter === 0 && done < total)) return;
    lastShown = quarter;
    stream.write(`${label}: ${quarter}% (${done}/${total})\n`);
  };
}
