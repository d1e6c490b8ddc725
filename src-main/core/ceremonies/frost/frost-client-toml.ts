/**
 * frost-client's credentials TOML, both ways.
 *
 * Import: one `[group.<key>]` of a frost-client config becomes a FROST group ceremony here. Its
 * key package and (if present) the communication key go into the vault; the public key package,
 * members and their communication keys into the state. Members are named after the contacts whose
 * key matches their communication key, as frost-client shows them.
 *
 * Export: a member's view of a group as a frost-client config (communication key, the other
 * members as contacts, the group), so the same share can be used with frost-client and frostd.
 * frost-client keeps secrets in clear in this file: the caller writes it with mode 0600 and only
 * on explicit request; it never goes through the API.
 */
import { requireGroupCodeConfirmed } from './code-checks.ts';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { CeremonyError } from '../../errors.ts';
import type { CreateContext, Created } from '../../engine/protocol.ts';
import {
  frostClientGroupFromPackages,
  openFrostClientGroup,
  type FrostClientConfig,
  type OpenedFrostClientGroup,
  parseFrostClientConfig,
  stringifyFrostClientConfig,
  type CommunicationKeyPair,
} from '../../formats/frost/config-toml.ts';
import { decodeFrostPostcard } from '../../formats/frost/frost-postcard.ts';
import { decodeFrostJson, encodeFrostJson } from '../../formats/frost/frost-json.ts';
import { frostSuite, sortIdentifiers, type Identifier } from '../../crypto/frost/index.ts';
import { commKey, SECRET, storeKeyPackage } from './secrets.ts';
import { newGroupState, activeMembers, type GroupState, type Member } from './state.ts';
import { groupArtifacts } from './dkg.ts';
import { frostdBaseUrl } from '../../transports/frostd/client.ts';
import type { FrostContact } from '../../formats/frost/contact.ts';

/** The wire ceremony id of an imported group: every member who imports it computes the same one. */
export function importedWireId(verifyingKeyHex: string): string {
  return `frost-g-${verifyingKeyHex.slice(0, 40)}`;
}

export async function importFrostClientGroup(
  input: { toml: string; group: string; name?: string },
  ctx: CreateContext,
): Promise<Created<GroupState>> {
  return importFrostClientConfig(parseFrostClientConfig(input.toml), input.group, input.name, ctx);
}

/** The `[group.<key>]` table of `cfg` whose key is `group` (any case), else `frost/import-no-group` naming the groups it has. */
export function findFrostClientGroup(cfg: FrostClientConfig, group: string): string {
  const key = Object.keys(cfg.groups).find((k) => k.toLowerCase() === group.toLowerCase());
  if (key) return key;
  const have = Object.keys(cfg.groups);
  throw new CeremonyError(
    'frost/import-no-group',
    have.length
      ? `This config has no group ${group.slice(0, 16)}…; it has ${have.map((k) => `${k.slice(0, 16)}… ("${cfg.groups[k]!.description}")`).join(', ')}.`
      : 'This frost-client config holds no group yet.',
    {},
  );
}

/**
 * The members of an opened group in identifier order, named as frost-client shows them: the
 * contact whose communication key is theirs, else `Member <identifier…>`; this file's member is
 * `ownName` (`contact` says whether a name came from the file's contacts).
 */
export function frostClientMembers(
  cfg: FrostClientConfig,
  g: OpenedFrostClientGroup,
  ownName: string,
): { member: Member; contact: boolean; mine: boolean }[] {
  const suite = frostSuite(g.suite);
  const kp = g.keyPackage;
  const contactsByKey = new Map(Object.values(cfg.contacts).map((c) => [bytesToHex(c.publicKey), c.name]));
  const ids = sortIdentifiers(suite, Object.keys(g.publicKeyPackage.verifyingShares));
  const ownComm = cfg.communicationKey ? bytesToHex(cfg.communicationKey.publicKey) : null;
  return ids.map((identifier, i) => {
    const comm = g.participants[identifier] ? bytesToHex(g.participants[identifier]!) : identifier === kp.identifier ? ownComm : null;
    const mine = identifier === kp.identifier;
    const known = comm ? contactsByKey.get(comm) : undefined;
    const name = mine ? ownName : (known ?? `Member ${identifier.slice(0, 8)}`);
    const member: Member = { id: `p${i + 1}`, name, identifier, bundleKey: null, commKey: mine ? (ownComm ?? comm) : comm, evicted: false };
    return { member, contact: !mine && known !== undefined, mine };
  });
}

/** One group of a parsed frost-client config into this install: checks everything before the vault holds anything. */
export async function importFrostClientConfig(
  cfg: FrostClientConfig,
  group: string,
  name: string | undefined,
  ctx: CreateContext,
): Promise<Created<GroupState>> {
  const key = findFrostClientGroup(cfg, group);
  const g = openFrostClientGroup(key, cfg.groups[key]!);
  const kp = g.keyPackage;
  try {
    return await importOpenedGroup(cfg, g, name, ctx);
  } finally {
    kp.signingShare.fill(0);
  }
}

async function importOpenedGroup(
  cfg: FrostClientConfig,
  g: OpenedFrostClientGroup,
  name: string | undefined,
  ctx: CreateContext,
): Promise<Created<GroupState>> {
  const suite = frostSuite(g.suite);
  const kp = g.keyPackage;
  // frost-core 2.x public key packages do not record the threshold; the key package does.
  const pkp = { ...g.publicKeyPackage, minSigners: g.publicKeyPackage.minSigners ?? kp.minSigners };
  const ownName = name?.trim() || 'Me';
  const members = frostClientMembers(cfg, g, ownName).map((m) => m.member);
  // A name you chose must tell you apart from the others (the CLI's default "Me" is left as it was).
  const clash = name?.trim() && members.find((m) => m.identifier !== kp.identifier && m.name.toLowerCase() === ownName.toLowerCase());
  if (clash)
    throw new CeremonyError(
      'frost/contact-name-taken',
      `Another member of this group is called "${clash.name}" in the file: choose another name for yourself.`,
      { name: clash.name },
    );
  const me = members.find((m) => m.identifier === kp.identifier)!;
  if (cfg.communicationKey) (await commKey(ctx, g.description, cfg.communicationKey.privateKey)).secret.fill(0);
  await storeKeyPackage(ctx, 1, kp, `FROST key package (imported from frost-client): ${g.description}`);
  const verifyingKey = bytesToHex(pkp.verifyingKey);
  const state = newGroupState({
    suite: g.suite,
    threshold: kp.minSigners,
    description: g.description,
    origin: 'frost-client-import',
    me: me.id,
    creator: me.id,
    wireId: importedWireId(verifyingKey),
    members,
    group: { publicKeyPackage: encodeFrostJson('PublicKeyPackage', pkp), verifyingKey, keyVersion: 1 },
  });
  return {
    ceremonyId: ctx.newCeremonyId(),
    title: g.description,
    role: 'member',
    rehearsal: false,
    me: { id: me.id, label: me.name },
    state,
    summary: `Imported group ${verifyingKey} from a frost-client config (${suite.name}, any ${kp.minSigners} of ${members.length})`,
    phase: 3,
    artifacts: groupArtifacts(state),
  };
}

/** Reads a secret of this ceremony (the CLI binds it to the vault). */
export type SecretReader = { has(name: string): Promise<boolean>; read(name: string): Promise<Uint8Array> };

/**
 * `server_url` as frost-client writes and reads it: `host:port`, no scheme (frost-client puts
 * `https://` in front itself, `cli/dkg.rs`: `Url::parse(&format!("https://{server_url}"))`, so
 * `https://h:p` would become `https://https://h:p`). Any address frostd accepts is taken. A
 * plain-http test relay on this machine keeps its `http://`: frost-client cannot reach one
 * anyway, and our own tools read the scheme back.
 */
export function frostClientServerUrl(server: string): string {
  const url = new URL(frostdBaseUrl(server, true));
  return url.protocol === 'https:' ? url.host : `http://${url.host}`;
}

/** A member's frost-client config for this group. Holds the key package IN CLEAR: write it 0600, only on request. */
export async function exportFrostClientToml(
  state: GroupState,
  secrets: SecretReader,
  options: { serverUrl?: string } = {},
): Promise<string> {
  if (!state.group) throw new CeremonyError('frost/no-group', 'The group does not exist yet: finish the key generation first.', {});
  // Exporting hands the share to another tool: the group key must have been compared first.
  requireGroupCodeConfirmed(state);
  const kpBytes = await secrets.read(SECRET.keyPackage(state.group.keyVersion));
  const keyPackage = decodeFrostPostcard('KeyPackage', state.suite, kpBytes);
  kpBytes.fill(0);
  let communicationKey: CommunicationKeyPair | undefined;
  if (await secrets.has(SECRET.commKey)) {
    const privateKey = await secrets.read(SECRET.commKey);
    const me = state.members.find((m) => m.id === state.me)!;
    if (me.commKey) communicationKey = { privateKey, publicKey: hexToBytes(me.commKey) };
  }
  const contacts: Record<string, FrostContact> = {};
  const participants: Record<Identifier, Uint8Array> = {};
  for (const m of activeMembers(state)) {
    if (!m.commKey) continue;
    participants[m.identifier] = hexToBytes(m.commKey);
    if (m.id !== state.me) contacts[m.name] = { name: m.name, publicKey: hexToBytes(m.commKey) };
  }
  // A group made online records its relay.
  const given = options.serverUrl ?? state.online?.server;
  const serverUrl = given === undefined ? undefined : frostClientServerUrl(given);
  const { key, group } = frostClientGroupFromPackages({
    description: state.description,
    keyPackage,
    publicKeyPackage: decodeFrostJson('PublicKeyPackage', state.suite, state.group.publicKeyPackage),
    ...(serverUrl ? { serverUrl } : {}),
    participants,
  });
  const text = stringifyFrostClientConfig({
    version: 0,
    ...(communicationKey ? { communicationKey } : {}),
    contacts,
    groups: { [key]: group },
  });
  keyPackage.signingShare.fill(0);
  communicationKey?.privateKey.fill(0);
  return text;
}
