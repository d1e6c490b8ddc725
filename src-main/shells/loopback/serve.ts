/**
 * Starts the app without Electron: the core for one data folder, and the loopback host that
 * serves the built renderer and the API on 127.0.0.1. Used by `npm start` where Electron is
 * not installed, and by the end-to-end tests (one process per participant).
 *
 *   node out/main/loopback.js [--data-dir DIR] [--port N] [--json] [--with-test-protocol] [--memory-keychain]
 *
 * (built by `npm run build`; `node --import tsx src-main/shells/loopback/serve.ts …` runs the sources)
 */
import { parseArgs } from 'node:util';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../../core/app/create-app.ts';
import { productProtocols } from '../../core/app/protocols.ts';
import { defaultDataDir } from '../../core/paths.ts';
import { MemoryKeychain, TEST_SCRYPT } from '../../core/vault/index.ts';
import { testProtocol } from '../../core/engine/testing/testproto.ts';
import { startLoopbackHost } from './host.ts';
import { oneTimeCodeGate } from '../../core/secret-export/code-gate.ts';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    port: { type: 'string' },
    json: { type: 'boolean' },
    'with-test-protocol': { type: 'boolean' },
    'memory-keychain': { type: 'boolean' },
  },
});

const dataDir = resolve(values['data-dir'] ?? defaultDataDir());
const testMode = values['with-test-protocol'] === true;
// Secret files (shares, backups, aggregator-config.yaml) go beside the data folder, never inside
// it, once the person types the code printed here: the page cannot read this terminal.
const exportDir = join(dirname(dataDir), 'ceremony-exports');
const secretExport = oneTimeCodeGate({
  exportDir,
  announce: ({ what, path, code }) =>
    process.stdout.write(
      values.json
        ? JSON.stringify({ event: 'export-code', what, path, code }) + '\n'
        : `\nThe app asks to write ${what} to ${path}.\nIf you asked for this, type this one-time code in the app: ${code} (valid 5 minutes, once).\n`,
    ),
});
const core = await createApp({
  dataDir,
  shell: 'loopback',
  capabilities: { secretExport },
  protocols: testMode ? [...productProtocols(), testProtocol] : productProtocols(),
  // Test hosts only: an in-memory keychain and cheap scrypt, so e2e runs need no OS keyring.
  keychain: values['memory-keychain'] ? new MemoryKeychain() : undefined,
  kdf: testMode ? TEST_SCRYPT : undefined,
});
const host = await startLoopbackHost({
  dispatch: core.dispatch,
  bus: core.bus,
  // Built, this file is out/main/loopback.js beside out/renderer; from sources (tsx), it is three folders down.
  rendererDir: fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? '../../../out/renderer' : '../renderer', import.meta.url)),
  port: values.port ? Number(values.port) : 0,
});

if (values.json) process.stdout.write(JSON.stringify({ url: host.url, openUrl: host.openUrl, dataDir }) + '\n');
else
  process.stdout.write(
    `Ceremony is running at ${host.openUrl}\n(data folder ${dataDir}; only this computer can connect; press Ctrl+C to stop)\n`,
  );

const stop = async () => {
  await host.close();
  await core.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
