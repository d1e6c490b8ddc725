import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { repoRoot } from '../../core/testing/vectors.ts';

// electron-builder cannot package here (it downloads Electron); this keeps its configuration
// valid against electron-builder's own schema and checks the security-relevant settings.
const require = createRequire(import.meta.url);
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: unknown): Promise<Record<string, unknown>>;
  validateConfiguration(config: unknown, logger: { isEnabled: boolean; add(): void }): Promise<void>;
};

describe('electron-builder configuration', () => {
  it('passes electron-builder validation and sets the fuses and targets', async () => {
    const config = await getConfig(repoRoot, null, null);
    await validateConfiguration(config, { isEnabled: false, add() {} });
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    });
    expect((config.linux as { target: string[] }).target).toEqual(['AppImage', 'deb']);
    expect((config.mac as { target: string[] }).target).toEqual(['dmg']);
    expect((config.win as { target: string[] }).target).toEqual(['nsis']);
    expect(config.npmRebuild).toBe(false);
  });

  it('installs a `ceremony` command that runs the app binary with --cli (deb and nsis)', async () => {
    const config = await getConfig(repoRoot, null, null);
    const deb = config.deb as { afterInstall: string; afterRemove: string };
    const install = readFileSync(join(repoRoot, deb.afterInstall), 'utf8');
    expect(install).toMatch(/exec "\$APP" --cli/);
    expect(install).toContain('chrome-sandbox');
    expect(readFileSync(join(repoRoot, deb.afterRemove), 'utf8')).toContain('/usr/bin/ceremony');
    expect(readFileSync(join(repoRoot, (config.nsis as { include: string }).include), 'utf8')).toContain('--cli %*');
  });

  it('rejects an invalid option (the check can fail)', async () => {
    await expect(
      validateConfiguration({ linux: { target: 'AppImage', notAnOption: 1 } }, { isEnabled: false, add() {} }),
    ).rejects.toThrow();
  });
});
