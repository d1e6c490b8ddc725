/**
 * An operator's state in trust-server form, and back:
 *
 *  - public files every operator can publish: public_key.txt, peers_list.txt, shared.sss;
 *  - private.sss for one operator: moniker and share (secret, plaintext, as sss-tool reads it).
 *
 * The `seed` field of private.sss only feeds sss-tool's own DKG and join commands, which a
 * member that already holds a share never runs; callers pass a value derived one-way from the
 * operator's vault secrets (never the identity seed itself).
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { CeremonyError } from '../../errors.ts';
import { findMember, verifyingShareOf, type GroupPublic } from '../../crypto/group/group-public.ts';
import { GROUP_SUITE as S } from '../../crypto/group/suite.ts';
import { formatPeersList, formatPublicKeyTxt } from './public-info.ts';
import { decodePrivateSss, decodeSharedSss, encodePrivateSss, encodeSharedSss } from './sss.ts';

export interface PublicTrustServerFiles {
  readonly publicKeyTxt: string;
  readonly peersListTxt: string;
  readonly sharedSss: Uint8Array;
}

export function publicTrustServerFiles(group: GroupPublic): PublicTrustServerFiles {
  return {
    publicKeyTxt: formatPublicKeyTxt(group.groupKey),
    peersListTxt: formatPeersList(group.members.flatMap((m) => (m.url ? [m.url] : []))),
    sharedSss: encodeSharedSss({ commitment: group.commitment.map((c) => hexToBytes(c)) }),
  };
}

/** private.sss for `moniker`; refuses a share that does not fit the group (wrong member or group). */
export function privateSssFor(group: GroupPublic, moniker: string, share: Uint8Array, seed: Uint8Array): Uint8Array {
  const member = findMember(group, moniker);
  if (!member) throw new CeremonyError('group/not-a-member', `${moniker} is not a member of this group.`, { moniker });
  const s = S.scalarFromBytes(share, 'share');
  if (bytesToHex(S.elementToBytes(S.base.multiply(s))) !== bytesToHex(verifyingShareOf(group, member.moniker)))
    throw new CeremonyError('group/share-mismatch', `The share given for ${moniker} does not belong to this group's commitments.`, {
      moniker,
    });
  return encodePrivateSss({ seed, moniker: member.moniker, share });
}

export interface TrustServerState {
  readonly moniker: string;
  readonly share: Uint8Array;
  readonly commitment: Uint8Array[];
  readonly groupKey: string;
  readonly threshold: number;
}

/**
 * Reads a private.sss / shared.sss pair as sss-tool's `info` and `sign` use them, and checks that
 * they belong together: share·G must equal Σⱼ Cⱼ·x(moniker)ʲ.
 */
export function readTrustServerState(privateSss: Uint8Array, sharedSss: Uint8Array): TrustServerState {
  const p = decodePrivateSss(privateSss);
  const s = decodeSharedSss(sharedSss);
  if (!p.share)
    throw new CeremonyError('group/sss-no-share', `private.sss of ${p.moniker} holds no share yet ("My share NOT initialized").`, {
      moniker: p.moniker,
    });
  if (!s.commitment) throw new CeremonyError('group/sss-no-common-state', 'shared.sss holds no group commitments yet.', {});
  const commitment = s.commitment.map((c) => bytesToHex(c));
  const expected = bytesToHex(verifyingShareOf({ commitment }, p.moniker));
  if (bytesToHex(S.elementToBytes(S.base.multiply(S.scalarFromBytes(p.share, 'share')))) !== expected)
    throw new CeremonyError(
      'group/sss-inconsistent',
      `The share in private.sss (${p.moniker}) does not fit the commitments in shared.sss; they come from different groups.`,
      {
        moniker: p.moniker,
      },
    );
  return { moniker: p.moniker, share: p.share, commitment: s.commitment.slice(), groupKey: commitment[0]!, threshold: s.commitment.length };
}
