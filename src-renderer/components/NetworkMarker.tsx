/**
 * Where a ceremony runs, as clear as the rehearsal banner: a real network's mainnet is red
 * ("REAL NETWORK: Sui Mainnet"), a rehearsal purple, test networks and custom nodes calm.
 * A rehearsal on a ledger (Seal) says it is not a real network; a rehearsal of a ceremony that
 * runs on no network at all (FROST, the group) says what it makes: a key for practice only.
 */
export type NetworkKind = 'mainnet' | 'testnet' | 'devnet' | 'localnet' | 'custom' | 'rehearsal' | 'practice';

/** The marker's words (a test checks each kind's). */
export function networkMarkerText(kind: NetworkKind, label: string): string {
  switch (kind) {
    case 'mainnet':
      return `REAL NETWORK: ${label}`;
    case 'rehearsal':
      return 'REHEARSAL: not a real network';
    case 'practice':
      return 'REHEARSAL: a practice key, not for real use';
    default:
      return label;
  }
}

export function NetworkMarker({ kind, label }: { kind: NetworkKind; label: string }) {
  // A practice key is marked as loudly as a rehearsal ledger.
  const look = kind === 'practice' ? 'rehearsal' : kind;
  return <span className={`network-marker network-marker--${look}`}>{networkMarkerText(kind, label)}</span>;
}
