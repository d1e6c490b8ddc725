/**
 * The design the engine relies on: between steps, public packages travel and persist as frost-core
 * JSON, secret packages go to the vault as postcard bytes, and a participant resumes from those
 * alone. This runs a whole 2-of-3 DKG and a signing that way.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { dkgPart1, dkgPart2, dkgPart3 } from '../../crypto/frost/dkg.ts';
import { identifierFromIndex } from '../../crypto/frost/identifier.ts';
import { aggregate, commit, createSigningPackage, sign } from '../../crypto/frost/signing.ts';
import { frostSuite } from '../../crypto/frost/suites.ts';
import { FROST_SECRET_KINDS, type FrostKind, type FrostKindMap } from '../../crypto/frost/types.ts';
import { decodeFrostJson, encodeFrostJsonText } from './frost-json.ts';
import { decodeFrostPostcard, encodeFrostPostcard } from './frost-postcard.ts';

describe('round state persisted between steps', () => {
  it('a 2-of-3 Ed25519 DKG and signing where every hand-off goes through the codecs', () => {
    const suite = frostSuite('FROST-ED25519-SHA512-v1');
    const ids = [1, 2, 3].map((n) => identifierFromIndex(suite, n));
    const vault = new Map<string, Uint8Array>();
    const wire = new Map<string, string>();
    const stash = <K extends FrostKind>(key: string, kind: K, v: FrostKindMap[K]) => {
      if (FROST_SECRET_KINDS.has(kind)) vault.set(key, encodeFrostPostcard(kind, v));
      else wire.set(key, encodeFrostJsonText(kind, v));
    };
    const load = <K extends FrostKind>(key: string, kind: K): FrostKindMap[K] =>
      FROST_SECRET_KINDS.has(kind) ? decodeFrostPostcard(kind, suite.id, vault.get(key)!) : decodeFrostJson(kind, suite.id, wire.get(key)!);

    for (const me of ids) {
      const r = dkgPart1(suite.id, me, 3, 2);
      stash(`r1secret/${me}`, 'Round1SecretPackage', r.secretPackage);
      stash(`r1/${me}`, 'Round1Package', r.package);
    }
    const round1For = (me: string) => Object.fromEntries(ids.filter((i) => i !== me).map((i) => [i, load(`r1/${i}`, 'Round1Package')]));
    for (const me of ids) {
      const r = dkgPart2(load(`r1secret/${me}`, 'Round1SecretPackage'), round1For(me));
      stash(`r2secret/${me}`, 'Round2SecretPackage', r.secretPackage);
      for (const [to, pkg] of Object.entries(r.packages)) stash(`r2/${me}->${to}`, 'Round2Package', pkg);
    }
    expect([...wire.keys()].some((k) => k.startsWith('r2/'))).toBe(false); // round-2 shares are secret
    for (const me of ids) {
      const received = Object.fromEntries(ids.filter((i) => i !== me).map((i) => [i, load(`r2/${i}->${me}`, 'Round2Package')]));
      const out = dkgPart3(load(`r2secret/${me}`, 'Round2SecretPackage'), round1For(me), received);
      stash(`kp/${me}`, 'KeyPackage', out.keyPackage);
      stash('pkp', 'PublicKeyPackage', out.publicKeyPackage);
    }
    const [a, , c] = ids as [string, string, string];
    const message = new TextEncoder().encode('resumed');
    for (const me of [a, c]) {
      const r = commit(load(`kp/${me}`, 'KeyPackage'));
      stash(`nonces/${me}`, 'SigningNonces', r.nonces);
      stash(`commitments/${me}`, 'SigningCommitments', r.commitments);
    }
    const pkg = createSigningPackage(
      suite.id,
      { [a]: load(`commitments/${a}`, 'SigningCommitments'), [c]: load(`commitments/${c}`, 'SigningCommitments') },
      message,
    );
    stash('signing-package', 'SigningPackage', pkg);
    for (const me of [a, c])
      stash(
        `share/${me}`,
        'SignatureShare',
        sign(load('signing-package', 'SigningPackage'), load(`nonces/${me}`, 'SigningNonces'), load(`kp/${me}`, 'KeyPackage')),
      );
    const pkp = load('pkp', 'PublicKeyPackage');
    const signature = aggregate(
      load('signing-package', 'SigningPackage'),
      { [a]: load(`share/${a}`, 'SignatureShare'), [c]: load(`share/${c}`, 'SignatureShare') },
      pkp,
    );
    expect(ed25519.verify(signature, message, pkp.verifyingKey)).toBe(true);
  });
});
