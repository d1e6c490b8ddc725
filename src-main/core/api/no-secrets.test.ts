import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createApp, type AppCore } from '../app/create-app.ts';
import { testProtocol } from '../engine/testing/testproto.ts';
import { MemoryKeychain, TEST_SCRYPT } from '../vault/index.ts';
import { findSecret, listFiles, tempDataDir } from '../vault/test-support.ts';
import type { CallReply } from '../../../src-shared/api/contract.ts';

/**
 * Acceptance 3 (foundation), at the API level: run a whole ceremony for three participants
 * through the real API boundary (dispatch), record every reply, then look for every secret
 * the vaults hold (bundle identity keys, contribution secrets) in the replies and in every
 * file of every data folder — raw, hex and base64 at every alignment.
 */
describe('no secret crosses the API or lands in a plain file', () => {
  it('a full ceremony through the API', async () => {
    const replies: CallReply[] = [];
    const parties: { core: AppCore; dir: string }[] = [];
    for (let i = 0; i < 3; i++) {
      const dir = tempDataDir('api-');
      parties.push({
        dir,
        core: await createApp({ dataDir: dir, shell: 'cli', keychain: new MemoryKeychain(), kdf: TEST_SCRYPT, protocols: [testProtocol] }),
      });
    }
    const call = async (p: (typeof parties)[number], name: string, input: unknown) => {
      const r = await p.core.dispatch(name, input);
      replies.push(r);
      if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
      return r.value as Record<string, unknown>;
    };
    for (const p of parties) await call(p, 'vault.init', { kind: 'keychain' });
    const [a, b, c] = parties as [(typeof parties)[number], (typeof parties)[number], (typeof parties)[number]];
    const created = await call(a, 'ceremonies.create', {
      protocol: 'test',
      title: 'T',
      rehearsal: false,
      params: { participants: ['A', 'B', 'C'] },
    });
    const id = created.id as string;
    const artifact = async (p: typeof a, cid: string, artifactId: string) =>
      call(p, 'ceremonies.readArtifact', { id: cid, artifactId }) as Promise<{ name: string; base64: string }>;
    const inv = await artifact(a, id, 'invitation');
    const ids = new Map<typeof a, string>([[a, id]]);
    for (const [p, index] of [
      [b, 1],
      [c, 2],
    ] as const)
      ids.set(p, (await call(p, 'ceremonies.join', { ...inv, params: { index } })).id as string);
    for (const p of parties) await call(p, 'ceremonies.act', { id: ids.get(p), action: 'register', input: {} });
    for (const p of parties) {
      const files = await Promise.all(parties.filter((o) => o !== p).map((o) => artifact(o, ids.get(o)!, 'register')));
      await call(p, 'bundles.importFiles', { ceremonyId: ids.get(p), files });
    }
    for (const p of parties) await call(p, 'ceremonies.act', { id: ids.get(p), action: 'contribute', input: {} });
    for (const p of parties) {
      const files = await Promise.all(parties.filter((o) => o !== p).map((o) => artifact(o, ids.get(o)!, 'contribution')));
      await call(p, 'bundles.importFiles', { ceremonyId: ids.get(p), files });
    }
    for (const p of parties) {
      const v = await call(p, 'ceremonies.act', { id: ids.get(p), action: 'finalize', input: {} });
      expect(v.status).toBe('completed');
      await call(p, 'ceremonies.get', { id: ids.get(p) });
      await call(p, 'ceremonies.list', {});
      await call(p, 'vault.list', {});
      await call(p, 'vault.status', {});
      await call(p, 'app.info', {});
    }

    const secrets: { id: string; bytes: Uint8Array }[] = [];
    for (const p of parties) {
      const v = await p.core.vault.unlockedVault();
      for (const m of v.list()) secrets.push({ id: m.id, bytes: await v.get(m.id) });
    }
    // Every participant holds an identity key and a contribution secret.
    expect(secrets.length).toBe(6);
    const replyText = JSON.stringify(replies);
    const files = parties.flatMap((p) => listFiles(p.dir));
    expect(files.length).toBeGreaterThan(20);
    for (const s of secrets) {
      expect(findSecret(replyText, s.bytes), `${s.id} in an API reply`).toEqual([]);
      for (const f of files) expect(findSecret(readFileSync(f), s.bytes), `${s.id} in ${f}`).toEqual([]);
    }
  });
});
