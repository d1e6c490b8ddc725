import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { ArtifactDraft } from '../../engine/protocol.ts';
import { DkgYaml } from '../../formats/seal/dkg-yaml.ts';
import { keyServerConfigYaml } from '../../formats/seal/key-server-config.ts';
import { SEAL_ARTIFACTS } from '../../../../src-shared/protocols/seal.ts';
import { keyServerNetwork, networkConfig } from './network.ts';
import type { MemberState } from './state.ts';

/**
 * The member's files: its dkg.yaml (the invitation plus its own genkey-and-register and
 * process-all-and-propose sections, as seal-committee-cli writes them) and its
 * key-server-config.yaml. Only `withShare` (the explicit share export) puts MASTER_SHARE in.
 */
export function memberDkgYaml(s: MemberState, withShare?: Uint8Array): string {
  const y = DkgYaml.parse(s.dkgYaml ?? '', 'dkg.yaml');
  if (s.keys && s.server) {
    y.setGenkeyAndRegister({ myAddress: s.address, serverUrl: s.server.url, serverName: s.server.name, encPk: s.keys.encPk, signingPk: s.keys.signingPk });
  }
  if (s.result) {
    y.setProcessOutputs({
      version: s.result.version,
      keyServerPk: s.result.keyServerPk,
      partialPks: s.result.partialPks,
      // A placeholder that withoutSecrets() removes again when no share is to be written.
      masterShare: withShare ?? new Uint8Array(32),
    });
  }
  return (withShare ? y : y.withoutSecrets()).toString();
}

export function memberDkgYamlArtifact(s: MemberState): ArtifactDraft {
  return {
    id: SEAL_ARTIFACTS.dkgYaml,
    name: 'dkg.yaml',
    description: s.result ? 'Your dkg.yaml with KEY_SERVER_PK and PARTIAL_PKS_V0 (the share is not in it)' : 'Your dkg.yaml (no secrets)',
    mime: 'application/yaml',
    bytes: utf8ToBytes(memberDkgYaml(s)),
  };
}

export function keyServerConfigArtifact(s: MemberState): ArtifactDraft | null {
  const ks = s.keyServer;
  if (!ks) return null;
  const net = networkConfig(s.committee.network);
  const { network, nodeUrl } = keyServerNetwork(net, ks.sealPackageId);
  const text = keyServerConfigYaml({
    network,
    ...(nodeUrl ? { nodeUrl } : {}),
    memberAddress: s.address,
    keyServerObjId: ks.id,
    version: ks.version,
    rehearsal: net.kind === 'rehearsal',
  });
  return {
    id: SEAL_ARTIFACTS.keyServerConfig,
    name: 'key-server-config.yaml',
    description: `Key server config (committee mode, Active) for key server ${ks.id}; start it with MASTER_SHARE_V${ks.version}`,
    mime: 'application/yaml',
    bytes: utf8ToBytes(text),
  };
}

/** The env file handed to the key server machine. SECRET: written 0600 by the caller. */
export function shareEnvFile(version: number, share: Uint8Array, keyServerObjId: string | null): string {
  let h = '';
  for (const b of share) h += b.toString(16).padStart(2, '0');
  return [
    '# SECRET: the master share of a Seal committee key server. Anyone holding this file can',
    '# serve this member\'s part of every key. Move it to the key server machine, then delete it.',
    ...(keyServerObjId ? [`# Key server: ${keyServerObjId}`] : []),
    `MASTER_SHARE_V${version}=0x${h}`,
    '',
  ].join('\n');
}
