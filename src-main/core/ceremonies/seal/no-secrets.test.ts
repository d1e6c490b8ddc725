import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { findSecret, listFiles } from '../../vault/test-support.ts';
import { SEAL_ARTIFACTS, SEAL_FACTS, sealShareSecretId } from '../../../../src-shared/ceremonies/seal.ts';
import { act, carry, factOf, view } from '../../rehearsal/seal-driver.ts';
import { makeRotation, makeWorld, type TestParty } from '../../testing/seal-world.ts';

async function vaultSecrets(parties: readonly TestParty[]): Promise<{ id: string; kind: string; bytes: Uint8Array }[]> {
  const out: { id: string; kind: string; bytes: Uint8Array }[] = [];
  for (const p of parties) {
    const v = await p.core.vault.unlockedVault();
    for (const m of v.list()) {
      const bytes = await v.get(m.id);
      out.push({ id: m.id, kind: m.kind, bytes });
      if (m.kind === 'seal.dkg-keys')
        out.push(
          { id: `${m.id}#enc`, kind: m.kind, bytes: bytes.slice(0, 32) },
          { id: `${m.id}#sig`, kind: m.kind, bytes: bytes.slice(32) },
        );
    }
  }
  return out;
}

/**
 * Acceptance 6 of issue 4: no DKG secret (encryption and signing keys, the message seed) and no
 * share appears in any API reply, bundle, artifact, journal, ledger or any other file of any
 * data folder, through a whole ceremony with an air-gapped member and every hand-off. The one
 * allowed exception is the env file the member explicitly asks for: it must be mode 0600.
 */
describe('no Seal secret crosses the API or lands in a plain file', () => {
  it('a whole ceremony with an air-gapped member, share hand-offs, credentials and cleanup', async () => {
    const clipboard: { text: string; clearAfterMs: number }[] = [];
    const w = await makeWorld(3, 2, {
      airGapped: [2],
      services: {
        copySecretToClipboard: async (text: string, clearAfterMs: number) => {
          clipboard.push({ text, clearAfterMs });
        },
      },
    });
    const d = w.driver;
    await d.runAll();
    const apiKeys: string[] = [];

    // every secret held by any vault, before cleanup deletes the DKG keys
    const secrets: { id: string; kind: string; bytes: Uint8Array }[] = [];
    for (const p of w.all) {
      const v = await p.core.vault.unlockedVault();
      for (const m of v.list()) {
        const bytes = await v.get(m.id);
        secrets.push({ id: m.id, kind: m.kind, bytes });
        // each half of enc_sk ‖ signing_sk on its own, too
        if (m.kind === 'seal.dkg-keys')
          secrets.push(
            { id: `${m.id}#enc`, kind: m.kind, bytes: bytes.slice(0, 32) },
            { id: `${m.id}#sig`, kind: m.kind, bytes: bytes.slice(32) },
          );
      }
    }
    const kinds = secrets.map((s) => s.kind);
    expect(kinds.filter((k) => k === 'seal.share')).toHaveLength(3);
    expect(kinds.filter((k) => k === 'seal.dkg-keys')).toHaveLength(9);
    expect(kinds.filter((k) => k === 'seal.message-seed')).toHaveLength(3);

    // the hand-offs: env file (0600), dkg.yaml with the share (0600), clipboard, encrypted backup
    const handoff = join(w.root, 'usb-for-key-servers');
    const shares = secrets.filter((s) => s.kind === 'seal.share');
    for (const [i, j] of d.joined.entries()) {
      const party = j.member.party as TestParty;
      const env = join(handoff, `member-${i}.env`);
      party.core.exportTo(env);
      await act(j.me, 'export-share-file', { format: 'env' });
      expect(statSync(env).mode & 0o777).toBe(0o600);
      const text = readFileSync(env, 'utf8');
      expect(text).toMatch(/^MASTER_SHARE_V0=0x[0-9a-f]{64}$/m);
      const shareHex = /MASTER_SHARE_V0=0x([0-9a-f]{64})/.exec(text)![1]!;
      expect(shares.some((s) => bytesToHex(s.bytes) === shareHex && s.id === sealShareSecretId(j.me.id))).toBe(true);
      party.core.exportTo(env);
      await expect(act(j.me, 'export-share-file', { format: 'env' })).rejects.toThrow(/already exists/);
      const yaml = join(handoff, `member-${i}-dkg.yaml`);
      party.core.exportTo(yaml);
      await act(j.me, 'export-share-file', { format: 'dkg-yaml' });
      expect(statSync(yaml).mode & 0o777).toBe(0o600);
      await act(j.me, 'copy-share');
      expect(clipboard.at(-1)).toEqual({ text: `0x${shareHex}`, clearAfterMs: 60_000 });
      const backup = join(handoff, `member-${i}.ceremony-backup`);
      party.core.exportTo(backup);
      await j.member.party.call('vault.exportBackup', { secretId: sealShareSecretId(j.me.id), passphrase: 'a long backup passphrase' });
      await act(j.me, 'note-share-backup', { path: backup });
      // the member proves the backup opens: its reply (public fingerprint, times) is scanned with every other
      await j.member.party.call('vault.proveBackup', {
        path: backup,
        passphrase: 'a long backup passphrase',
        secretId: sealShareSecretId(j.me.id),
      });
      await act(j.me, 'send-api-credentials', { apiKeyName: 'x-api-key' });
      await carry(j.me, SEAL_ARTIFACTS.apiCredentials, d.coordinator);
      await act(j.me, 'copy-api-key');
      expect(clipboard.at(-1)!.clearAfterMs).toBe(60_000);
      apiKeys.push(clipboard.at(-1)!.text);
      await act(j.me, 'cleanup');
      const v = await view(j.me);
      expect(factOf(v, SEAL_FACTS.shareHandoff)).toContain('env-file');
      for (const p of [j.me.party]) {
        const left = (await (p as (typeof w.all)[number]).core.vault.list()).map((x) => x.kind);
        expect(left).toContain('seal.share');
        expect(left).not.toContain('seal.dkg-keys');
        expect(left).not.toContain('seal.message-seed');
      }
    }
    // aggregator-config.yaml is no artifact: an explicit 0600 export holding every member's API key
    expect((await view(d.coordinator)).artifacts.map((a) => a.name)).not.toContain('aggregator-config.yaml');
    const aggregator = join(handoff, 'aggregator-config.yaml');
    w.coordinator.core.exportTo(aggregator);
    await act(d.coordinator, 'export-aggregator-config');
    expect(statSync(aggregator).mode & 0o777).toBe(0o600);
    for (const k of apiKeys) expect(readFileSync(aggregator, 'utf8')).toContain(k);
    // the committee health check reads those keys from the coordinator's vault for its requests; its reply is scanned below
    const health = await w.coordinator.call<{ members: { apiKeyHeader: string | null }[] }>('seal.checkKeyServers', {
      ceremonyId: d.coordinator.id,
    });
    expect(health.members.map((m) => m.apiKeyHeader)).toEqual(['x-api-key', 'x-api-key', 'x-api-key']);
    // the keys are vault entries on both sides, so the scan below looks for each of them
    const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));
    for (const x of await vaultSecrets(w.all)) if (!secrets.some((y) => y.id === x.id && same(y.bytes, x.bytes))) secrets.push(x);
    for (const k of apiKeys) expect(secrets.filter((s) => new TextDecoder().decode(s.bytes) === k)).toHaveLength(2);
    expect(secrets.filter((s) => s.kind === 'seal.credentials-key')).toHaveLength(1);
    for (const p of w.all) {
      await p.call('ceremonies.list', {});
      await p.call('vault.list', {});
      await p.call('vault.status', {});
    }

    // the scan: every API reply of every install, every file of every data folder and the ledger
    const replies = w.all.map((p) => JSON.stringify(p.replies)).join('\n');
    const files = [...w.all.flatMap((p) => listFiles(p.dir)), ...listFiles(w.ledgerDir)];
    expect(files.length).toBeGreaterThan(100);
    for (const s of secrets) {
      expect(findSecret(replies, s.bytes), `${s.id} in an API reply`).toEqual([]);
      for (const f of files) expect(findSecret(readFileSync(f), s.bytes), `${s.id} in ${f}`).toEqual([]);
    }
    // positive control: the finder does see the shares in the files the member asked for
    const asked = listFiles(handoff).filter((f) => !f.endsWith('.ceremony-backup') && !f.endsWith('aggregator-config.yaml'));
    for (const s of shares)
      expect(
        asked.some((f) => findSecret(readFileSync(f), s.bytes).length > 0),
        s.id,
      ).toBe(true);
  }, 120_000);

  it('a key rotation with an air-gapped continuing member: old and new shares stay in the vaults and the explicit 0600 exports', async () => {
    const clipboard: string[] = [];
    const w = await makeWorld(3, 2, {
      airGapped: [1],
      services: { copySecretToClipboard: async (text: string) => void clipboard.push(text) },
    });
    await w.driver.runAll();
    const ksId = factOf(await view(w.driver.coordinator), SEAL_FACTS.keyServerObjId)!;
    const r = await makeRotation(w, { keyServerObjId: ksId, keep: [0, 1], join: 1, threshold: 2, airGapped: [1] });
    const d = r.driver;
    await d.createCommittee();
    await d.joinAll();
    await d.registerAll();
    await d.messagesAll();
    await d.distributeMessageSet();
    await d.proposeAll();
    // hand-offs while the chain is still at version 0: the continuing member's env file holds both shares
    const handoff = join(w.root, 'usb-rotation');
    for (const k of [0, 1]) {
      (d.joined[k]!.me.party as TestParty).core.exportTo(join(handoff, `during-${k}.env`));
      await act(d.joined[k]!.me, 'export-share-file', { format: 'env' });
      expect(readFileSync(join(handoff, `during-${k}.env`), 'utf8')).toMatch(
        /^MASTER_SHARE_V0=0x[0-9a-f]{64}\nMASTER_SHARE_V1=0x[0-9a-f]{64}$/m,
      );
    }
    await d.finalizeAll();
    for (const [i, j] of d.joined.entries()) {
      for (const [name, format] of [
        [`m${i}.env`, 'env'],
        [`m${i}-dkg.yaml`, 'dkg-yaml'],
      ] as const) {
        (j.me.party as TestParty).core.exportTo(join(handoff, name));
        await act(j.me, 'export-share-file', { format });
        expect(statSync(join(handoff, name)).mode & 0o777).toBe(0o600);
      }
    }
    await act(d.joined[0]!.me, 'copy-share');
    expect(clipboard.at(-1)).toMatch(/^0x[0-9a-f]{64}$/);
    const everyone = [...new Set([...w.all, ...r.all])];
    for (const p of everyone) {
      await p.call('ceremonies.list', {});
      await p.call('vault.list', {});
    }
    const secrets = await vaultSecrets(everyone);
    // old shares (v0, incl. the rotation ceremonies' copies) and new shares (v1)
    expect(secrets.filter((x) => x.kind === 'seal.share').length).toBeGreaterThanOrEqual(3 + 3);
    for (const j of d.joined) await act(j.me, 'cleanup');

    const replies = everyone.map((p) => JSON.stringify(p.replies)).join('\n');
    const files = [...everyone.flatMap((p) => listFiles(p.dir)), ...listFiles(w.ledgerDir)];
    for (const x of secrets) {
      expect(findSecret(replies, x.bytes), `${x.id} in an API reply`).toEqual([]);
      for (const f of files) expect(findSecret(readFileSync(f), x.bytes), `${x.id} in ${f}`).toEqual([]);
    }
    // positive control: every share of this rotation is in the files the members asked for
    const rotationShares = secrets.filter((x) => x.kind === 'seal.share' && d.joined.some((j) => x.id.startsWith(`${j.me.id}/`)));
    expect(rotationShares.length).toBe(3 + 2);
    const asked = listFiles(handoff);
    for (const x of rotationShares)
      expect(
        asked.some((f) => findSecret(readFileSync(f), x.bytes).length > 0),
        x.id,
      ).toBe(true);
    // cleanup removed the rotation's copies of the retired v0 shares
    for (const j of d.joined)
      expect((await (j.member.party as TestParty).core.vault.list()).filter((m) => m.id.startsWith(`${j.me.id}/share-v0`))).toEqual([]);
  }, 120_000);
});
