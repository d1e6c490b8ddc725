import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../core/app/create-app.ts';
import { MemoryKeychain, TEST_SCRYPT } from '../../../core/vault/index.ts';
import { runSealRehearsal } from '../../../core/rehearsal/seal.ts';

describe('seal.previewRotation (API)', () => {
  it('describes the committee behind a key server from the chain, and refuses an unknown object with a clear error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'preview-'));
    const r = await runSealRehearsal({ dir, members: 3, threshold: 2, kdf: TEST_SCRYPT, keychain: () => new MemoryKeychain() });
    const ledger = join(dir, 'ledger');
    const core = await createApp({
      dataDir: mkdtempSync(join(tmpdir(), 'preview-app-')),
      shell: 'cli',
      keychain: new MemoryKeychain(),
      kdf: TEST_SCRYPT,
    });
    const reply = await core.dispatch('seal.previewRotation', { network: `rehearsal:${ledger}`, keyServerObjId: r.keyServerObjId });
    expect(reply.ok).toBe(true);
    const p = (reply as { value: { version: number; threshold: number; members: { partyId: number }[]; keyServerPk: string } }).value;
    expect(p).toMatchObject({ version: 0, threshold: 2 });
    expect(p.members.map((m) => m.partyId)).toEqual([0, 1, 2]);
    const bad = await core.dispatch('seal.previewRotation', { network: `rehearsal:${ledger}`, keyServerObjId: '0x' + '12'.repeat(32) });
    expect(bad.ok).toBe(false);
    expect((bad as { error: { message: string } }).error.message.length).toBeGreaterThan(20);
    await core.close();
  });
});
