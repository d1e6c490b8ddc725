import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import type { ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { startApp, type StartDeps } from './start-app.mjs';

/** A machine without the Electron binary whose installer fails; the loopback host prints its address. */
function machine(over: Partial<StartDeps> & { installerStatus?: number | null; installerError?: string } = {}) {
  const lines: string[] = [];
  const opened: string[] = [];
  const spawned: { cmd: string; args: readonly string[] }[] = [];
  const installs: { env: NodeJS.ProcessEnv; timeout: number | undefined }[] = [];
  const host = Object.assign(new EventEmitter(), { stdout: new PassThrough() }) as unknown as ChildProcess;
  const deps: StartDeps = {
    root: '/app',
    argv: [],
    env: { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
    platform: 'linux',
    nodePath: '/usr/bin/node',
    log: (l) => lines.push(l),
    spawn: ((cmd: string, args: readonly string[]) => {
      spawned.push({ cmd, args });
      setImmediate(() =>
        host.stdout!.emit(
          'data',
          Buffer.from('{"url":"http://127.0.0.1:5000/","openUrl":"http://127.0.0.1:5000/#token=t","dataDir":"/d"}\n'),
        ),
      );
      return host;
    }) as unknown as StartDeps['spawn'],
    spawnSync: ((_cmd: string, _args: readonly string[], o: { env: NodeJS.ProcessEnv; timeout?: number }) => {
      installs.push({ env: o.env, timeout: o.timeout });
      const error = over.installerError ? Object.assign(new Error('timed out'), { code: over.installerError }) : undefined;
      return { status: over.installerStatus === undefined ? 1 : over.installerStatus, error };
    }) as unknown as StartDeps['spawnSync'],
    existsSync: (p) => p.endsWith('install.js'),
    readText: () => '',
    openBrowser: (url) => opened.push(url),
    ...over,
  };
  return { deps, lines, opened, spawned, installs };
}

describe('npm start without the Electron binary', () => {
  it('tries Electron’s installer once with a 60 s limit, says why in one line, serves loopback and opens the browser', async () => {
    const m = machine({ env: { ELECTRON_SKIP_BINARY_DOWNLOAD: '1', DISPLAY: ':0' } });
    await startApp(m.deps);
    expect(m.installs).toHaveLength(1);
    expect(m.installs[0]!.timeout).toBe(60_000);
    expect(m.installs[0]!.env.ELECTRON_SKIP_BINARY_DOWNLOAD).toBeUndefined();
    const electronLines = m.lines.filter((l) => /Electron/.test(l));
    expect(electronLines).toEqual([
      'Electron could not be installed here (its download failed); serving the same app through the loopback host instead.',
    ]);
    expect(m.spawned).toEqual([{ cmd: '/usr/bin/node', args: ['/app/out/main/loopback.js', '--json'] }]);
    expect(m.lines).toContain('Ceremony is running at http://127.0.0.1:5000/#token=t');
    expect(m.opened).toEqual(['http://127.0.0.1:5000/#token=t']);
  });

  it("puts the host's one-time export code into words for the person at the terminal", async () => {
    const m = machine({ env: {} });
    const child = await startApp(m.deps);
    child.stdout!.emit(
      'data',
      Buffer.from('{"event":"export-code","what":"your key share","path":"/x/ceremony-exports/share.env","code":"123456"}\n'),
    );
    await new Promise((r) => setImmediate(r));
    expect(m.lines).toContain(
      'The app asks to write your key share to /x/ceremony-exports/share.env.\nIf you asked for this, type this one-time code in the app: 123456 (valid 5 minutes, once).',
    );
  });

  it('says when the download timed out', async () => {
    const m = machine({ installerStatus: null, installerError: 'ETIMEDOUT' });
    await startApp(m.deps);
    expect(m.lines[0]).toContain('its download took longer than 60 seconds');
  });

  it('does not open a browser without a display on Linux, nor with --no-open', async () => {
    const headless = machine({ env: {} });
    await startApp(headless.deps);
    expect(headless.opened).toEqual([]);
    expect(headless.lines).toContain('Ceremony is running at http://127.0.0.1:5000/#token=t');

    const noOpen = machine({ env: { WAYLAND_DISPLAY: 'wayland-0' }, argv: ['--no-open'] });
    await startApp(noOpen.deps);
    expect(noOpen.opened).toEqual([]);
    expect(noOpen.spawned[0]!.args).not.toContain('--no-open');
  });

  it('opens the browser on macOS and Windows without a DISPLAY variable', async () => {
    for (const platform of ['darwin', 'win32'] as const) {
      const m = machine({ env: {}, platform });
      await startApp(m.deps);
      expect(m.opened).toHaveLength(1);
    }
  });

  it('starts the desktop app when the installer brings the binary', async () => {
    let installed = false;
    const m = machine({
      installerStatus: 0,
      existsSync: (p) => p.endsWith('install.js') || (installed && (p.endsWith('path.txt') || p.endsWith('/dist/electron'))),
      readText: () => 'electron',
    });
    const spawnSync = m.deps.spawnSync;
    m.deps.spawnSync = ((...a: Parameters<typeof spawnSync>) => {
      installed = true;
      return spawnSync(...a);
    }) as typeof spawnSync;
    await startApp(m.deps);
    expect(m.lines).toEqual([]);
    expect(m.spawned).toEqual([{ cmd: '/app/node_modules/electron/dist/electron', args: ['/app'] }]);
    expect(m.opened).toEqual([]);
  });
});
