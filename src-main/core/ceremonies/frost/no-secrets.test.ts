import { readFileSync } from 'node:fs';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { createApp, type AppCore } from '../../testing/whole-app.ts';
import { decodeFrostPostcard } from '../../formats/frost/frost-postcard.ts';
import { commit, dkgPart1, refreshDkgPart1, seededRng } from '../../crypto/frost/index.ts';
import { MemoryKeychain, TEST_SCRYPT } from '../../vault/index.ts';
import { findSecret, listFiles, tempDataDir } from '../../vault/test-support.ts';
import { scanReplies } from '../../testing/reply-scan.ts';
import type { CallReply } from '../../../../src-shared/api/contract.ts';
import { openEnvelope } from './envelope.ts';
import { frostProtocol } from './protocol.ts';
import type { GroupState } from './state.ts';
import { CeremonyFolder } from '../../engine/folder.ts';
import { join } from 'node:path';

/**
 * Issue 6: no secret (key package, round-1 coefficients, round-2 shares, nonces, communication
 * key, seeds) in any bundle, API reply or plain file. A 2-of-3 DKG, a signing and a refresh run
 * through the real API boundary; then every secret is looked for — raw, hex and base64 at every
 * alignment — in every reply and every file of every data folder (bundles included).
 */
describe('FROST: no secret crosses the API or lands in a plain file', () => {
  it('DKG, signing and refresh through the API', async () => {
    const replies: CallReply[] = [];
    const ps: { core: AppCore; dir: string; id: string }[] = [];
    for (let i = 0; i < 3; i++) {
      const dir = tempDataDir('frost-api-');
      ps.push({
        dir,
        id: '',
        core: await createApp({ dataDir: dir, shell: 'cli', keychain: new MemoryKeychain(), kdf: TEST_SCRYPT, protocols: [frostProtocol] }),
      });
    }
    const call = async (p: (typeof ps)[number], name: string, input: unknown) => {
      const r = await p.core.dispatch(name, input);
      replies.push(r);
      if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
      return r.value as Record<string, unknown> & { artifacts: { id: string; name: string }[] };
    };
    const act = (p: (typeof ps)[number], action: string, input: Record<string, unknown> = {}) =>
      call(p, 'ceremonies.act', { id: p.id, action, input });
    const sync = async () => {
      for (let round = 0; round < 3; round++) {
        const files: { owner: (typeof ps)[number]; name: string; base64: string }[] = [];
        for (const p of ps) {
          const v = await call(p, 'ceremonies.get', { id: p.id });
          for (const a of v.artifacts.filter((x) => x.name.endsWith('.ceremony'))) {
            const r = (await call(p, 'ceremonies.readArtifact', { id: p.id, artifactId: a.id })) as unknown as {
              name: string;
              base64: string;
            };
            files.push({ owner: p, name: r.name, base64: r.base64 });
          }
        }
        for (const p of ps) {
          const mine = files.filter((f) => f.owner !== p).map(({ name, base64 }) => ({ name, base64 }));
          if (mine.length) await call(p, 'bundles.importFiles', { ceremonyId: p.id, files: mine });
        }
      }
    };
    for (const p of ps) await call(p, 'vault.init', { kind: 'keychain' });
    const [a, b, c] = ps as [(typeof ps)[number], (typeof ps)[number], (typeof ps)[number]];
    const created = await call(a, 'ceremonies.create', {
      protocol: 'frost',
      title: 'Vault',
      rehearsal: false,
      params: { mode: 'dkg', suite: 'ed25519', threshold: 2, description: 'Vault', members: ['A', 'B', 'C'] },
    });
    a.id = created.id as string;
    for (const [p, name] of [
      [b, 'B'],
      [c, 'C'],
    ] as const) {
      const inv = created.artifacts.find((x) => x.name === `invitation-for-${name}.ceremony`)!;
      const file = (await call(a, 'ceremonies.readArtifact', { id: a.id, artifactId: inv.id })) as unknown as {
        name: string;
        base64: string;
      };
      p.id = (await call(p, 'ceremonies.join', { name: file.name, base64: file.base64, params: {} })).id as string;
    }
    for (const p of ps) await act(p, 'round1');
    await sync();
    for (const p of ps) await act(p, 'round2');
    await sync();
    const codes: string[] = [];
    for (const p of ps) codes.push(((await act(p, 'finalize')).view as { codes: { groupKey: string } }).codes.groupKey);
    // Everyone compares the group key check code before using the group (read from the typed view).
    for (const [i, p] of ps.entries())
      await act(p, 'confirm-code', { verdict: 'match', code: codes[i], heard: ['p1', 'p2', 'p3'].filter((x) => x !== `p${i + 1}`) });
    await act(a, 'sign-request', { signers: ['p1', 'p3'], message: Buffer.from('hello').toString('base64'), label: 'hello' });
    await sync();
    await act(c, 'sign-approve');
    await sync();
    await act(a, 'sign');
    await act(c, 'sign');
    await sync();
    await act(b, 'refresh-start');
    await sync();
    await act(a, 'refresh-join');
    await act(c, 'refresh-join');
    await sync();
    for (const p of ps) await act(p, 'refresh-round2');
    await sync();
    for (const p of ps) {
      const v = await act(p, 'refresh-finalize');
      expect(v.facts).toBeDefined();
      await call(p, 'ceremonies.list', {});
      await call(p, 'vault.list', {});
    }

    // Every secret: what the vaults hold, and what is derived from it along the way.
    const secrets: { what: string; bytes: Uint8Array }[] = [];
    for (const p of ps) {
      const v = await p.core.vault.unlockedVault();
      const get = (n: string) => v.get(`${p.id}/${n}`);
      for (const m of v.list()) secrets.push({ what: m.id, bytes: await v.get(m.id) });
      const s = new CeremonyFolder(join(p.dir, 'ceremonies'), p.id).readState<GroupState>().protocolState;
      const me = s.members.find((m) => m.id === s.me)!;
      for (const ver of [1, 2]) {
        const kp = decodeFrostPostcard('KeyPackage', s.suite, await get(`key-package.${ver}`));
        secrets.push({ what: `${me.name} signing share v${ver}`, bytes: kp.signingShare });
        if (ver === 1) {
          for (const sess of s.signings.filter((x) => x.signers.includes(s.me))) {
            const { nonces, commitments } = commit(kp, seededRng(await get(`nonce-seed.${sess.id}`), `sign/${sess.id}/nonces`));
            // The re-derivation is right: it gives the commitments this member published.
            expect(bytesToHex(commitments.hiding)).toBe(sess.commitments[s.me]!.hiding);
            secrets.push(
              { what: `${me.name} hiding nonce ${sess.id}`, bytes: nonces.hiding },
              { what: `${me.name} binding nonce ${sess.id}`, bytes: nonces.binding },
            );
          }
        }
      }
      const r1 = dkgPart1(s.suite, me.identifier, 3, 2, seededRng(await get('dkg-seed'), 'dkg/dkg/part1'));
      expect(bytesToHex(r1.package.commitment[0]!)).toBe((s.dkg!.round1[s.me] as { commitment: string[] }).commitment[0]);
      r1.secretPackage.coefficients.forEach((x, i) => secrets.push({ what: `${me.name} DKG coefficient ${i}`, bytes: x }));
      const rf = refreshDkgPart1(
        s.suite,
        me.identifier,
        3,
        2,
        seededRng(await get(`refresh-seed.${s.refreshes[0]!.id}`), `refresh/${s.refreshes[0]!.id}/part1`),
      );
      expect(bytesToHex(rf.package.commitment[0]!)).toBe((s.refreshes[0]!.round1[s.me] as { commitment: string[] }).commitment[0]);
      rf.secretPackage.coefficients.slice(1).forEach((x, i) => secrets.push({ what: `${me.name} refresh coefficient ${i + 1}`, bytes: x }));
      // The round-2 shares sealed to this member, opened with its communication key.
      for (const [ex, purpose] of [
        [s.dkg!, 'dkg/round2'],
        [s.refreshes[0]!, `refresh/${s.refreshes[0]!.id}/round2`],
      ] as const) {
        for (const [from, env] of Object.entries(ex.round2)) {
          const sender = s.members.find((m) => m.id === from)!;
          const plain = openEnvelope({
            envelope: env,
            recipientSecret: await get('comm-key'),
            senderPublic: hexToBytes(sender.commKey!),
            context: { ceremony: a.id, purpose, from, to: s.me },
            senderName: sender.name,
          });
          const share = hexToBytes((JSON.parse(new TextDecoder().decode(plain)) as { signing_share: string }).signing_share);
          secrets.push({ what: `${purpose} share ${from}→${s.me}`, bytes: share });
        }
      }
    }
    // 3 × (bundle identity, comm key, DKG seed, 2 key packages, refresh seed) + 2 nonce seeds.
    expect(secrets.filter((s) => !/ /.test(s.what)).length).toBe(3 * 6 + 2);
    expect(secrets.filter((s) => s.what.includes('share') && s.what.includes('→')).length).toBe(12);
    const replyText = JSON.stringify(replies);
    const files = ps.flatMap((p) => listFiles(p.dir));
    expect(files.filter((f) => f.endsWith('.ceremony')).length).toBeGreaterThan(30);
    for (const s of secrets) {
      expect(findSecret(replyText, s.bytes), `${s.what} in an API reply`).toEqual([]);
      for (const f of files) expect(findSecret(readFileSync(f), s.bytes), `${s.what} in ${f}`).toEqual([]);
    }
    // every call succeeded; no secret inside any decoded reply value, and no vault backup in any reply
    expect(replies.filter((r) => !r.ok)).toEqual([]);
    expect(
      await scanReplies(
        replies,
        secrets.map((s) => ({ id: s.what, bytes: s.bytes })),
        [],
      ),
    ).toEqual([]);
  });
});
