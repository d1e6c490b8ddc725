import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { ArtifactDraft } from '../../engine/protocol.ts';
import { type MemberDkgYamlInput, renderMemberDkgYaml } from './member-dkg-yaml.ts';
import { keyServerConfigYaml, shareEnvName } from '../../formats/seal/key-server-config.ts';
import { SEAL_ARTIFACTS } from '../../../../src-shared/ceremonies/seal.ts';
import { keyServerNetwork, networkConfig } from './network.ts';
import { oldPartyIdOf, rotationOf } from './rotation.ts';
import type { MemberState } from './state.ts';

/**
 * The member's files: its dkg.yaml (the invitation plus its own genkey-and-register and
 * process-all-and-propose sections, as seal-committee-cli writes them) and its
 * key-server-config.yaml. Only `withShare` (the explicit share export) puts MASTER_SHARE in.
 */
export function memberDkgYaml(s: MemberState, withShare?: Uint8Array): string {
  return renderMemberDkgYaml(memberDkgYamlInput(s, withShare));
}

export function memberDkgYamlInput(s: MemberState, withShare?: Uint8Array): MemberDkgYamlInput {
  return {
    invitation: s.dkgYaml ?? '',
    ...(s.keys && s.server
      ? {
          genkey: {
            myAddress: s.address,
            serverUrl: s.server.url,
            serverName: s.server.name,
            encPk: s.keys.encPk,
            signingPk: s.keys.signingPk,
          },
        }
      : {}),
    ...(s.result
      ? {
          outputs: {
            version: s.result.version,
            keyServerPk: s.result.keyServerPk,
            partialPks: s.result.partialPks,
            ...(withShare ? { masterShare: withShare } : {}),
          },
        }
      : {}),
  };
}

export function memberDkgYamlArtifact(s: MemberState, text = memberDkgYaml(s)): ArtifactDraft {
  const v = s.result?.version ?? 0;
  return {
    id: SEAL_ARTIFACTS.dkgYaml,
    name: 'dkg.yaml',
    description: s.result
      ? `Your dkg.yaml with KEY_SERVER_PK and PARTIAL_PKS_V${v} (the share is not in it)`
      : 'Your dkg.yaml (no secrets)',
    mime: 'application/yaml',
    bytes: utf8ToBytes(text),
  };
}

/** How this member's key server runs now: its config state and the share variables it starts with. */
export interface KeyServerPlan {
  keyServerObjId: string;
  sealPackageId: string;
  state: 'active' | { rotation: number };
  /** Versions of the MASTER_SHARE_V<k> variables the server needs, ascending. */
  shareVersions: number[];
}

/**
 * - fresh, finalized: Active with MASTER_SHARE_V0;
 * - rotation, processed, not finalized: a CONTINUING member runs Rotation { target_version: X+1 }
 *   with MASTER_SHARE_V<X> and MASTER_SHARE_V<X+1>; a JOINING member starts Active with the new
 *   share only (the key server waits for the chain to reach X+1);
 * - rotation, finalized (the chain is at X+1): Active with MASTER_SHARE_V<X+1> only.
 */
export function keyServerPlan(s: MemberState): KeyServerPlan | null {
  const rot = rotationOf(s);
  if (s.keyServer)
    return {
      keyServerObjId: s.keyServer.id,
      sealPackageId: s.keyServer.sealPackageId,
      state: 'active',
      shareVersions: [s.keyServer.version],
    };
  if (!rot || !s.result) return null;
  const continuing = oldPartyIdOf(rot, s.address) !== null;
  return {
    keyServerObjId: rot.keyServerId,
    sealPackageId: rot.sealPackageId,
    state: continuing ? { rotation: rot.toVersion } : 'active',
    shareVersions: continuing ? [rot.fromVersion, rot.toVersion] : [rot.toVersion],
  };
}

export function describePlan(p: KeyServerPlan): string {
  const vars = p.shareVersions.map(shareEnvName).join(' and ');
  return p.state === 'active' ? `Active, with ${vars}` : `Rotation (target_version ${p.state.rotation}), with ${vars}`;
}

export function keyServerConfigArtifact(s: MemberState): ArtifactDraft | null {
  const plan = keyServerPlan(s);
  if (!plan) return null;
  const net = networkConfig(s.committee.network);
  const { network, nodeUrl } = keyServerNetwork(net, plan.sealPackageId);
  const text = keyServerConfigYaml({
    network,
    ...(nodeUrl ? { nodeUrl } : {}),
    memberAddress: s.address,
    keyServerObjId: plan.keyServerObjId,
    state: plan.state,
    version: plan.shareVersions[plan.shareVersions.length - 1]!,
    shareVersions: plan.shareVersions,
    rehearsal: net.kind === 'rehearsal',
  });
  return {
    id: SEAL_ARTIFACTS.keyServerConfig,
    name: 'key-server-config.yaml',
    description: `Key server config (committee mode, ${describePlan(plan)}) for key server ${plan.keyServerObjId}`,
    mime: 'application/yaml',
    bytes: utf8ToBytes(text),
  };
}

/** The member's env file for its key server now (the hand-over export and the key-server package write the same text). SECRET. */
export function memberShareEnvFile(s: MemberState, shares: readonly { version: number; share: Uint8Array }[]): string {
  return shareEnvFile(shares, s.keyServer?.id ?? rotationOf(s)?.keyServerId ?? null);
}

/** The env file handed to the key server machine, one MASTER_SHARE_V<k> line per share. SECRET: written 0600 by the caller. */
export function shareEnvFile(shares: readonly { version: number; share: Uint8Array }[], keyServerObjId: string | null): string {
  const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return [
    `# SECRET: ${shares.length === 1 ? 'the master share' : 'the master shares'} of a Seal committee key server. Anyone holding this file can`,
    "# serve this member's part of every key. Move it to the key server machine, then delete it.",
    ...(keyServerObjId ? [`# Key server: ${keyServerObjId}`] : []),
    ...(shares.length > 1
      ? [`# Key rotation: start the server in Rotation mode with all ${shares.length} lines (see key-server-config.yaml).`]
      : []),
    ...shares.map((x) => `${shareEnvName(x.version)}=0x${hex(x.share)}`),
    '',
  ].join('\n');
}
