/**
 * The FROST key generation's signed record (record.ts), over bundles: a member who confirms the
 * group key code signs and offers the signature file to carry with the next files; each
 * member keeps the signatures that fit the record it computes itself; a signature altered in
 * transit, or one carried by another member, is refused naming the sender; the record file any
 * member holds verifies without a vault once everyone's signature went round.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { FrostView } from '../../../../src-shared/ceremonies/frost.ts';
import { parseBundle } from '../../bundles/codec.ts';
import { verifyRecord } from '../../record/verify.ts';
import { artifactNamed, runDkg, runDkgSetup, syncClean, type Party } from '../../rehearsal/frost.ts';
import { bundleFor, closeAll, forge, importInto, parties } from '../../testing/frost-parties.ts';

const open: Party[] = [];
afterAll(() => closeAll(open));

const fv = (p: Party) => FrostView.parse(p.core.engine.view(p.id).view);

describe('the record of a FROST key generation', () => {
  it('is signed at "Codes match", offered to carry, and verifies once everyone signed', async () => {
    const ps = await parties(['Alice', 'Bob', 'Carol']);
    open.push(...ps);
    const [alice, bob, carol] = ps as [Party, Party, Party];
    await runDkgSetup(ps, { suite: 'ed25519', threshold: 2, description: 'Treasury', rehearsal: false });
    await runDkg(ps); // ends with every member's "Codes match"
    expect(fv(alice).record).toEqual({
      artifactId: 'ceremony-record',
      reportArtifactId: 'ceremony-record-report',
      signatureArtifactId: 'bundle:record',
      signed: ['Alice'],
      notSigned: ['Bob', 'Carol'],
    });

    // Bob's signature altered on the way (his own key signs the bundle): refused, naming Bob.
    const altered = await forge(bob, bundleFor(bob, 'record'), (p) => {
      const sig = p['signature'] as { sections: Record<string, string> };
      sig.sections['outcome'] = '0'.repeat(64);
    });
    const refused = await importInto(alice, 'record-bob.ceremony', altered);
    expect(refused.accepted).toBe(false);
    expect(refused.error!.message).toMatch(/^Bob's record signature does not fit the record this app computes/);
    // Carol's signature carried in a bundle of Bob's: not Bob's own.
    const carolSig = (JSON.parse(new TextDecoder().decode(parseBundle(bundleFor(carol, 'record')).payload)) as { signature: unknown })
      .signature;
    const carried = await forge(bob, bundleFor(bob, 'record'), (p) => {
      p['signature'] = carolSig;
    });
    const notOwn = await importInto(alice, 'record-carol-by-bob.ceremony', carried);
    expect(notOwn.error!.message).toMatch(/The record signature in Bob's file is not Bob's own/);

    await syncClean(ps);
    for (const p of ps) {
      expect(fv(p).record!.notSigned).toEqual([]);
    }
    // Every member holds the same record, signed by all three.
    const files = ps.map((p) => Buffer.from(artifactNamed(p, 'ceremony-record.json')).toString('utf8'));
    expect(new Set(files).size).toBe(1);
    const v = verifyRecord(artifactNamed(bob, 'ceremony-record.json'));
    expect(v.ok).toBe(true);
    expect(v.signed.map((s) => s.label)).toEqual(['Alice', 'Bob', 'Carol']);
    expect(v.codes[0]!.confirmedBy).toEqual(['p1', 'p2', 'p3']);
    expect(Buffer.from(artifactNamed(carol, 'ceremony-record.html')).toString('utf8')).toMatch(/Verified: every signature/);
  });
});
