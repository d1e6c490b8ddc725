import type { z } from 'zod';
import type { ProtocolId } from '../api/common.ts';

/** How each ceremony family is presented to people. */
export const PROTOCOL_CATALOG: Record<z.infer<typeof ProtocolId>, { title: string; description: string }> = {
  seal: {
    title: 'Seal key-server committee',
    description:
      'A BLS12-381 key for a Seal key server, shared by a committee registered on Sui. Fresh setup or rotation to a new committee.',
  },
  frost: {
    title: 'FROST threshold signing group',
    description:
      'A Schnorr signing key (Ed25519, secp256k1, …) that any t of n members can use, compatible with the Zcash Foundation frost tools.',
  },
  group: {
    title: 'Quorum-run Ed25519 group',
    description: 'An Ed25519 group key created by named operators; new operators join when a quorum approves, without changing the key.',
  },
  test: {
    title: 'Test ceremony',
    description: 'Engine test protocol (only in test hosts).',
  },
};
