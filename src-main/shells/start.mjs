#!/usr/bin/env node
// `npm start`: build if needed, then run the desktop app (see start-app.mjs for the fallback).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { realDeps, startApp } from './start-app.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

if (
  !existsSync(join(root, 'out', 'main', 'loopback.js')) ||
  !existsSync(join(root, 'out', 'renderer', 'index.html')) ||
  process.env.CEREMONY_REBUILD
) {
  const r = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const child = await startApp(realDeps(root));
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
for (const s of /** @type {const} */ (['SIGINT', 'SIGTERM'])) process.on(s, () => child.kill(s));
