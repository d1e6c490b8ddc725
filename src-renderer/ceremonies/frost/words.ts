import type { FrostSigningView } from '../../../src-shared/ceremonies/frost.ts';

/** Words and short forms the FROST task cards show (pure, so they are tested without a screen). */

/** "1 of 2 signers approved": counted over the signers asked, never the whole group. */
export function signerCount(s: FrostSigningView): string {
  const n = s.signers.length;
  if (s.status === 'done') return `${s.signers.filter((x) => x.state === 'signed').length} of ${n} signers signed`;
  const ok = s.signers.filter((x) => x.state === 'approved' || x.state === 'signed').length;
  return `${ok} of ${n} signer${n === 1 ? '' : 's'} approved`;
}

/** "00ff 1080 …": hex in groups of two bytes, so no long run of digits sits on the main view. */
export function groupedHex(hex: string, maxBytes = 64): string {
  const shown = hex.slice(0, maxBytes * 2);
  const groups = shown.match(/.{1,4}/g) ?? [];
  return groups.join(' ') + (hex.length > shown.length ? ' …' : '');
}

/** `zffrost1qyqq…mge2qd`: a contact string shortened for the main view; the whole one a Copy away. */
export function shortContact(contact: string): string {
  return contact.length <= 20 ? contact : `${contact.slice(0, 12)}…${contact.slice(-6)}`;
}
