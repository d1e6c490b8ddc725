/**
 * A FROST DKG through a frostd relay, with frost-client's choreography (so frost-client users
 * can sit in the same session) and without its traps:
 *
 *  - Creator: lists the other members by their contacts in the address book, and the threshold.
 *    The session is made on the relay when the ceremony is created, with `message_count` 1 as
 *    frost-client makes it (the number of messages the session signs, not the threshold: the
 *    relay does not carry the threshold); frost-client appends its own key, so do we.
 *  - Joiner: no `-S` to get wrong. "Join an online key generation" looks on the relay for the
 *    session that includes this member; it must be the only one (or be named) and all its members
 *    must be contacts. The joiner gives the threshold it was told (frost-client's `-t`); a member
 *    whose round-1 package was made for another one is refused, named, before any share leaves.
 *    The person then sees the parameters (members, threshold, creator) and accepts them; nothing
 *    is sent before.
 *  - Identifiers are frost-client's (`derive(session uuid ‖ communication key)`). Because the
 *    session exists when the ceremony is created, every member's identifier is known then, and
 *    members are numbered p1…pn in identifier order on every machine, as an import of the same
 *    group from frost-client TOML numbers them: bundles (signing, refresh, repair later) work
 *    between all copies of the group.
 *  - The group's communication key is the address book's (the key the others know), copied into
 *    this group's vault entry, so export-toml and later online signings use it.
 *
 * The runner (transports/frostd) does the rounds; runs.ts steps it. When its part 3 is done the
 * key package goes to the vault and the group becomes usable exactly like a bundle-made one.
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { CeremonyError, isCeremonyError } from '../../../errors.ts';
import type { CreateContext, Created, StepResult } from '../../../engine/protocol.ts';
import { encodeFrostJson } from '../../../formats/frost/frost-json.ts';
import { frostClientDkgIdentifier } from '../../../formats/frost/identifiers.ts';
import { frostSuite, resolveFrostSuite, sortIdentifiers, type FrostSuiteId } from '../../../crypto/frost/index.ts';
import type { FrostdClient, FrostdSessionInfo } from '../../../transports/frostd/client.ts';
import { FrostdDkgRunner } from '../../../transports/frostd/dkg-runner.ts';
import type { FrostOnlineDkgCreate, FrostOnlineJoinCreate } from '../../../../../src-shared/ceremonies/frost.ts';
import type { z } from 'zod';
import { groupArtifacts } from '../dkg.ts';
import { importedWireId } from '../frost-client-toml.ts';
import { commKey, storeKeyPackage } from '../secrets.ts';
import { newGroupState, myMember, type GroupState, type Member, type OnlineRun } from '../state.ts';
import { frostd, newRunSeed, reportOf, saved, seedName, withRun, type Ctx } from './runs.ts';
import type { CommunicationKeyPair } from '../../../formats/frost/config-toml.ts';
import type { AddressBook, FrostServices } from './services.ts';

type CCtx = CreateContext<FrostServices>;

function addressBook(ctx: Pick<CCtx, 'services'>) {
  const a = ctx.services?.addressBook;
  if (!a)
    throw new CeremonyError(
      'frost/online-unavailable',
      'This app was started without access to the FROST address book; online ceremonies are not available here.',
      {},
    );
  return a;
}

/** "Alice, Bob and Carol". */
export function listNames(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** The address book's communication key pair (the secret is a copy: wipe it). */
async function bookKey(book: AddressBook): Promise<CommunicationKeyPair> {
  const privateKey = await book.communicationKey();
  return { privateKey, publicKey: hexToBytes(book.state.publicKey) };
}

/**
 * Copies the address book's key into this group's `comm-key` vault entry. Done after the relay
 * checks, so a refused create leaves nothing in the vault.
 */
async function keepBookKey(key: CommunicationKeyPair, ctx: CCtx, label: string): Promise<void> {
  const kept = await commKey(ctx, label, key.privateKey.slice());
  kept.secret.fill(0);
  if (bytesToHex(kept.publicKey) !== bytesToHex(key.publicKey))
    throw new CeremonyError(
      'frost/online-comm-key-mismatch',
      'This ceremony already holds another communication key than your address book.',
      {},
    );
}

/** Members in identifier order (p1…pn), named after the address book. */
function membersOf(suite: FrostSuiteId, sessionId: string, keys: readonly string[], names: Readonly<Record<string, string>>): Member[] {
  const byId = new Map(keys.map((k) => [frostClientDkgIdentifier(suite, sessionId, hexToBytes(k)), k]));
  return sortIdentifiers(frostSuite(suite), byId.keys()).map((identifier, i) => ({
    id: `p${i + 1}`,
    name: names[byId.get(identifier)!]!,
    identifier,
    bundleKey: null,
    commKey: byId.get(identifier)!,
    evicted: false,
  }));
}

function groupState(a: {
  suite: FrostSuiteId;
  threshold: number;
  description: string;
  server: string;
  timeoutMs: number;
  bookId: string;
  members: Member[];
  me: string;
  creator: string;
  run: OnlineRun;
}): GroupState {
  return newGroupState({
    suite: a.suite,
    threshold: a.threshold,
    description: a.description,
    origin: 'frostd-dkg',
    me: a.me,
    creator: a.creator,
    members: a.members,
    online: { server: a.server, timeoutMs: a.timeoutMs, addressBook: a.bookId, runs: [a.run], counter: 0 },
  });
}

function dkgRun(
  server: string,
  description: string,
  runner: FrostdDkgRunner,
  sessionId: string,
  accepted: boolean,
  now: string,
): OnlineRun {
  return {
    id: 'dkg',
    kind: 'dkg',
    server,
    label: description,
    startedAt: now,
    seed: seedName('dkg'),
    runner: saved(runner),
    report: { ...reportOf(runner.toJSON()), sessionId },
    accepted,
    request: null,
    signature: null,
    link: null,
    finished: false,
    keyVersion: null,
  };
}

const sameMembers = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((k) => b.includes(k));

/** Creator: the session is made on the relay now, so every identifier is known from the start. */
export async function createOnlineDkg(input: z.infer<typeof FrostOnlineDkgCreate>, ctx: CCtx): Promise<Created<GroupState>> {
  const suite = resolveFrostSuite(input.suite).id;
  const book = await addressBook(ctx).open(input.addressBook);
  const byName = new Map(book.state.contacts.map((c) => [c.name.toLowerCase(), c]));
  const others = input.participants.map((n) => {
    const c = byName.get(n.trim().toLowerCase());
    if (!c)
      throw new CeremonyError(
        'frost/online-unknown-contact',
        `${n} is not in your address book: import ${n}'s zffrost1… contact string first.`,
        { name: n },
      );
    return c;
  });
  if (new Set(others.map((c) => c.publicKey)).size !== others.length)
    throw new CeremonyError('frostd/duplicate-member', 'A member is listed twice.', {});
  const n = others.length + 1;
  if (input.threshold > n)
    throw new CeremonyError(
      'frostd/threshold-mismatch',
      `A threshold of ${input.threshold} does not work with ${n} members: it must be between 2 and ${n}.`,
      { expected: input.threshold, members: n },
    );
  const names: Record<string, string> = Object.fromEntries(others.map((c) => [c.publicKey, c.name]));
  names[book.state.publicKey] = book.state.name;
  // frost-client appends its own key to the list it was given; so do we.
  const order = [...others.map((c) => c.publicKey), book.state.publicKey];
  const key = await bookKey(book);
  try {
    const f = frostd(ctx);
    const client = await f.client(input.server, key);
    await closeLeftovers(client, book, order, ctx);
    // message_count: the number of messages to sign, 1 as frost-client sends it (never the threshold).
    const sessionId = await client.createNewSession(order.map(hexToBytes), 1);
    await keepBookKey(key, ctx, input.description);
    const members = membersOf(suite, sessionId, order, names);
    const me = members.find((m) => m.commKey === book.state.publicKey)!;
    const seed = await newRunSeed(ctx, 'dkg', input.description);
    const runner = FrostdDkgRunner.create(
      {
        suite,
        threshold: input.threshold,
        // The session exists already: the runner takes it by id (and, as its coordinator, waits
        // for the members' confirmations before closing it).
        role: 'joiner',
        sessionId,
        participants: order,
        contacts: names,
        timeoutMs: input.timeoutMinutes * 60_000,
      },
      { communicationKey: key, seed },
      f.now(),
    );
    seed.fill(0);
    const state = groupState({
      suite,
      threshold: input.threshold,
      description: input.description,
      server: input.server,
      timeoutMs: input.timeoutMinutes * 60_000,
      bookId: book.id,
      members,
      me: me.id,
      creator: me.id,
      run: dkgRun(input.server, input.description, runner, sessionId, true, ctx.now()),
    });
    return {
      ceremonyId: ctx.newCeremonyId(),
      title: input.description,
      role: 'creator',
      rehearsal: false,
      me: { id: me.id, label: me.name },
      state,
      summary: `Created an online key generation on ${input.server} (session ${sessionId}): ${frostSuite(suite).name}, any ${input.threshold} of ${n} (${listNames(members.map((m) => m.name))})`,
      phase: 2,
    };
  } finally {
    key.privateKey.fill(0);
  }
}

/**
 * A session this key coordinates with exactly these members (this key among them) and one
 * message, that no ceremony here runs in, is what a crash between making a session and saving
 * the ceremony leaves behind: close it so joiners find one session, not two. (Our own signing
 * sessions are in use by their ceremonies; only another tool holding this key, e.g. frost-client
 * with an exported config, could have made another such session.)
 */
async function closeLeftovers(client: FrostdClient, book: AddressBook, order: readonly string[], ctx: CCtx): Promise<void> {
  const inUse = new Set(addressBook(ctx).sessionsInUse());
  for (const id of await client.listSessions()) {
    if (inUse.has(id)) continue;
    const info = await client.getSessionInfo(id).catch((e: unknown) => {
      if (isCeremonyError(e, 'frostd/session-not-found')) return null;
      throw e;
    });
    if (!info) continue;
    const keys = info.pubkeys.map(bytesToHex);
    if (bytesToHex(info.coordinatorPubkey) === book.state.publicKey && info.messageCount === 1 && sameMembers(keys, order))
      await client.closeSession(id).catch(() => undefined);
  }
}

/** Sessions on the relay that include this member, made by someone else, that no ceremony here runs in. */
async function candidateSessions(client: FrostdClient, me: string, ctx: CCtx): Promise<FrostdSessionInfo[]> {
  const inUse = new Set(addressBook(ctx).sessionsInUse());
  const out: FrostdSessionInfo[] = [];
  for (const id of await client.listSessions()) {
    if (inUse.has(id)) continue;
    try {
      const info = await client.getSessionInfo(id);
      const keys = info.pubkeys.map(bytesToHex);
      if (keys.includes(me) && bytesToHex(info.coordinatorPubkey) !== me) out.push(info);
    } catch (e) {
      if (!isCeremonyError(e, 'frostd/session-not-found')) throw e;
    }
  }
  return out;
}

/**
 * Joiner: finds the session that includes this member and checks it before anything is sent.
 * "Not there yet" is its own error (`frost/online-no-session`): the wizard looks again.
 */
export async function joinOnlineDkg(input: z.infer<typeof FrostOnlineJoinCreate>, ctx: CCtx): Promise<Created<GroupState>> {
  const suite = resolveFrostSuite(input.suite).id;
  const book = await addressBook(ctx).open(input.addressBook);
  const me = book.state.publicKey;
  const contactName = new Map(book.state.contacts.map((c) => [c.publicKey, c.name]));
  const key = await bookKey(book);
  try {
    const f = frostd(ctx);
    const client = await f.client(input.server, key);
    let info: FrostdSessionInfo;
    if (input.session) {
      if (addressBook(ctx).sessionsInUse().includes(input.session))
        throw new CeremonyError(
          'frost/online-already-joined',
          `You already take part in session ${input.session} on this install; open that ceremony from the list.`,
          { session: input.session },
        );
      try {
        info = await client.getSessionInfo(input.session);
      } catch (e) {
        if (isCeremonyError(e, 'frostd/session-not-found'))
          throw new CeremonyError(
            'frost/online-no-session',
            `There is no session ${input.session} for you on ${input.server} (yet): check the id with its creator.`,
            { session: input.session },
          );
        throw e;
      }
    } else {
      const found = await candidateSessions(client, me, ctx);
      if (found.length === 0)
        throw new CeremonyError(
          'frost/online-no-session',
          `No key generation that includes you is on ${input.server} yet: the creator has not started it (or started it without you).`,
          {
            server: input.server,
          },
        );
      if (found.length > 1) {
        const list = found.map(
          (s) =>
            `${s.sessionId} (by ${contactName.get(bytesToHex(s.coordinatorPubkey)) ?? 'an unknown key'}: ${s.pubkeys.map((k) => contactName.get(bytesToHex(k)) ?? (bytesToHex(k) === me ? book.state.name : '?')).join(', ')})`,
        );
        throw new CeremonyError(
          'frostd/ambiguous-session',
          `${found.length} sessions on ${input.server} include you: ${list.join('; ')}. Choose one by its session id.`,
          {
            sessions: found.map((s) => s.sessionId).join(','),
          },
        );
      }
      info = found[0]!;
    }
    const keys = info.pubkeys.map(bytesToHex);
    const coordinator = bytesToHex(info.coordinatorPubkey);
    const creatorName = contactName.get(coordinator) ?? `${coordinator.slice(0, 12)}…`;
    if (!keys.includes(me)) throw new CeremonyError('frostd/not-a-member', `Session ${info.sessionId} does not include you.`, {});
    if (new Set(keys).size !== keys.length)
      throw new CeremonyError('frostd/duplicate-member', `The session names a member twice; ${creatorName} must create it again.`, {});
    const unknown = keys.filter((k) => k !== me && !contactName.has(k));
    if (unknown.length)
      throw new CeremonyError(
        'frostd/unknown-member',
        `The session of ${creatorName} includes ${unknown.length === 1 ? 'a key' : 'keys'} not in your address book (${unknown.map((k) => `${k.slice(0, 12)}…`).join(', ')}); import ${unknown.length === 1 ? 'that contact' : 'those contacts'} first, and compare fingerprints.`,
        { unknown: unknown.join(',') },
      );
    const n = keys.length;
    // A relay session does not say the threshold (its message_count is the number of messages
    // to sign, 1 for a DKG, ours and frost-client's alike): the joiner is told it.
    const threshold = input.threshold;
    if (threshold === undefined)
      throw new CeremonyError(
        'frost/online-threshold-needed',
        `The relay does not say the threshold of ${creatorName}'s key generation: enter the threshold ${creatorName} told you (any T of the ${n} members).`,
        { members: n },
      );
    if (threshold < 2 || threshold > n)
      throw new CeremonyError('frostd/threshold-mismatch', `A threshold of ${threshold} does not work with the session's ${n} members.`, {
        expected: threshold,
        members: n,
      });
    const names: Record<string, string> = { [me]: book.state.name };
    for (const k of keys) if (k !== me) names[k] = contactName.get(k)!;
    const members = membersOf(suite, info.sessionId, keys, names);
    const mine = members.find((m) => m.commKey === me)!;
    const creator = members.find((m) => m.commKey === coordinator);
    const description = input.description || `Online group: ${listNames(members.map((m) => m.name))}`;
    await keepBookKey(key, ctx, description);
    const seed = await newRunSeed(ctx, 'dkg', description);
    const runner = FrostdDkgRunner.create(
      {
        suite,
        threshold,
        role: 'joiner',
        sessionId: info.sessionId,
        participants: keys,
        contacts: names,
        timeoutMs: input.timeoutMinutes * 60_000,
      },
      { communicationKey: key, seed },
      f.now(),
    );
    seed.fill(0);
    const state = groupState({
      suite,
      threshold,
      description,
      server: input.server,
      timeoutMs: input.timeoutMinutes * 60_000,
      bookId: book.id,
      members,
      me: mine.id,
      // Whoever made the session without being one of its members is not a member here either.
      creator: creator?.id ?? mine.id,
      run: dkgRun(input.server, description, runner, info.sessionId, false, ctx.now()),
    });
    return {
      ceremonyId: ctx.newCeremonyId(),
      title: description,
      role: 'member',
      rehearsal: false,
      me: { id: mine.id, label: mine.name },
      state,
      summary: `Found ${creatorName}'s online key generation on ${input.server} (session ${info.sessionId}): any ${threshold} of ${n} (${listNames(members.map((m) => m.name))}); it needs your acceptance`,
      phase: 1,
    };
  } finally {
    key.privateKey.fill(0);
  }
}

/** The parameters of an online DKG in words, as the joiner accepts them. */
export function describeOnlineParams(state: GroupState): string {
  return `${frostSuite(state.suite).name}, any ${state.threshold} of ${state.members.length} (${listNames(state.members.map((m) => m.name))}) can sign`;
}

/**
 * When the runner has its part 3 (also while the creator still waits for confirmations): the
 * key package into the vault, the group into the state. Happens once per run.
 */
export async function finishOnlineDkg(
  state: GroupState,
  run: OnlineRun,
  runner: FrostdDkgRunner,
  ctx: Ctx,
): Promise<StepResult<GroupState> | null> {
  const r = runner.result;
  if (run.finished || !r) return null;
  for (const m of state.members) {
    const key = r.participants[m.identifier];
    if (!key || bytesToHex(key) !== m.commKey) throw new Error(`online DKG: member ${m.id} does not match the session`);
  }
  await storeKeyPackage(ctx, 1, r.keyPackage, `FROST key package: ${state.description} (${myMember(state).name})`);
  r.keyPackage.signingShare.fill(0);
  const pkp = { ...r.publicKeyPackage, minSigners: r.publicKeyPackage.minSigners ?? state.threshold };
  const verifyingKey = bytesToHex(pkp.verifyingKey);
  const next: GroupState = withRun(
    {
      ...state,
      // Every copy of this group (online-made here, or imported from frost-client TOML) uses the same wire id.
      wireId: importedWireId(verifyingKey),
      group: { publicKeyPackage: encodeFrostJson('PublicKeyPackage', pkp), verifyingKey, keyVersion: 1 },
    },
    { ...run, finished: true },
  );
  return {
    state: next,
    summary: `Group public key ${verifyingKey}; the key package is in the vault`,
    phase: 3,
    artifacts: groupArtifacts(next),
  };
}
