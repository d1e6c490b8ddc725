import { yamlComment, yamlNetwork, yamlQuote, type KeyServerNetwork } from './yaml-text.ts';

/**
 * The coordinator's `aggregator-config.yaml` (seal crates/key-server/src/aggregator,
 * AggregatorOptions; docs Aggregator):
 *
 *   network: !Testnet
 *   node_url: '…'                     (optional)
 *   key_server_object_id: '0x…'
 *   api_credentials:
 *     <PartialKeyServer.name>:
 *       api_key_name: <header name>
 *       api_key: <header value>
 *
 * The aggregator looks credentials up by each member's ON-CHAIN server name; a member without
 * an entry counts as failed, so missing members are listed in a comment.
 */
export interface AggregatorCredential {
  /** The on-chain PartialKeyServer.name (MY_SERVER_NAME). */
  serverName: string;
  apiKeyName: string;
  apiKey: string;
}

export interface AggregatorConfigInput {
  network: KeyServerNetwork;
  nodeUrl?: string;
  keyServerObjId: string;
  credentials: readonly AggregatorCredential[];
  /** On-chain names of members whose credentials have not arrived. */
  missing?: readonly string[];
  rehearsal?: boolean;
}

export function aggregatorConfigYaml(c: AggregatorConfigInput): string {
  const header = [
    ...(c.rehearsal ? ['REHEARSAL: made on a rehearsal ledger, NOT valid on any Sui network. For practice only.', ''] : []),
    'Seal aggregator for a committee key server. Written by Ceremony.',
    "It holds the API keys of the members' key servers: give it only to the aggregator operator.",
    ...(c.missing?.length
      ? [
          '',
          `Credentials still missing for: ${c.missing.join(', ')}`,
          'The aggregator treats those members as unavailable until they are added.',
        ]
      : []),
  ];
  const names = new Set<string>();
  const creds = [...c.credentials].sort((a, b) => a.serverName.localeCompare(b.serverName));
  const body: string[] = [];
  for (const k of creds) {
    if (names.has(k.serverName)) throw new Error(`two credentials for ${k.serverName}`);
    names.add(k.serverName);
    body.push(`  ${yamlQuote(k.serverName)}:`, `    api_key_name: ${yamlQuote(k.apiKeyName)}`, `    api_key: ${yamlQuote(k.apiKey)}`);
  }
  const lines = [
    yamlComment(header),
    yamlNetwork(c.network, true),
    ...(c.nodeUrl ? [`node_url: ${yamlQuote(c.nodeUrl)}`] : []),
    `key_server_object_id: ${yamlQuote(c.keyServerObjId)}`,
    creds.length ? 'api_credentials:' : 'api_credentials: {}',
    ...body,
  ];
  return lines.join('\n') + '\n';
}
