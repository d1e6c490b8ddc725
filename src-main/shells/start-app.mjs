// @ts-check
// What `npm start` does (src-main/shells/start.mjs calls it; start-app.test.ts drives it with
// stubs). Plain JavaScript: it runs before anything is built, without tsx.
import { spawn as nodeSpawn, spawnSync as nodeSpawnSync } from 'node:child_process';
import { existsSync as nodeExistsSync, readFileSync as nodeReadFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** How long Electron's own installer may take to download its binary, once per run. */
export const ELECTRON_INSTALL_TIMEOUT_MS = 60_000;

/**
 * @typedef {object} StartDeps
 * @property {string} root            the checkout
 * @property {string[]} argv          arguments after `npm start --`
 * @property {NodeJS.ProcessEnv} env
 * @property {NodeJS.Platform} platform
 * @property {string} nodePath        this Node.js
 * @property {(line: string) => void} log
 * @property {typeof nodeSpawn} spawn
 * @property {typeof nodeSpawnSync} spawnSync
 * @property {(p: string) => boolean} existsSync
 * @property {(p: string) => string} readText
 * @property {(url: string) => void} openBrowser
 */

/** @returns {StartDeps} */
export function realDeps(/** @type {string} */ root) {
  return {
    root,
    argv: process.argv.slice(2),
    env: process.env,
    platform: process.platform,
    nodePath: process.execPath,
    log: (line) => console.log(line),
    spawn: nodeSpawn,
    spawnSync: nodeSpawnSync,
    existsSync: nodeExistsSync,
    readText: (p) => nodeReadFileSync(p, 'utf8'),
    openBrowser: (url) => openInSystemBrowser(url, process.platform),
  };
}

/** The system's own way to open a URL; never waits for it, never fails the app. */
function openInSystemBrowser(/** @type {string} */ url, /** @type {NodeJS.Platform} */ platform) {
  const [cmd, args] =
    platform === 'darwin' ? ['open', [url]] : platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  try {
    const child = nodeSpawn(cmd, args, { stdio: 'ignore', detached: true });
    child.on('error', () => {});
    child.unref();
  } catch {
    // no opener: the address is printed anyway
  }
}

/** A line the loopback host printed, as the person at the terminal should read it. */
export function hostLineInWords(/** @type {string} */ line) {
  try {
    const e = JSON.parse(line);
    if (e && e.event === 'export-code')
      return `The app asks to write ${e.what} to ${e.path}.\nIf you asked for this, type this one-time code in the app: ${e.code} (valid 5 minutes, once).`;
  } catch {
    // not JSON: pass it on as it is
  }
  return line;
}

/** Where a browser can be shown: on Linux only with an X11 or Wayland display; always on macOS and Windows. */
export function hasDisplay(/** @type {NodeJS.Platform} */ platform, /** @type {NodeJS.ProcessEnv} */ env) {
  if (platform === 'darwin' || platform === 'win32') return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

/** Electron's binary, if installed. Never `require('electron')`: it downloads when the binary is missing. */
export function electronBinary(/** @type {StartDeps} */ d) {
  const pkg = join(d.root, 'node_modules', 'electron');
  const pathTxt = join(pkg, 'path.txt');
  if (!d.existsSync(pathTxt)) return null;
  const rel = d.readText(pathTxt).trim();
  const dist = d.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(pkg, 'dist');
  const bin = join(dist, rel);
  return d.existsSync(bin) ? bin : null;
}

/** Runs Electron's own installer once (the Quick start installs with ELECTRON_SKIP_BINARY_DOWNLOAD=1). */
function installElectron(/** @type {StartDeps} */ d) {
  const installer = join(d.root, 'node_modules', 'electron', 'install.js');
  if (!d.existsSync(installer)) return 'the electron package is not installed';
  const env = { ...d.env };
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  const r = d.spawnSync(d.nodePath, [installer], { cwd: d.root, env, stdio: 'ignore', timeout: ELECTRON_INSTALL_TIMEOUT_MS });
  if (r.error && /** @type {NodeJS.ErrnoException} */ (r.error).code === 'ETIMEDOUT') return 'its download took longer than 60 seconds';
  if (r.status !== 0) return 'its download failed';
  return electronBinary(d) ? null : 'its installer finished without a binary';
}

/**
 * `npm start`: the desktop window where Electron runs; otherwise one line saying why not, the
 * same app through the loopback host, and the system browser opened at its address when there
 * is a display (`--no-open` skips that). Resolves to the child process.
 */
export async function startApp(/** @type {StartDeps} */ d) {
  const noOpen = d.argv.includes('--no-open');
  const args = d.argv.filter((a) => a !== '--no-open');
  let electron = electronBinary(d);
  let why = null;
  if (!electron) {
    why = installElectron(d);
    electron = why ? null : electronBinary(d);
  }
  if (electron) return d.spawn(electron, [d.root, ...args], { cwd: d.root, stdio: 'inherit' });

  d.log(`Electron could not be installed here (${why}); serving the same app through the loopback host instead.`);
  const child = d.spawn(d.nodePath, [join(d.root, 'out', 'main', 'loopback.js'), '--json', ...args], {
    cwd: d.root,
    stdio: ['inherit', 'pipe', 'inherit'],
  });
  const stdout = /** @type {NodeJS.ReadableStream} */ (child.stdout);
  const first = await new Promise((resolve) => {
    const rl = createInterface({ input: stdout });
    rl.once('line', (line) => {
      rl.close();
      resolve(line);
    });
    child.once('exit', () => resolve(null));
  });
  if (typeof first !== 'string') return child;
  const { openUrl, dataDir } = /** @type {{ openUrl: string; dataDir: string }} */ (JSON.parse(first));
  d.log(`Ceremony is running at ${openUrl}`);
  d.log(`(data folder ${dataDir}; only this computer can connect; press Ctrl+C to stop)`);
  if (!noOpen && hasDisplay(d.platform, d.env)) d.openBrowser(openUrl);
  // The host speaks JSON lines (`--json`); the person at this terminal reads sentences.
  createInterface({ input: stdout }).on('line', (line) => d.log(hostLineInWords(line)));
  return child;
}
