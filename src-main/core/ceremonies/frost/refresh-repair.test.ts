import { ed25519 } from '@noble/curves/ed25519.js';
import { schnorr } from '@noble/curves/secp256k1.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeFrostPostcard } from '../../formats/frost/frost-postcard.ts';
import { act, readState, runDkg, runDkgSetup, runSigning, syncAll, syncClean, type Party } from '../../rehearsal/frost.ts';
import { bundleFor, closeAll, importInto, parties, secretOf } from '../../testing/frost-parties.ts';

const open: Party[][] = [];
afterAll(async () => {
  for (const ps of open) await closeAll(ps);
});
async function group(names: string[], suite = 'ed25519', threshold = 2) {
  const ps = await parties(names);
  open.push(ps);
  await runDkgSetup(ps, { suite, threshold, description: `${suite} group`, rehearsal: false });
  return { ps, key: await runDkg(ps) };
}
/** Helps with the open repair, having compared the newcomer's hello code (as the screen does). */
const help = (p: Party) => act(p, 'repair-help', { code: readState(p).repairs.find((r) => r.status === 'open')!.helloCheckCode! });
const share = async (p: Party) =>
  bytesToHex(
    decodeFrostPostcard('KeyPackage', readState(p).suite, await secretOf(p, `key-package.${readState(p).group!.keyVersion}`)).signingShare,
  );

describe('refresh', () => {
  it('everyone: new shares, same group key, and signing still works', async () => {
    const { ps, key } = await group(['Alice', 'Bob', 'Carol']);
    const [alice, bob, carol] = ps as [Party, Party, Party];
    const before = await Promise.all(ps.map(share));
    await act(alice, 'refresh-start', {});
    await syncClean(ps);
    for (const p of [bob, carol]) await act(p, 'refresh-join', {});
    await syncClean(ps);
    for (const p of ps) await act(p, 'refresh-round2', {});
    await syncClean(ps);
    for (const p of ps) await act(p, 'refresh-finalize', {});
    const after = await Promise.all(ps.map(share));
    for (let i = 0; i < 3; i++) expect(after[i]).not.toBe(before[i]);
    for (const p of ps) {
      expect(readState(p).group!.verifyingKey).toBe(key);
      expect(readState(p).group!.keyVersion).toBe(2);
    }
    expect(new Set(ps.map((p) => JSON.stringify(readState(p).group!.publicKeyPackage))).size).toBe(1);
    const msg = new TextEncoder().encode('after refresh');
    const sig = await runSigning(ps, [carol, alice], msg);
    expect(ed25519.verify(hexToBytes(sig), msg, hexToBytes(key))).toBe(true);
  });

  it('a refresh without one member evicts them; they can no longer be chosen to sign', async () => {
    const { ps, key } = await group(['Alice', 'Bob', 'Carol'], 'secp256k1-tr');
    const [alice, bob] = ps as [Party, Party, Party];
    await act(alice, 'refresh-start', { participants: ['p1', 'p2'] });
    await syncClean(ps);
    await act(bob, 'refresh-join', {});
    await syncClean([alice, bob]);
    for (const p of [alice, bob]) await act(p, 'refresh-round2', {});
    await syncClean([alice, bob]);
    for (const p of [alice, bob]) await act(p, 'refresh-finalize', {});
    expect(readState(alice).members.find((m) => m.id === 'p3')!.evicted).toBe(true);
    await expect(act(alice, 'sign-request', { signers: ['p1', 'p3'], message: 'AA==', label: '' })).rejects.toMatchObject({
      code: 'frost/sign-bad-signers',
    });
    const msg = new TextEncoder().encode('two left');
    const sig = await runSigning([alice, bob], [bob, alice], msg);
    expect(schnorr.verify(hexToBytes(sig), msg, hexToBytes(key).slice(1))).toBe(true);
  });

  it('a refresh round-1 package for other participants than the request is refused', async () => {
    const { ps } = await group(['Alice', 'Bob', 'Carol']);
    const [alice, bob] = ps as [Party, Party, Party];
    await act(alice, 'refresh-start', {});
    await syncClean(ps);
    await act(bob, 'refresh-join', {});
    const { forge } = await import('../../testing/frost-parties.ts');
    const bad = await forge(bob, bundleFor(bob, 'refresh.p1-1.round1'), (p) => {
      p.participants = ['p1', 'p2'];
    });
    const o = await importInto(alice, 'refresh-bob.ceremony', bad);
    expect(o.error?.code).toBe('frost/refresh-parameters-mismatch');
    expect(o.error?.message).toContain('Bob');
  });
});

describe('repair', () => {
  it("helpers rebuild a member's lost share on a fresh install; the group key and identifier stay, and the repaired member signs", async () => {
    const { ps, key } = await group(['Alice', 'Bob', 'Carol', 'Dave'], 'ed25519', 3);
    const [alice, bob, carol, dave] = ps as [Party, Party, Party, Party];
    const lost = await share(dave);
    await runSigning(ps, [dave, alice, bob], new TextEncoder().encode('before the loss')); // session p4-1
    // Dave loses everything. Alice asks Alice, Bob and Carol to rebuild his share.
    await act(alice, 'repair-start', { target: 'p4', helpers: ['p1', 'p2', 'p3'] });
    const [dave2] = await parties(['Dave']);
    open.push([dave2!]);
    const request = bundleFor(alice, 'repair.p1-1.request');
    dave2!.id = (await dave2!.core.engine.join('repair-p1-1-for-Dave.ceremony', request, {})).id;
    expect(readState(dave2!).me).toBe('p4');
    const helpers = [alice, bob, carol];
    // The old Dave install is gone: only helpers and the new install exchange files. Files of
    // session p4-1 (started by the old install) wait for a request that will never come.
    const oldSession = (m: string) => m.includes('signing session p4-1, whose request has not been imported');
    await syncClean([...helpers, dave2!], oldSession);
    const code = readState(bob).repairs[0]!.helloCheckCode;
    expect(code).toMatch(/^\d{4}-\d{4}-\d{4}$/);
    expect(bob.core.engine.view(bob.id).next.find((a) => a.action === 'repair-help')!.confirm).toContain(code!);
    for (const h of helpers) await help(h);
    await syncClean([...helpers, dave2!], oldSession);
    const s = readState(dave2!);
    expect(s.group?.verifyingKey).toBe(key);
    expect(await share(dave2!)).toBe(lost);
    // Helpers now know Dave's new keys; Dave coordinates a signing with Bob and Carol. His
    // old install had used session p4-1: the rebuilt one must not reuse that id.
    expect(readState(dave2!).counter).toBeGreaterThan(1);
    const msg = new TextEncoder().encode('Dave is back');
    const sig = await runSigning([...helpers, dave2!], [dave2!, bob, carol], msg, 'back', oldSession);
    expect(ed25519.verify(hexToBytes(sig), msg, hexToBytes(key))).toBe(true);
  });

  it('a helper whose sealed delta does not match its public commitment is named', async () => {
    const { ps } = await group(['Alice', 'Bob', 'Carol'], 'ed25519', 2);
    const [alice, bob, carol] = ps as [Party, Party, Party];
    await act(alice, 'repair-start', { target: 'p3', helpers: ['p1', 'p2'] });
    const [carol2] = await parties(['Carol']);
    open.push([carol2!]);
    carol2!.id = (await carol2!.core.engine.join('r.ceremony', bundleFor(alice, 'repair.p1-1.request'), {})).id;
    await syncAll([alice, bob, carol2!]);
    await help(alice);
    await help(bob);
    const { forge } = await import('../../testing/frost-parties.ts');
    const bad = await forge(bob, bundleFor(bob, 'repair.p1-1.deltas'), (p) => {
      const c = p.commitments as Record<string, string>;
      c.p1 = c.p2!; // Bob's public commitment for Alice's delta now points elsewhere
    });
    const o = await importInto(alice, 'deltas-bob.ceremony', bad);
    expect(o.error?.code).toBe('frost/repair-invalid-delta');
    expect(o.error?.message).toContain('Bob');
    void carol;
  });

  it('a repair hello announcing a low-order communication key is refused on import, naming the newcomer', async () => {
    const { ps } = await group(['Alice', 'Bob', 'Carol']);
    const [alice] = ps as [Party, Party, Party];
    await act(alice, 'repair-start', { target: 'p3', helpers: ['p1', 'p2'] });
    const [carol2] = await parties(['Carol']);
    open.push([carol2!]);
    carol2!.id = (await carol2!.core.engine.join('r.ceremony', bundleFor(alice, 'repair.p1-1.request'), {})).id;
    const { forge } = await import('../../testing/frost-parties.ts');
    const bad = await forge(carol2!, bundleFor(carol2!, 'repair.p1-1.hello'), (p) => {
      p.commKey = '00'.repeat(32);
    });
    const o = await importInto(alice, 'hello', bad);
    expect(o.accepted).toBe(false);
    expect(o.error?.code).toBe('frost/comm-key-weak');
    expect(o.error?.message).toMatch(/^Carol's hello for repair p1-1 announces a weak communication key/);
    expect(readState(alice).repairs[0]!.newcomerCommKey).toBeNull();
  });

  it('helpers sealing for different newcomer keys stop the repair (impersonation)', async () => {
    const { ps } = await group(['Alice', 'Bob', 'Carol']);
    const [alice, bob] = ps as [Party, Party, Party];
    await act(alice, 'repair-start', { target: 'p3', helpers: ['p1', 'p2'] });
    const [real, fake] = await parties(['Carol', 'Mallory']);
    open.push([real!, fake!]);
    const req = bundleFor(alice, 'repair.p1-1.request');
    real!.id = (await real!.core.engine.join('r.ceremony', req, {})).id;
    fake!.id = (await fake!.core.engine.join('r.ceremony', req, {})).id;
    await importInto(alice, 'hello', bundleFor(real!, 'repair.p1-1.hello'));
    await importInto(bob, 'req', req);
    await importInto(bob, 'hello', bundleFor(fake!, 'repair.p1-1.hello'));
    await help(alice);
    await help(bob);
    const o = await importInto(alice, 'deltas-bob', bundleFor(bob, 'repair.p1-1.deltas'));
    expect(o.error?.code).toBe('frost/repair-newcomer-mismatch');
    expect(o.error?.message).toContain('impersonating');
  });
});
