// Builds the extension's two esbuild bundles into dist/:
//   extension.cjs  the host (Node, CommonJS): core and its analytics bundled in; `vscode` is
//                  the host's, better-sqlite3 ships beside it in node_modules (native binary).
//   webview.js     the page (browser, ESM): the @runner-dash/webcomponents elements, Lit,
//                  the Chart.js parts they use and the postMessage DataSource.
// No source maps: the .vsix ships neither maps nor sources.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const common = {
  absWorkingDir: root,
  bundle: true,
  minify: true,
  sourcemap: false,
  legalComments: 'eof',
  logLevel: 'warning',
  tsconfig: 'tsconfig.json',
};

await build({
  ...common,
  entryPoints: ['src/extension.ts'],
  outfile: 'dist/extension.cjs',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode', 'better-sqlite3'],
  // Core reads its package.json through import.meta.url, which CommonJS does not have.
  define: { 'import.meta.url': '__runnerDashModuleUrl' },
  banner: { js: "var __runnerDashModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
});

await build({
  ...common,
  entryPoints: ['src/webview/main.ts'],
  outfile: 'dist/webview.js',
  platform: 'browser',
  format: 'esm',
  target: 'es2022',
});

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
for (const file of ['dist/extension.cjs', 'dist/webview.js']) {
  const code = readFileSync(`${root}${file}`);
  console.log(`runner-dash-vscode ${file}: ${kb(code.length)} raw, ${kb(gzipSync(code, { level: 9 }).length)} gzip`);
}
