// Builds dist/runner-dash.js: every element, Lit and the registered Chart.js parts in one
// ES module for browsers (the server serves it at /assets/runner-dash.js). Prints its size
// so a growing bundle is noticed at build time, not in the bench.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outfile = `${root}dist/runner-dash.js`;

await build({
  absWorkingDir: root,
  entryPoints: ['src/index.ts'],
  outfile,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  sourcemap: 'linked',
  legalComments: 'eof',
  tsconfig: 'tsconfig.json',
  logLevel: 'warning',
});

const code = readFileSync(outfile);
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`dist/runner-dash.js: ${kb(code.length)} raw, ${kb(gzipSync(code, { level: 9 }).length)} gzip`);
