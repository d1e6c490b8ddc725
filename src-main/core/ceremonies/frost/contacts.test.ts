import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { x25519 } from '@noble/curves/ed25519.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { afterAll, describe, expect, it } from 'vitest';
import { contactFingerprint, decodeContact, encodeContact } from '../../formats/frost/contact.ts';
import { repoRoot } from '../../testing/vectors.ts';
import { FROST_FACT } from '../../../../src-shared/ceremonies/frost.ts';
import { act, artifactNamed, type Party } from '../../rehearsal/frost.ts';
import { closeAll, parties, secretOf } from '../../testing/frost-parties.ts';
import type { ContactsState } from './state.ts';
import { CeremonyFolder } from '../../engine/folder.ts';

/** The contact string Alice prints in seed 004 (read from the seed). */
function seedContact(): string {
  const dir = resolve(repoRoot, '..', 'shared', 'seeds');
  const text = readFileSync(
    join(
      dir,
      readdirSync(dir).find((f) => f.startsWith('004_'))!,
    ),
    'utf8',
  );
  return /echo \$ALICE_CONTACT\n(zffrost1[0-9a-z]+)/.exec(text)![1]!;
}

let ps: Party[] = [];
afterAll(() => closeAll(ps));
const stateOf = (p: Party) => new CeremonyFolder(join(p.dataDir, 'ceremonies'), p.id).readState<ContactsState>().protocolState;

describe('FROST address book (communication key and contacts)', () => {
  it('creates a communication key in the vault and offers the contact string with its fingerprint', async () => {
    ps = await parties(['Bob']);
    const bob = ps[0]!;
    const v = await bob.core.engine.create('frost', 'FROST contacts', false, { mode: 'contacts', name: 'Bob' });
    bob.id = v.id;
    const secret = await secretOf(bob, 'comm-key');
    const pub = x25519.getPublicKey(secret);
    expect(stateOf(bob).publicKey).toBe(bytesToHex(pub));
    const contact = v.facts.find((f) => f.label === FROST_FACT.contactString)!.value;
    expect(decodeContact(contact)).toEqual({ name: 'Bob', publicKey: pub });
    expect(v.facts.find((f) => f.label === FROST_FACT.contactFingerprint)!.value).toBe(contactFingerprint(pub));
    expect(new TextDecoder().decode(artifactNamed(bob, 'contact-Bob.txt')).trim()).toBe(contact);
    expect(JSON.stringify(v)).not.toContain(bytesToHex(secret));
  });

  it("imports seed 004's contact string, shows its fingerprint, and refuses duplicates, name clashes, own key and garbage", async () => {
    const bob = ps[0]!;
    const alice = seedContact();
    const v = await act(bob, 'contact-import', { contact: alice });
    expect(stateOf(bob).contacts).toEqual([
      { name: 'Alice', publicKey: '00d639b42342ec83031c0cfb0462cb759832fb4d7b7c5942edd3c067b465406f' },
    ]);
    expect(v.activity[0]!.summary).toContain(contactFingerprint(decodeContact(alice).publicKey));
    expect(v.participants.map((p) => p.label)).toEqual(['Bob', 'Alice']);
    await expect(act(bob, 'contact-import', { contact: alice })).rejects.toMatchObject({ code: 'frost/contact-duplicate' });
    const otherAlice = encodeContact({ name: 'Alice', publicKey: x25519.getPublicKey(x25519.utils.randomSecretKey()) });
    await expect(act(bob, 'contact-import', { contact: otherAlice })).rejects.toMatchObject({ code: 'frost/contact-name-taken' });
    const sameKey = encodeContact({ name: 'Alicia', publicKey: decodeContact(alice).publicKey });
    await expect(act(bob, 'contact-import', { contact: sameKey })).rejects.toMatchObject({ code: 'frost/contact-key-taken' });
    const own = encodeContact({ name: 'Me', publicKey: x25519.getPublicKey(await secretOf(bob, 'comm-key')) });
    await expect(act(bob, 'contact-import', { contact: own })).rejects.toMatchObject({ code: 'frost/contact-own' });
    await expect(act(bob, 'contact-import', { contact: alice.slice(0, -1) + 'q' })).rejects.toMatchObject({
      code: 'frost/contact-invalid',
    });
    await act(bob, 'contact-remove', { name: 'Alice' });
    expect(stateOf(bob).contacts).toEqual([]);
    // Group steps make no sense on an address book.
    await expect(act(bob, 'round1')).rejects.toMatchObject({ code: 'frost/wrong-kind' });
  });
});
