// Packs dist/ into runner-dash-vscode-<version>.vsix with @vscode/vsce, without prompting.
//
// vsce stumbles over npm workspaces (hoisted and symlinked node_modules), so the package is
// staged in a temporary folder holding only what ships: the two bundles, media, README,
// LICENSE, a package.json whose one dependency is better-sqlite3, and better-sqlite3
// itself (lib, prebuilt binaries for every platform, package.json without its build-time
// dependencies). The @runner-dash packages are inside the bundles. No sources, maps or tests.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(join(root, 'package.json'));
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const sqliteDir = dirname(require.resolve('better-sqlite3/package.json'));
const sqlite = JSON.parse(readFileSync(join(sqliteDir, 'package.json'), 'utf8'));
const out = join(root, `${manifest.name}-${manifest.version}.vsix`);

for (const file of [
  'dist/extension.cjs',
  'dist/webview.js',
  'media/icon.png',
  'media/activity.svg',
  'README.md',
  'LICENSE',
]) {
  if (!existsSync(join(root, file))) {
    console.error(`runner-dash-vscode: ${file} is missing; run 'npm run bundle -w runner-dash-vscode' first.`);
    process.exit(1);
  }
}

const stage = mkdtempSync(join(tmpdir(), 'runner-dash-vsix-'));
try {
  for (const file of ['dist/extension.cjs', 'dist/webview.js', 'media', 'README.md', 'LICENSE', '.vscodeignore']) {
    cpSync(join(root, file), join(stage, file), { recursive: true });
  }
  const { scripts: _s, devDependencies: _d, private: _p, ...shipped } = manifest;
  shipped.dependencies = { 'better-sqlite3': sqlite.version };
  writeFileSync(join(stage, 'package.json'), JSON.stringify(shipped, null, 2));

  const target = join(stage, 'node_modules', 'better-sqlite3');
  mkdirSync(target, { recursive: true });
  for (const part of ['lib', 'prebuilds', 'LICENSE'])
    cpSync(join(sqliteDir, part), join(target, part), { recursive: true });
  // node-addon-api and the build scripts only matter when compiling, which the prebuilds spare us.
  const { dependencies: _bd, devDependencies: _bdd, scripts: _bs, ...runtime } = sqlite;
  writeFileSync(join(target, 'package.json'), JSON.stringify(runtime, null, 2));

  const vsce = join(dirname(require.resolve('@vscode/vsce/package.json')), 'vsce');
  execFileSync(process.execPath, [vsce, 'package', '--out', out], {
    cwd: stage,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, npm_config_yes: 'true' },
  });
} finally {
  rmSync(stage, { recursive: true, force: true });
}
