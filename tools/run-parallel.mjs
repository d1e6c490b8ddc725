#!/usr/bin/env node
// Runs each argument as a shell command at the same time and prints each command's output as one
// block, in argument order, once it has finished. Exits non-zero if any command failed.
//
// `npm test` uses it for the static checks (two type checks, ESLint, Prettier, knip): each is
// single-threaded, so side by side they take about half as long on the 2-core build machine.
import { spawn } from 'node:child_process';

const commands = process.argv.slice(2);
if (commands.length === 0) {
  console.error('usage: run-parallel.mjs "<command>" ["<command>" ...]');
  process.exit(2);
}

const runs = commands.map(
  (command) =>
    new Promise((resolve) => {
      const chunks = [];
      const child = spawn(command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.on('data', (d) => chunks.push(d));
      child.stderr.on('data', (d) => chunks.push(d));
      child.on('close', (code, signal) => resolve({ command, code: code ?? 1, signal, output: Buffer.concat(chunks).toString() }));
    }),
);

let failed = 0;
for (const run of runs) {
  const r = await run;
  process.stdout.write(`\n> ${r.command}\n${r.output}`);
  if (r.code !== 0) {
    failed++;
    process.stdout.write(`! failed (${r.signal ?? `exit ${r.code}`}): ${r.command}\n`);
  }
}
process.exit(failed ? 1 : 0);
