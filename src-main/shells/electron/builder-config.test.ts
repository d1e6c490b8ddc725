import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
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

  it('rejects an invalid option (the check can fail)', async () => {
    await expect(
      validateConfiguration({ linux: { target: 'AppImage', notAnOption: 1 } }, { isEnabled: false, add() {} }),
    ).rejects.toThrow();
  });
});
