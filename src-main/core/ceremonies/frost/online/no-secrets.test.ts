import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { x25519 } from '@noble/curves/ed25519.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { createApp, type AppCore } from '../../../testing/whole-app.ts';
import { CeremonyFolder } from '../../../engine/folder.ts';
import { decodeFrostPostcard } from '../../../formats/frost/frost-postcard.ts';
import { commit, dkgPart1, frostSuite, seededRng } from '../../../crypto/frost/index.ts';
import { FrostdSignCoordinator, type FrostdSignCoordinatorState } from '../../../transports/frostd/sign-coordinator.ts';
import { FrostdTestRelay } from '../../../transports/frostd/test-relay.ts';
import { MemoryKeychain, TEST_SCRYPT } from '../../../vault/index.ts';
import { findSecret, listFiles, tempDataDir } from '../../../vault/test-support.ts';
import type { CallReply } from '../../../../../src-shared/api/contract.ts';
import { FROST_FACT } from '../../../../../src-shared/ceremonies/frost.ts';
import { frostProtocol } from '../protocol.ts';
import { groupKeyCode } from '../code-checks.ts';
import type { GroupState } from '../state.ts';
import { frostdAccess } from './services.ts';
import { FakeClock } from '../../../testing/frost-online.ts';

/**
 * Issue 6, online path: no secret — communication keys, frostd run seeds, key packages, the DKG
 * polynomial, signing nonces — in any API reply or plain file. Three installs run an online
 * 2-of-3 DKG and an online signing through the real API boundary; then every secret is looked
 * for, raw, hex and base64 at every alignment, in every reply and every file of every data
 * folder (the relay transcripts in state.json included).
 */
describe('FROST online: no secret crosses the API or lands in a plain file', () => {
  it('online DKG and signing through the API', async () => {
    const clock = new FakeClock();
    const relay = await FrostdTestRelay.start();
    const replies: CallReply[] = [];
    const ps: { core: AppCore; dir: string; id: string; book: string; name: string }[] = [];
    for (const name of ['A', 'B', 'C']) {
      const dir = tempDataDir('frost-online-api-');
      const core = await createApp({
        dataDir: dir,
        shell: 'cli',
        keychain: new MemoryKeychain(),
        kdf: TEST_SCRYPT,
        protocols: [frostProtocol],
        services: { frost: { frostd: frostdAccess({ now: clock.now }) } },
      });
      ps.push({ dir, core, id: '', book: '', name });
    }
    type P = (typeof ps)[number];
    const call = async (p: P, name: string, input: unknown) => {
      const r = await p.core.dispatch(name, input);
      replies.push(r);
      if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
      return r.value as Record<string, unknown> & { facts: { label: string; value: string }[]; next: { action: string }[] };
    };
    const act = (p: P, action: string, input: Record<string, unknown> = {}) => call(p, 'ceremonies.act', { id: p.id, action, input });
    const state = (p: P) => new CeremonyFolder(join(p.dir, 'ceremonies'), p.id).readState<GroupState>().protocolState;
    const pollAll = async (done: () => boolean) => {
      for (let i = 0; i < 40 && !done(); i++) {
        for (const p of ps) if (p.id) await act(p, 'online-step');
        clock.advance(2000);
      }
      expect(done()).toBe(true);
    };
    try {
      for (const p of ps) {
        await call(p, 'vault.init', { kind: 'keychain' });
        p.book = (
          await call(p, 'ceremonies.create', {
            protocol: 'frost',
            title: 'FROST contacts',
            rehearsal: false,
            params: { mode: 'contacts', name: p.name },
          })
        ).id as string;
      }
      for (const p of ps)
        for (const o of ps.filter((x) => x !== p)) {
          const contact = (await call(o, 'ceremonies.get', { id: o.book })).facts.find((f) => f.label === FROST_FACT.contactString)!.value;
          await call(p, 'ceremonies.act', { id: p.book, action: 'contact-import', input: { contact } });
        }
      const [a, b, c] = ps as [P, P, P];
      a.id = (
        await call(a, 'ceremonies.create', {
          protocol: 'frost',
          title: 'Vault',
          rehearsal: false,
          params: { mode: 'online-dkg', server: relay.url, threshold: 2, description: 'Vault', participants: ['B', 'C'] },
        })
      ).id as string;
      for (const p of [b, c]) {
        p.id = (
          await call(p, 'ceremonies.create', {
            protocol: 'frost',
            title: 'Vault',
            rehearsal: false,
            params: { mode: 'online-join', server: relay.url, threshold: 2 },
          })
        ).id as string;
        await act(p, 'online-accept');
      }
      await pollAll(() => ps.every((p) => state(p).online!.runs[0]!.report.status === 'done'));
      for (const p of ps) {
        const s = state(p);
        const heard = s.members.map((m) => m.id).filter((id) => id !== s.me);
        await act(p, 'confirm-code', { verdict: 'match', code: groupKeyCode(s), heard });
      }
      const cId = state(a).members.find((m) => m.name === 'C')!.id;
      await act(a, 'online-sign-request', {
        signers: [state(a).me, cId],
        message: Buffer.from('hello').toString('base64'),
        label: 'hello',
      });
      await act(c, 'online-sign-join');
      await pollAll(() => (c.id ? state(c).online!.runs.some((r) => r.report.status === 'awaiting-approval') : false));
      await act(c, 'online-approve');
      await pollAll(() => state(a).online!.runs.some((r) => r.signature));
      for (const p of ps) {
        await call(p, 'ceremonies.get', { id: p.id });
        await call(p, 'ceremonies.list', {});
        await call(p, 'vault.list', {});
      }

      // Every secret: what the vaults hold, and what the runs derived from it.
      const secrets: { what: string; bytes: Uint8Array }[] = [];
      const dkgCommitments: string[] = [];
      for (const p of ps) {
        const v = await p.core.vault.unlockedVault();
        const get = (n: string) => v.get(`${p.id}/${n}`);
        for (const m of v.list()) secrets.push({ what: m.id, bytes: await v.get(m.id) });
        const s = state(p);
        const me = s.members.find((m) => m.id === s.me)!;
        // The group uses the address book's key: the same secret in both entries.
        expect(bytesToHex(await get('comm-key'))).toBe(bytesToHex(await v.get(`${p.book}/comm-key`)));
        expect(bytesToHex(x25519.getPublicKey(await get('comm-key')))).toBe(me.commKey);
        const kp = decodeFrostPostcard('KeyPackage', s.suite, await get('key-package.1'));
        secrets.push({ what: `${p.name} signing share`, bytes: kp.signingShare });
        const session = s.online!.runs[0]!.report.sessionId!;
        const r1 = dkgPart1(
          s.suite,
          me.identifier,
          3,
          2,
          seededRng(await get('frostd-seed.dkg'), `frostd/v1/${session}/dkg/part1/2-of-3/${s.suite}`),
        );
        r1.secretPackage.coefficients.forEach((x, i) => secrets.push({ what: `${p.name} DKG coefficient ${i}`, bytes: x }));
        dkgCommitments.push(bytesToHex(r1.package.commitment[0]!));
        for (const run of s.online!.runs.filter((r) => r.kind === 'sign-participant')) {
          const { nonces, commitments } = commit(
            kp,
            seededRng(await get(run.seed), `frostd/v1/${run.report.sessionId}/sign-participant/nonces/${me.identifier}`),
          );
          secrets.push(
            { what: `${p.name} hiding nonce ${run.id}`, bytes: nonces.hiding },
            { what: `${p.name} binding nonce ${run.id}`, bytes: nonces.binding },
          );
          // The re-derivation is right: these are the commitments in the coordinator's signing package.
          const coordRun = state(a).online!.runs.find((r) => r.kind === 'sign-coordinator')!;
          const av = await a.core.vault.unlockedVault();
          const ca = await av.get(`${a.id}/comm-key`);
          const coord = FrostdSignCoordinator.restore(coordRun.runner as unknown as FrostdSignCoordinatorState, {
            communicationKey: { privateKey: ca, publicKey: x25519.getPublicKey(ca) },
            seed: await av.get(`${a.id}/${coordRun.seed}`),
          });
          expect(bytesToHex(coord.result!.signingPackage.signingCommitments[me.identifier]!.hiding)).toBe(bytesToHex(commitments.hiding));
        }
      }
      // The derivation of the DKG polynomials is right: their constant terms add up to the group key.
      const suite = frostSuite(state(a).suite);
      const sum = dkgCommitments.map((h) => suite.elementFromBytes(Buffer.from(h, 'hex'), 'commitment')).reduce((x, y) => x.add(y));
      expect(bytesToHex(suite.elementToBytes(sum))).toBe(state(a).group!.verifyingKey);
      // 3 × (address book: comm key, bundle identity; group: comm key, bundle identity, DKG seed,
      // key package) + 2 signing seeds (A coordinates and signs) + 1 (C signs).
      expect(secrets.filter((s) => s.what.includes('/')).length).toBe(3 * 6 + 3);
      expect(secrets.filter((s) => s.what.includes('nonce')).length).toBe(4);
      const replyText = JSON.stringify(replies);
      const files = ps.flatMap((p) => listFiles(p.dir));
      expect(files.some((f) => f.endsWith('state.json') && readFileSync(f, 'utf8').includes('"received"'))).toBe(true);
      for (const s of secrets) {
        expect(findSecret(replyText, s.bytes), `${s.what} in an API reply`).toEqual([]);
        for (const f of files) expect(findSecret(readFileSync(f), s.bytes), `${s.what} in ${f}`).toEqual([]);
      }
    } finally {
      for (const p of ps) await p.core.close();
      await relay.close();
    }
  });
});
