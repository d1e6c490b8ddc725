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
  /** Default Active; a continuing member during a key rotation uses { rotation: targetVersion }. */
  state?: 'active' | { rotation: number };
  /** Committee version whose share this server uses (for the comment: MASTER_SHARE_V<k>). */
  version?: number;
  /**
   * The MASTER_SHARE_V<k> variables the server starts with (for the comment). Default: the
   * target version in Rotation mode preceded by the one before it, else `version`.
   */
  shareVersions?: readonly number[];
  /** A rehearsal file says so at the top: it is not usable on a real network. */
  rehearsal?: boolean;
}

/** The env variable names of a key server's shares: MASTER_SHARE_V<k> (never the docs' literal "VX+1"). */
export function shareEnvName(version: number): string {
  if (!Number.isInteger(version) || version < 0) throw new Error(`bad committee version ${version}`);
  return `MASTER_SHARE_V${version}`;
}

export function keyServerConfigYaml(c: KeyServerConfigInput): string {
  const rotation = c.state !== undefined && c.state !== 'active' ? c.state.rotation : null;
  if (rotation !== null && (!Number.isInteger(rotation) || rotation < 1)) throw new Error('Rotation target_version must be at least 1');
  const version = c.version ?? rotation ?? 0;
  const versions = c.shareVersions ?? (rotation !== null ? [rotation - 1, rotation] : [version]);
  const vars = versions.map((v) => `${shareEnvName(v)}=0x<your share of version ${v}>`);
  const header = [
    ...(c.rehearsal ? ['REHEARSAL: made on a rehearsal ledger, NOT valid on any Sui network. For practice only.', ''] : []),
    'Seal key server, committee mode. Written by Ceremony.',
    `Start it with CONFIG_PATH=<this file> and ${vars.join(' and ')}`,
    '(export the share from Ceremony; it is not in this file).',
    ...(rotation !== null
      ? [
          '',
          `Key rotation to committee version ${rotation}: the server serves with ${shareEnvName(rotation - 1)} until the chain`,
          `reaches version ${rotation}, then switches to ${shareEnvName(rotation)} by itself. After that, set committee_state: !Active`,
          `and restart with ${shareEnvName(rotation)} only (Ceremony rewrites this file once it sees version ${rotation}).`,
        ]
      : []),
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
