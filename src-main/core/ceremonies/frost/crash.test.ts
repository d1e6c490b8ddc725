/**
 * The single-use nonce rule across crashes. A signer's app dies while releasing its share
 * (after the share bundle is written, before the state commit); the re-run releases the same
 * share, because the nonces come from a vault seed and the package they sign was bound to them
 * in an earlier, committed step. A different package for the same session is refused.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { vaultSecretStore } from '../../vault/engine-secret-store.ts';
import { parseBundle } from '../../bundles/codec.ts';
import { Engine } from '../../engine/engine.ts';
import { frostProtocol } from './protocol.ts';
import { act, readState, runDkg, runDkgSetup, syncClean, type Party } from '../../rehearsal/frost.ts';
import { bundleFor, closeAll, forge, importInto, parties } from '../../testing/frost-parties.ts';

let ps: Party[] = [];
afterAll(() => closeAll(ps));

class Crash extends Error {}

describe('signing survives a crash without using a nonce twice', () => {
  it('a crash between writing the share and committing it: the re-run releases the very same share', async () => {
    ps = await parties(['Alice', 'Bob', 'Carol']);
    const [alice, bob] = ps as [Party, Party, Party];
    await runDkgSetup(ps, { suite: 'secp256k1', threshold: 2, description: 'Crash', rehearsal: false });
    await runDkg(ps);
    await act(alice, 'sign-request', { signers: ['p1', 'p2'], message: Buffer.from('crash me').toString('base64'), label: '' });
    await syncClean(ps);
    await act(bob, 'sign-approve', {});
    await syncClean(ps);
    const session = readState(bob).signings[0]!;
    expect(session.nonceBoundTo).toMatch(/^[0-9a-f]{64}$/); // bound by the import, before any share exists
    expect(session.signed).toBe(false);

    // Bob's app dies right after writing the share bundle, before the commit point.
    const crashing = new Engine({
      dataDir: bob.dataDir,
      secrets: vaultSecretStore(bob.core.vault),
      protocols: [frostProtocol],
      checkpoint: (step, point) => {
        if (step === 'sign' && point === 'after-artifacts') throw new Crash('power cut');
      },
    });
    await expect(crashing.act(bob.id, 'sign', {})).rejects.toBeInstanceOf(Crash);
    expect(readState(bob).signings[0]!.signed).toBe(false);
    const dir = join(bob.dataDir, 'ceremonies', bob.id, 'artifacts');
    const orphan = readdirSync(dir).find((f) => f.includes('sign-p1-1-share'))!;
    const shareOf = (bytes: Uint8Array) =>
      (JSON.parse(new TextDecoder().decode(parseBundle(bytes).payload)) as { share: { share: string } }).share.share;
    const first = shareOf(new Uint8Array(readFileSync(join(dir, orphan))));

    // Restarted, Bob signs again: the same share, now committed.
    await act(bob, 'sign', {});
    expect(readState(bob).signings[0]!.signed).toBe(true);
    expect(shareOf(bundleFor(bob, 'sign.p1-1.share'))).toBe(first);
    await act(alice, 'sign', {});
    await syncClean(ps);
    expect(readState(alice).signings[0]!.signature).toMatch(/^[0-9a-f]{130}$/);

    // And no second package can ever be bound to these nonces.
    const other = await forge(alice, bundleFor(alice, 'sign.p1-1.package'), (p) => {
      (p.signingPackage as { message: string }).message = Buffer.from('crash you').toString('hex');
    });
    expect((await importInto(bob, 'other-package.ceremony', other)).accepted).toBe(false);
    await expect(act(bob, 'sign', { session: 'p1-1' })).rejects.toMatchObject({ code: 'frost/wrong-step' });
  });
});
