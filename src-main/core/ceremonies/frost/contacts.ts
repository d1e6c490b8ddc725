/**
 * The FROST address book: this install's long-lived frost-client communication key (X25519, in
 * the vault) and the contacts imported from others as `zffrost1…` strings. It is a "ceremony"
 * only in the engine's sense (a folder with a state, a journal and files): that gives it the
 * vault, the journal and the ordinary API without any new call.
 *
 * frost-client's rules apply: a contact needs a unique name and a unique key, and your own key
 * is not a contact. Everyone compares the short fingerprint of each contact out loud.
 */
import { hexToBytes, bytesToHex } from '@noble/hashes/utils.js';
import { CeremonyError } from '../../errors.ts';
import type { CreateContext, Created, StepResult } from '../../engine/protocol.ts';
import { contactFingerprint, decodeContact, encodeContact } from '../../formats/frost/contact.ts';
import { fileSafe } from './bundle-io.ts';
import { commKey } from './secrets.ts';
import { FROST_STATE_VERSION, type ContactsState } from './state.ts';

export const ADDRESS_BOOK_ROLE = 'contacts owner';
export const ADDRESS_BOOK_TITLE = 'FROST contacts';

export function myContactString(state: ContactsState): string {
  return encodeContact({ name: state.name, publicKey: hexToBytes(state.publicKey) });
}

export async function createContacts(input: { name: string }, ctx: CreateContext): Promise<Created<ContactsState>> {
  const keys = await commKey(ctx, `address book of ${input.name}`);
  keys.secret.fill(0);
  const state: ContactsState = {
    kind: 'contacts',
    v: FROST_STATE_VERSION,
    name: input.name.trim(),
    publicKey: bytesToHex(keys.publicKey),
    contacts: [],
  };
  return {
    ceremonyId: ctx.newCeremonyId(),
    title: ADDRESS_BOOK_TITLE,
    role: ADDRESS_BOOK_ROLE,
    rehearsal: false,
    me: { id: state.name, label: state.name },
    state,
    summary: `Created my communication key (fingerprint ${contactFingerprint(keys.publicKey)})`,
    phase: 3,
    artifacts: [contactArtifact(state)],
  };
}

function contactArtifact(state: ContactsState) {
  return {
    id: 'my-contact',
    name: `contact-${fileSafe(state.name)}.txt`,
    description: `Your frost-client contact string (public). Fingerprint ${contactFingerprint(hexToBytes(state.publicKey))}: read it out when you hand it over.`,
    mime: 'text/plain',
    bytes: new TextEncoder().encode(myContactString(state) + '\n'),
  };
}

export function importContact(state: ContactsState, input: { contact: string }): StepResult<ContactsState> {
  const c = decodeContact(input.contact.trim());
  const key = bytesToHex(c.publicKey);
  const fp = contactFingerprint(c.publicKey);
  if (key === state.publicKey)
    throw new CeremonyError('frost/contact-own', "This is your own contact string; import the other members' strings.", {});
  if (c.name === state.name)
    throw new CeremonyError(
      'frost/contact-name-taken',
      `This contact is named ${c.name}, like you; ask them to export it under another name so the two of you cannot be confused.`,
      {},
    );
  const sameName = state.contacts.find((x) => x.name === c.name);
  if (sameName && sameName.publicKey === key)
    throw new CeremonyError('frost/contact-duplicate', `${c.name} is already in your contacts (fingerprint ${fp}).`, {});
  if (sameName)
    throw new CeremonyError(
      'frost/contact-name-taken',
      `You already have a contact named ${c.name} with another key; remove it first if the new one is right.`,
      {},
    );
  const sameKey = state.contacts.find((x) => x.publicKey === key);
  if (sameKey) throw new CeremonyError('frost/contact-key-taken', `This key is already in your contacts as ${sameKey.name}.`, {});
  return {
    state: { ...state, contacts: [...state.contacts, { name: c.name, publicKey: key }] },
    summary: `Imported contact ${c.name}, fingerprint ${fp}: compare it with ${c.name}`,
  };
}

export function removeContact(state: ContactsState, input: { name: string }): StepResult<ContactsState> {
  if (!state.contacts.some((c) => c.name === input.name))
    throw new CeremonyError('frost/contact-unknown', `There is no contact named ${input.name}.`, {});
  return { state: { ...state, contacts: state.contacts.filter((c) => c.name !== input.name) }, summary: `Removed contact ${input.name}` };
}
