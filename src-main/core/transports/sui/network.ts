/**
 * Which chain a ceremony runs on: a Sui network (mainnet, testnet, devnet, localnet, or a custom
 * full-node URL) or a rehearsal ledger. The real-network client factory is deliberately thin: it
 * cannot be exercised from this machine, so it only wires `SuiGrpcClient` to the URL.
 */
import type { ClientWithCoreApi } from '@mysten/sui/client';
import { SuiGrpcClient } from '@mysten/sui/grpc';
import { SuiJsonRpcClient } from '@mysten/sui/jsonRpc';
import { CeremonyError } from '../../errors.ts';

export type SuiNetworkKind = 'mainnet' | 'testnet' | 'devnet' | 'localnet';

/** gRPC is the SDK's current transport; JSON-RPC (deprecated upstream) for nodes that only serve it. */
export type SuiTransport = 'grpc' | 'jsonrpc';

export type NetworkConfig =
  | { kind: SuiNetworkKind; /** Overrides the public full node (seal-committee-cli's NODE_URL). */ url?: string; transport?: SuiTransport }
  | { kind: 'custom'; url: string; transport?: SuiTransport }
  | { kind: 'rehearsal'; /** Folder of a shared rehearsal ledger; null for one living only in this process. */ ledgerDir: string | null };

/** Public full nodes; they serve gRPC-web and JSON-RPC on the same origin. */
export const PUBLIC_FULLNODES: Record<SuiNetworkKind, string> = {
  mainnet: 'https://fullnode.mainnet.sui.io:443',
  testnet: 'https://fullnode.testnet.sui.io:443',
  devnet: 'https://fullnode.devnet.sui.io:443',
  localnet: 'http://127.0.0.1:9000',
};

/** The network name given to the SDK client (`SuiClientTypes.Network`). */
export function networkName(config: NetworkConfig): string {
  return config.kind;
}

/** A label for every screen and exported file; rehearsals always say so. */
export function networkLabel(config: NetworkConfig): string {
  switch (config.kind) {
    case 'rehearsal':
      return 'REHEARSAL (not a real network)';
    case 'custom':
      return `Sui full node at ${config.url}`;
    default:
      return `Sui ${config.kind}${config.url ? ` via ${config.url}` : ''}`;
  }
}

export function fullnodeUrl(config: Exclude<NetworkConfig, { kind: 'rehearsal' }>): string {
  return config.url ?? PUBLIC_FULLNODES[config.kind as SuiNetworkKind];
}

function checkUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new CeremonyError(
      'network/invalid-url',
      `"${url}" is not a URL; give the full node address, e.g. https://fullnode.testnet.sui.io:443.`,
    );
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') {
    throw new CeremonyError('network/invalid-url', `The full node URL must start with https:// or http:// (got ${u.protocol}).`);
  }
  return url.replace(/\/+$/, '');
}

/**
 * Parses what a user or a file names: `mainnet`/`testnet`/`devnet`/`localnet` (any case, as in
 * dkg.yaml's `NETWORK: Testnet`), an http(s) URL (custom), or `rehearsal` / `rehearsal:<folder>`.
 * `nodeUrl` is dkg.yaml's optional NODE_URL.
 */
export function parseNetwork(name: string, nodeUrl?: string | null): NetworkConfig {
  const n = name.trim();
  const lower = n.toLowerCase();
  if (lower === 'mainnet' || lower === 'testnet' || lower === 'devnet' || lower === 'localnet') {
    return nodeUrl ? { kind: lower, url: checkUrl(nodeUrl) } : { kind: lower };
  }
  if (lower === 'rehearsal') return { kind: 'rehearsal', ledgerDir: null };
  if (lower.startsWith('rehearsal:')) return { kind: 'rehearsal', ledgerDir: n.slice('rehearsal:'.length) };
  if (/^https?:\/\//i.test(n)) return { kind: 'custom', url: checkUrl(n) };
  throw new CeremonyError(
    'network/unknown',
    `Unknown network "${name}": use mainnet, testnet, devnet, localnet, a full node URL, or rehearsal.`,
  );
}

/** The `@mysten/sui` client for a real network: gRPC by default, JSON-RPC on request. */
export function createSuiClient(config: Exclude<NetworkConfig, { kind: 'rehearsal' }>): ClientWithCoreApi {
  if (config.transport === 'jsonrpc') return new SuiJsonRpcClient({ network: networkName(config), url: fullnodeUrl(config) });
  return new SuiGrpcClient({ network: networkName(config), baseUrl: fullnodeUrl(config) });
}
