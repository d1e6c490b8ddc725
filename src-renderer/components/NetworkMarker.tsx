/**
 * Where a ceremony runs, as clear as the rehearsal banner: a real network's mainnet is red
 * ("REAL NETWORK: Sui Mainnet"), a rehearsal purple, test networks and custom nodes calm.
 */
export type NetworkKind = 'mainnet' | 'testnet' | 'devnet' | 'localnet' | 'custom' | 'rehearsal';

export function NetworkMarker({ kind, label }: { kind: NetworkKind; label: string }) {
  const text = kind === 'mainnet' ? `REAL NETWORK: ${label}` : kind === 'rehearsal' ? 'REHEARSAL: not a real network' : label;
  return <span className={`network-marker network-marker--${kind}`}>{text}</span>;
}
