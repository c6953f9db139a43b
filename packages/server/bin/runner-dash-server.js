#!/usr/bin/env node
// Plain JavaScript on purpose: it must run (and refuse) on old Node versions before any
// dependency is loaded — better-sqlite3 13 crashes Node 20 with a segmentation fault.
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  console.error(
    `runner-dash-server needs Node.js 22 or newer (this is ${process.version}); install Node 22 and try again.`,
  );
  process.exit(2);
}
const { main } = await import('../dist/cli.js');
process.exitCode = await main(process.argv.slice(2));
