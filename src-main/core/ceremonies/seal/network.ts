import { parseDocument } from 'yaml';
import { fullnodeUrl, networkLabel, parseNetwork, PUBLIC_FULLNODES, type NetworkConfig } from '../../transports/sui/network.ts';
import type { KeyServerNetwork } from '../../formats/seal/yaml-text.ts';
import type { DkgYaml } from '../../formats/seal/dkg-yaml.ts';
import { type SuiNetwork } from '../../formats/seal/dkg-yaml.ts';

/**
 * How a ceremony's network is written down. State keeps the string `parseNetwork` takes
 * (`testnet`, `https://…`, `rehearsal:/folder`). dkg.yaml can only say NETWORK: Testnet|Mainnet
 * plus NODE_URL (seal-committee-cli's rules), so for devnet, localnet, custom URLs and rehearsals
 * the exact network also goes into an extra top-level key, CEREMONY_NETWORK, which the Rust CLI
 * ignores.
 */
export const CEREMONY_NETWORK_KEY = 'CEREMONY_NETWORK';

export function networkString(n: NetworkConfig): string {
  switch (n.kind) {
    case 'rehearsal':
      return n.ledgerDir ? `rehearsal:${n.ledgerDir}` : 'rehearsal';
    case 'custom':
      return n.url;
    default:
      return n.url ? `${n.kind}@${n.url}` : n.kind;
  }
}

/** Inverse of networkString (also takes what people type: `testnet`, a URL, `rehearsal:<dir>`). */
export function networkConfig(s: string): NetworkConfig {
  const at = /^(mainnet|testnet|devnet|localnet)@(https?:\/\/.+)$/i.exec(s.trim());
  if (at) return parseNetwork(at[1]!, at[2]!);
  return parseNetwork(s);
}

export function labelOf(s: string): string {
  return networkLabel(networkConfig(s));
}

/** dkg.yaml's NETWORK / NODE_URL for a network, and whether CEREMONY_NETWORK is needed. */
export function dkgYamlNetwork(n: NetworkConfig): { network: SuiNetwork; nodeUrl?: string; exact: boolean } {
  switch (n.kind) {
    case 'mainnet':
      return { network: 'Mainnet', ...(n.url ? { nodeUrl: n.url } : {}), exact: true };
    case 'testnet':
      return { network: 'Testnet', ...(n.url ? { nodeUrl: n.url } : {}), exact: true };
    case 'rehearsal':
      return { network: 'Testnet', exact: false };
    default:
      return { network: 'Testnet', nodeUrl: fullnodeUrl(n), exact: false };
  }
}

/** Adds CEREMONY_NETWORK (and a rehearsal banner) to a dkg.yaml text when NETWORK alone is not exact. */
export function withCeremonyNetwork(dkgYamlText: string, n: NetworkConfig): string {
  if (dkgYamlNetwork(n).exact) return dkgYamlText;
  const doc = parseDocument(dkgYamlText, { schema: 'failsafe' });
  const node = doc.createNode(networkString(n));
  (node as { type?: string }).type = 'QUOTE_SINGLE';
  doc.set(CEREMONY_NETWORK_KEY, node);
  if (n.kind === 'rehearsal') {
    doc.commentBefore =
      ' REHEARSAL: this committee lives on a rehearsal ledger, not on a Sui network.\n NETWORK below is a placeholder; CEREMONY_NETWORK names the ledger.';
  }
  return doc.toString({ lineWidth: 0 });
}

/** The network a dkg.yaml names: CEREMONY_NETWORK when present, else NETWORK (+ NODE_URL). */
export function networkOfDkgYaml(text: string, y: DkgYaml): NetworkConfig {
  const doc = parseDocument(text, { schema: 'failsafe' });
  const exact = doc.get(CEREMONY_NETWORK_KEY);
  if (typeof exact === 'string' && exact.trim()) return networkConfig(exact);
  return parseNetwork(y.network(), y.nodeUrl() ?? null);
}

/** The key server's / aggregator's `network` and `node_url` for a ceremony network. */
export function keyServerNetwork(n: NetworkConfig, sealPackageId: string): { network: KeyServerNetwork; nodeUrl?: string } {
  switch (n.kind) {
    case 'mainnet':
      return { network: { kind: 'Mainnet' }, ...(n.url ? { nodeUrl: n.url } : {}) };
    case 'testnet':
      return { network: { kind: 'Testnet' }, ...(n.url ? { nodeUrl: n.url } : {}) };
    case 'rehearsal':
      // A rehearsal config is for practice: it names testnet and says REHEARSAL at the top.
      return { network: { kind: 'Testnet' } };
    case 'devnet':
    case 'localnet':
      return { network: { kind: 'Devnet', sealPackage: sealPackageId }, nodeUrl: n.url ?? PUBLIC_FULLNODES[n.kind] };
    case 'custom':
      return { network: { kind: 'Devnet', sealPackage: sealPackageId }, nodeUrl: n.url };
  }
}
