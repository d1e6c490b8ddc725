/**
 * Issue 6, acceptance 5: bad input through the engine, each refused with a specific error that
 * names whoever caused it, and nothing recorded.
 */
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeFrostJsonText } from '../../formats/frost/frost-json.ts';
import { frostSuite } from '../../crypto/frost/index.ts';
import { act, artifactNamed, readState, runDkg, runDkgSetup, syncClean, type Party } from '../../rehearsal/frost.ts';
import { canonicalJson } from '../../encoding/canonical-json.ts';
import { verifyEvidenceFile } from '../evidence-verify.ts';
import { bundleFor, closeAll, forge, importInto, parties, sealAs, secretOf } from '../../testing/frost-parties.ts';
import { parseBundle } from '../../bundles/codec.ts';
import { envelopeMessageKey, type SealedEnvelope } from './envelope.ts';

const flip = (hex: string, at = -1) => {
  const b = hexToBytes(hex);
  const i = at < 0 ? b.length + at : at;
  b[i] = b[i]! ^ 0x01;
  return bytesToHex(b);
};

describe('DKG: bad round-1 and round-2 packages', () => {
  let ps: Party[];
  let alice: Party, bob: Party, carol: Party;
  beforeAll(async () => {
    ps = await parties(['Alice', 'Bob', 'Carol']);
    [alice, bob, carol] = ps as [Party, Party, Party];
    await runDkgSetup(ps, { suite: 'ed25519', threshold: 2, description: 'Bad input', rehearsal: false });
    for (const p of ps) await act(p, 'round1');
  });
  afterAll(() => closeAll(ps));

  it('a round-1 package with a bad proof of knowledge is refused, naming its sender', async () => {
    const bad = await forge(bob, bundleFor(bob, 'round1'), (p) => {
      const pkg = p.package as { proof_of_knowledge: string };
      pkg.proof_of_knowledge = flip(pkg.proof_of_knowledge, 40);
    });
    const before = JSON.stringify(readState(alice));
    const o = await importInto(alice, 'round1-Bob.ceremony', bad);
    expect(o.accepted).toBe(false);
    expect(o.error?.code).toBe('frost/dkg-invalid-proof-of-knowledge');
    expect(o.error?.message).toMatch(/^Bob: /);
    expect(o.error?.message).toContain('invalid proof of knowledge');
    expect(JSON.stringify(readState(alice))).toBe(before);
  });

  it('a round-1 package made for other parameters is refused before round 2, saying what differs', async () => {
    const bad = await forge(bob, bundleFor(bob, 'round1'), (p) => {
      (p.params as { threshold: number }).threshold = 3;
    });
    const o = await importInto(alice, 'round1-Bob.ceremony', bad);
    expect(o.error?.code).toBe('frost/dkg-parameters-mismatch');
    expect(o.error?.message).toContain('Bob');
    expect(o.error?.message).toContain('threshold 3 instead of 2');
  });

  it("a round-1 package whose commitment does not match the agreed threshold is refused (frost-client's silent hang)", async () => {
    const bad = await forge(bob, bundleFor(bob, 'round1'), (p) => {
      const pkg = p.package as { commitment: string[] };
      pkg.commitment = [...pkg.commitment, pkg.commitment[0]!];
    });
    const o = await importInto(alice, 'round1-Bob.ceremony', bad);
    expect(o.error?.code).toBe('frost/dkg-threshold-mismatch');
    expect(o.error?.message).toContain('Bob');
  });

  it('a round-1 package announcing a low-order communication key is refused on import, naming its sender', async () => {
    const p = 2n ** 255n - 19n;
    const le = (n: bigint) => bytesToHex(Uint8Array.from({ length: 32 }, (_, i) => Number((n >> BigInt(8 * i)) & 0xffn)));
    const weak = [
      le(0n), // the all-zero key
      le(1n), // order 4
      'e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800', // order 8
      le(p - 1n), // order 2
      le(p + 1n), // a non-canonical encoding of 1
      le(1n | (1n << 255n)), // 1 with the ignored top bit set
    ];
    const before = JSON.stringify(readState(alice));
    for (const key of weak) {
      const bad = await forge(bob, bundleFor(bob, 'round1'), (pl) => {
        pl.commKey = key;
      });
      const o = await importInto(alice, 'round1-Bob.ceremony', bad);
      expect(o.accepted, key).toBe(false);
      expect(o.error?.code).toBe('frost/comm-key-weak');
      expect(o.error?.message).toMatch(/^Bob's round-1 package announces a weak communication key/);
    }
    expect(JSON.stringify(readState(alice))).toBe(before);
  });

  it('an invitation the creator made for someone else with other parameters is caught', async () => {
    const bad = await forge(alice, bundleFor(alice, 'invite.p3'), (p) => {
      (p.params as { threshold: number }).threshold = 3;
    });
    const o = await importInto(bob, 'invitation-for-Carol.ceremony', bad);
    expect(o.error?.code).toBe('frost/dkg-parameters-mismatch');
    expect(o.error?.message).toContain('Alice gave Carol an invitation with other parameters');
    // The genuine one is fine.
    expect((await importInto(bob, 'invitation-for-Carol.ceremony', bundleFor(alice, 'invite.p3'))).accepted).toBe(true);
  });

  it('a wrong round-2 share is refused on import, naming its sender', async () => {
    await syncClean(ps);
    for (const p of ps) await act(p, 'round2');
    // Bob seals a share that is not f_Bob(Alice) for Alice (properly sealed, so only the share is wrong).
    const suite = frostSuite(readState(bob).suite);
    const wrong = encodeFrostJsonText('Round2Package', { suite: suite.id, signingShare: suite.scalarToBytes(12345n) });
    const env = await sealAs(bob, alice, utf8ToBytes(wrong), 'dkg/round2');
    const bad = await forge(bob, bundleFor(bob, 'round2'), (p) => {
      (p.packages as Record<string, unknown>).p1 = env;
    });
    const o = await importInto(alice, 'round2-Bob.ceremony', bad);
    expect(o.accepted).toBe(false);
    expect(o.error?.code).toBe('frost/dkg-invalid-share');
    expect(o.error?.message).toMatch(/^Bob: /);
    expect(o.error?.message).toContain('wrong share');
    // Issue 17: Alice's app saved evidence against Bob that anyone can verify, and that is refused
    // once edited to blame Carol or with another message key.
    const file = artifactNamed(alice, 'evidence-against-Bob.json');
    const good = await verifyEvidenceFile(file);
    expect(good.verified, good.finding).toBe(true);
    expect(good.accused).toMatchObject({ id: readState(alice).members.find((m) => m.name === 'Bob')!.id, name: 'Bob' });
    expect(good.accuser?.name).toBe('Alice');
    expect(good.finding).toContain("The secret share Bob sealed for Alice does not match Bob's round-1 commitment");
    const doc = JSON.parse(new TextDecoder().decode(file)) as Record<string, string>;
    const edited = async (change: Record<string, string>) =>
      verifyEvidenceFile(new TextEncoder().encode(canonicalJson({ ...doc, ...change }) + '\n'));
    const carolId = readState(alice).members.find((m) => m.name === 'Carol')!.id;
    const blameCarol = await edited({ accused: carolId });
    expect(blameCarol.verified).toBe(false);
    expect(blameCarol.finding).toContain('The accused party was changed');
    const otherKey = await edited({ messageKey: flip(doc.messageKey!, 3) });
    expect(otherKey.finding).toContain('The message key does not hold');
    const otherAccuser = await edited({ accuser: carolId });
    expect(otherAccuser.finding).toContain('The message key does not hold');
    // Bob's genuine round-2 bundle, with the real key of Alice's envelope in it, shows nothing.
    const genuine = bundleFor(bob, 'round2');
    const genuineEnv = (JSON.parse(new TextDecoder().decode(parseBundle(genuine).payload)) as { packages: Record<string, SealedEnvelope> })
      .packages[readState(alice).me]!;
    const bobId = readState(alice).members.find((m) => m.name === 'Bob')!;
    const realKey = envelopeMessageKey({
      envelope: genuineEnv,
      recipientSecret: await secretOf(alice, 'comm-key'),
      senderPublic: hexToBytes(bobId.commKey!),
      context: { ceremony: parseBundle(genuine).header.ceremonyId, purpose: 'dkg/round2', from: bobId.id, to: readState(alice).me },
    })!;
    const honest = await edited({ round2: Buffer.from(genuine).toString('base64'), messageKey: bytesToHex(realKey) });
    expect(honest.verified).toBe(false);
    expect(honest.finding).toContain('No cheating shown');
    // Carol's package for Alice is fine.
    expect((await importInto(alice, 'round2-Carol.ceremony', bundleFor(carol, 'round2'))).accepted).toBe(true);
  });

  it('a round-2 envelope copied from another member (sealed for someone else) is refused', async () => {
    const bad = await forge(bob, bundleFor(bob, 'round2'), (p) => {
      const pk = p.packages as Record<string, unknown>;
      pk.p1 = pk.p3; // Carol's envelope presented as Alice's
    });
    const o = await importInto(alice, 'round2-Bob.ceremony', bad);
    expect(o.error?.code).toBe('frost/envelope-unreadable');
    expect(o.error?.message).toContain('Bob');
  });
});

describe('signing: bad shares and non-signers', () => {
  let ps: Party[];
  let alice: Party, bob: Party, carol: Party;
  beforeAll(async () => {
    ps = await parties(['Alice', 'Bob', 'Carol']);
    [alice, bob, carol] = ps as [Party, Party, Party];
    await runDkgSetup(ps, { suite: 'ed25519', threshold: 2, description: 'Signing bad input', rehearsal: false });
    await runDkg(ps);
    await act(alice, 'sign-request', { signers: ['p1', 'p2'], message: Buffer.from('transfer 5').toString('base64'), label: 'transfer' });
    await syncClean(ps);
    await act(bob, 'sign-approve', {});
    await syncClean(ps);
    await act(bob, 'sign', {});
  });
  afterAll(() => closeAll(ps));

  it('a signature share from a member who was not asked to sign is refused, naming them', async () => {
    // Carol (a member, with her real bundle key) sends a share in a session she was not asked to join.
    const carolShare = await forge(carol, bundleFor(bob, 'sign.p1-1.share'));
    const o = await importInto(alice, 'sign-p1-1-share-Carol.ceremony', carolShare);
    expect(o.accepted).toBe(false);
    expect(o.error?.code).toBe('frost/aggregate-unexpected-share');
    expect(o.error?.message).toContain('Carol sent a signature share');
    expect(o.error?.message).toContain('not asked to sign');
  });

  it('a wrong signature share is refused on import, naming the cheater; the right one then completes the signature', async () => {
    const good = bundleFor(bob, 'sign.p1-1.share');
    const bad = await forge(bob, good, (p) => {
      const s = p.share as { share: string };
      s.share = flip(s.share, 0);
    });
    const o = await importInto(alice, 'sign-p1-1-share-Bob.ceremony', bad);
    expect(o.error?.code).toBe('frost/invalid-signature-share');
    expect(o.error?.message).toMatch(/^Bob: /);
    await act(alice, 'sign', {});
    expect((await importInto(alice, 'sign-p1-1-share-Bob.ceremony', good)).accepted).toBe(true);
    expect(readState(alice).signings[0]!.signature).toMatch(/^[0-9a-f]{128}$/);
  });

  it('a signing package whose message differs from the approved request is refused', async () => {
    await act(alice, 'sign-request', { signers: ['p1', 'p3'], message: Buffer.from('pay 1').toString('base64'), label: 'second' });
    await syncClean(ps);
    await act(carol, 'sign-approve', {});
    await syncClean(ps);
    // By now Carol holds Alice's genuine package for p1-2 and her nonces are bound to it; a
    // different package for the same session is refused, whatever it carries.
    const pkg = bundleFor(alice, 'sign.p1-2.package');
    const altered = await forge(alice, pkg, (p) => {
      (p.signingPackage as { message: string }).message = bytesToHex(utf8ToBytes('pay 1000'));
    });
    const o = await importInto(carol, 'sign-p1-2-package.ceremony', altered);
    expect(o.accepted).toBe(false);
    expect(o.error?.code).toBe('bundle/equivocation');
    expect(readState(carol).signings.find((s) => s.id === 'p1-2')!.nonceBoundTo).not.toBeNull();
  });

  it('a package with another message is refused even as the first one a signer sees', async () => {
    await act(alice, 'sign-request', { signers: ['p1', 'p2'], message: Buffer.from('pay 2').toString('base64'), label: 'third' });
    await importInto(bob, 'req', bundleFor(alice, 'sign.p1-3.request'));
    await act(bob, 'sign-approve', { session: 'p1-3' });
    await importInto(alice, 'commit', bundleFor(bob, 'sign.p1-3.commit'));
    const altered = await forge(alice, bundleFor(alice, 'sign.p1-3.package'), (p) => {
      (p.signingPackage as { message: string }).message = bytesToHex(utf8ToBytes('pay 2000'));
    });
    const o = await importInto(bob, 'sign-p1-3-package.ceremony', altered);
    expect(o.error?.code).toBe('frost/sign-message-changed');
    expect(o.error?.message).toContain('different message');
    expect(readState(bob).signings.find((s) => s.id === 'p1-3')!.nonceBoundTo).toBeNull();
  });
});
