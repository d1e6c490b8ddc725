#!/usr/bin/env node
// `npm start`: build if needed, then run the desktop app where the Electron binary exists;
// otherwise say so in one line and serve the same UI through the loopback host.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const run = (cmd, args) =>
  spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } });

if (!existsSync(join(root, 'out', 'renderer', 'index.html')) || process.env.CEREMONY_REBUILD) {
  const r = run(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build']);
  if (r.status !== 0) process.exit(r.status ?? 1);
}

// Do not require('electron') here: it tries to download the binary when it is missing.
function electronBinary() {
  const pkg = join(root, 'node_modules', 'electron');
  const pathTxt = join(pkg, 'path.txt');
  if (!existsSync(pathTxt)) return null;
  const rel = readFileSync(pathTxt, 'utf8').trim();
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(pkg, 'dist');
  const bin = join(dist, rel);
  return existsSync(bin) ? bin : null;
}

const electron = electronBinary();
const args = process.argv.slice(2);
const child = electron
  ? spawn(electron, [root, ...args], { cwd: root, stdio: 'inherit' })
  : (console.log('Electron is not installed on this machine; serving the same app through the loopback host instead.'),
    spawn(process.execPath, ['--import', 'tsx', join(root, 'src-main', 'shells', 'loopback', 'serve.ts'), ...args], {
      cwd: root,
      stdio: 'inherit',
    }));
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => child.kill(s));
