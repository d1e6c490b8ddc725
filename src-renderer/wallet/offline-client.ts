import { SuiJsonRpcClient, type JsonRpcTransport } from '@mysten/sui/jsonRpc';

/**
 * The renderer never talks to a Sui node (its CSP allows only `connect-src 'self'`, and an
 * air-gapped member has no network at all): main reads the chain and submits transactions.
 * dapp-kit still wants a client per network, so each one gets this transport, which refuses
 * instead of fetching. Nothing the app uses from dapp-kit calls it; if something ever did, the
 * error says why rather than a CSP violation in the console.
 */
export class NoNetworkTransport implements JsonRpcTransport {
  readonly requests: string[] = [];
  async request<T>(input: { method: string }): Promise<T> {
    this.requests.push(input.method);
    throw new Error(
      `The app's window does not reach the network (asked for ${input.method}); chain reads and writes go through the ceremony.`,
    );
  }
}

/** dapp-kit network names: the Sui networks, a custom full node, and rehearsal ledgers. */
export const WALLET_NETWORKS = ['mainnet', 'testnet', 'devnet', 'localnet', 'custom', 'rehearsal'] as const;
export type WalletNetwork = (typeof WALLET_NETWORKS)[number];

export function offlineClients(transport: JsonRpcTransport = new NoNetworkTransport()): Record<WalletNetwork, SuiJsonRpcClient> {
  return Object.fromEntries(WALLET_NETWORKS.map((n) => [n, new SuiJsonRpcClient({ network: n, transport })])) as Record<
    WalletNetwork,
    SuiJsonRpcClient
  >;
}

/**
 * The dapp-kit network (and wallet-standard chain `sui:<name>`) of a ceremony's network, given
 * as a name (`testnet`, `rehearsal:<folder>`, a URL) or as its label ("Sui testnet via …",
 * "REHEARSAL (not a real network)").
 */
export function walletNetworkOf(network: string): WalletNetwork {
  const k = network.trim().toLowerCase();
  if (/\brehearsal\b/.test(k)) return 'rehearsal';
  if (/^https?:\/\//.test(k)) return 'custom';
  const named = /\b(mainnet|testnet|devnet|localnet)\b/.exec(k);
  return named ? (named[1] as WalletNetwork) : 'custom';
}
