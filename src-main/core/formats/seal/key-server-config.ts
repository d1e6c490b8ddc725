import { yamlComment, yamlNetwork, yamlQuote, type KeyServerNetwork } from './yaml-text.ts';

/**
 * A member's `key-server-config.yaml` for committee mode (seal crates/key-server
 * key_server_options.rs; the layout of docs KeyServerCommitteeOps and upstream scripts):
 *
 *   network: Testnet
 *   node_url: 'https://…'            (only when not the public full node)
 *   server_mode: !Committee
 *     member_address: '0x…'
 *     key_server_obj_id: '0x…'
 *     committee_state: !Active       (or !Rotation with target_version)
 *
 * The share is NOT in this file: the key server reads it from MASTER_SHARE_V<k>.
 */
export interface KeyServerConfigInput {
  network: KeyServerNetwork;
  nodeUrl?: string;
  memberAddress: string;
  keyServerObjId: string;
  /** Default Active; rotation (next issue) uses { rotation: targetVersion }. */
  state?: 'active' | { rotation: number };
  /** Committee version whose share this server uses (for the comment: MASTER_SHARE_V<k>). */
  version?: number;
  /** A rehearsal file says so at the top: it is not usable on a real network. */
  rehearsal?: boolean;
}

export function keyServerConfigYaml(c: KeyServerConfigInput): string {
  const version = c.version ?? 0;
  const header = [
    ...(c.rehearsal ? ['REHEARSAL: made on a rehearsal ledger, NOT valid on any Sui network. For practice only.', ''] : []),
    'Seal key server, committee mode. Written by Ceremony.',
    `Start it with CONFIG_PATH=<this file> and MASTER_SHARE_V${version}=0x<your share>`,
    '(export the share from Ceremony; it is not in this file).',
  ];
  const state = c.state === undefined || c.state === 'active' ? '!Active' : `!Rotation\n    target_version: ${c.state.rotation}`;
  const lines = [
    yamlComment(header),
    yamlNetwork(c.network, false),
    ...(c.nodeUrl ? [`node_url: ${yamlQuote(c.nodeUrl)}`] : []),
    'server_mode: !Committee',
    `  member_address: ${yamlQuote(c.memberAddress)}`,
    `  key_server_obj_id: ${yamlQuote(c.keyServerObjId)}`,
    `  committee_state: ${state}`,
  ];
  return lines.join('\n') + '\n';
}
