/**
 * The two-round exchange shared by the DKG and by share refresh (a DKG of a zero secret,
 * frost-core `refresh_dkg_*`): round 1 broadcasts a commitment (and for the DKG a proof of
 * knowledge), round 2 sends each other participant its share, sealed to that participant's
 * communication key, and finalizing sums the shares into a new KeyPackage.
 *
 * Every package is checked when it is imported, so a bad one is refused at once with its sender
 * named (instead of failing later for everyone): round 1 against the agreed threshold and the
 * proof of knowledge, round 2 against its sender's round-1 commitment.
 *
 * Round-1 and round-2 secret packages are never stored: they are re-derived from the vault seed
 * and the public round-1 packages whenever needed, which also makes every step repeatable after a
 * crash.
 */
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { CeremonyError } from '../../errors.ts';
import type { StepContext } from '../../engine/protocol.ts';
import { decodeFrostJson, encodeFrostJson, encodeFrostJsonText } from '../../formats/frost/frost-json.ts';
import {
  checkRound1Package,
  checkRound2Package,
  dkgPart1,
  dkgPart2,
  dkgPart3,
  refreshDkgPart1,
  refreshDkgPart2,
  refreshDkgPart3,
  seededRng,
  type Identifier,
  type KeyPackage,
  type PublicKeyPackage,
  type Round1Package,
  type Round1SecretPackage,
  type Round2Package,
  type Round2SecretPackage,
} from '../../crypto/frost/index.ts';
import { fromMember, refuse, wrongPhase } from './bundle-io.ts';
import { openEnvelope, sealEnvelope, type SealedEnvelope } from './envelope.ts';
import { attemptOfExchange, dkgPurpose, dkgSeedName, dkgStep } from './dkg-attempt.ts';
import { commKey, readKeyPackage, seed, SECRET } from './secrets.ts';
import { member, myMember, names, type Exchange, type GroupState } from './state.ts';

export function wireOf(state: GroupState, ctx: Pick<StepContext, 'meta'>): string {
  return state.wireId ?? ctx.meta.id;
}

export function exchangeStep(ex: Exchange, round: 'round1' | 'round2'): string {
  return ex.kind === 'dkg' ? dkgStep(attemptOfExchange(ex.id), round) : `refresh.${ex.id}.${round}`;
}

function seedName(ex: Exchange): string {
  return ex.kind === 'dkg' ? dkgSeedName(attemptOfExchange(ex.id)) : SECRET.refreshSeed(ex.id);
}

function purpose(ex: Exchange): string {
  return ex.kind === 'dkg' ? dkgPurpose(attemptOfExchange(ex.id)) : `refresh/${ex.id}/round2`;
}

async function exchangeSeed(ex: Exchange, ctx: StepContext): Promise<Uint8Array> {
  return seed(ctx, seedName(ex), ex.kind === 'dkg' ? 'FROST DKG randomness' : `FROST refresh ${ex.id} randomness`);
}

/** Our round-1 secret and public packages, re-derived from the seed. */
export async function part1(
  state: GroupState,
  ex: Exchange,
  ctx: StepContext,
): Promise<{ secretPackage: Round1SecretPackage; package: Round1Package }> {
  const s = await exchangeSeed(ex, ctx);
  try {
    const rng = seededRng(s, `${ex.kind}/${ex.id}/part1`);
    const me = myMember(state).identifier;
    const n = ex.participants.length;
    return ex.kind === 'dkg' ? dkgPart1(state.suite, me, n, ex.threshold, rng) : refreshDkgPart1(state.suite, me, n, ex.threshold, rng);
  } finally {
    s.fill(0);
  }
}

/** The others' round-1 packages, by identifier. */
function othersRound1(state: GroupState, ex: Exchange): Record<Identifier, Round1Package> {
  const out: Record<Identifier, Round1Package> = {};
  for (const id of ex.participants) {
    if (id === state.me) continue;
    const json = ex.round1[id];
    if (!json) throw new Error(`round-1 package of ${id} missing`);
    out[member(state, id).identifier] = decodeFrostJson('Round1Package', state.suite, json);
  }
  return out;
}

export function missingRound1(state: GroupState, ex: Exchange): string[] {
  return ex.participants.filter((id) => !ex.round1[id]);
}

export function missingRound2(state: GroupState, ex: Exchange): string[] {
  return ex.participants.filter((id) => id !== state.me && !ex.round2[id]);
}

async function part2(
  state: GroupState,
  ex: Exchange,
  ctx: StepContext,
): Promise<{ secretPackage: Round2SecretPackage; packages: Record<Identifier, Round2Package> }> {
  const p1 = await part1(state, ex, ctx);
  const r1 = othersRound1(state, ex);
  return ex.kind === 'dkg' ? dkgPart2(p1.secretPackage, r1) : refreshDkgPart2(p1.secretPackage, r1);
}

/** Round 1: our broadcast package (JSON) and communication key; records it in the exchange. */
export async function makeRound1(
  state: GroupState,
  ex: Exchange,
  ctx: StepContext,
): Promise<{ ex: Exchange; packageJson: ReturnType<typeof encodeFrostJson>; commKey: string }> {
  if (!ex.participants.includes(state.me))
    throw new CeremonyError('frost/not-a-participant', 'You are not one of the participants of this exchange.', {});
  const { package: pkg } = await part1(state, ex, ctx);
  const keys = await commKey(ctx, state.description);
  keys.secret.fill(0);
  const packageJson = encodeFrostJson('Round1Package', pkg);
  return {
    ex: { ...ex, round1: { ...ex.round1, [state.me]: packageJson }, sentRound1: true },
    packageJson,
    commKey: bytesToHex(keys.publicKey),
  };
}

/** Checks a round-1 package from `senderId` (threshold, proof of knowledge) and records it. */
export function receiveRound1(state: GroupState, ex: Exchange, senderId: string, packageJson: Record<string, unknown>): Exchange {
  const sender = member(state, senderId);
  if (!ex.participants.includes(senderId))
    throw refuse(`${sender.name} is not taking part in this ${ex.kind === 'dkg' ? 'key generation' : 'refresh'}.`, senderId);
  fromMember(sender, () => {
    const pkg = decodeFrostJson('Round1Package', state.suite, packageJson);
    checkRound1Package(state.suite, sender.identifier, pkg, ex.threshold, ex.kind);
  });
  return { ...ex, round1: { ...ex.round1, [senderId]: packageJson as ReturnType<typeof encodeFrostJson> } };
}

/** Round 2: one sealed package per other participant. */
export async function makeRound2(
  state: GroupState,
  ex: Exchange,
  ctx: StepContext,
): Promise<{ ex: Exchange; packages: Record<string, SealedEnvelope> }> {
  if (!ex.sentRound1) throw new CeremonyError('frost/wrong-step', 'Send your round-1 package first.', {});
  const missing = missingRound1(state, ex);
  if (missing.length)
    throw new CeremonyError('frost/wrong-step', `Round 2 needs everyone's round-1 package; still missing: ${names(state, missing)}.`, {
      missing: missing.join(','),
    });
  const { packages } = await part2(state, ex, ctx);
  const keys = await commKey(ctx, state.description);
  const s = await exchangeSeed(ex, ctx);
  const out: Record<string, SealedEnvelope> = {};
  try {
    for (const id of ex.participants) {
      if (id === state.me) continue;
      const m = member(state, id);
      if (!m.commKey) throw new Error(`no communication key for ${id}`);
      const pkg = packages[m.identifier];
      if (!pkg) throw new Error(`no round-2 package for ${id}`);
      out[id] = sealEnvelope({
        plaintext: utf8ToBytes(encodeFrostJsonText('Round2Package', pkg)),
        senderSecret: keys.secret,
        recipientPublic: hexToBytes(m.commKey),
        context: { ceremony: wireOf(state, ctx), purpose: purpose(ex), from: state.me, to: id },
        entropy: seededRng(s, `${purpose(ex)}/${id}/entropy`)(32),
      });
    }
  } finally {
    keys.secret.fill(0);
    s.fill(0);
  }
  return { ex: { ...ex, sentRound2: true }, packages: out };
}

async function openRound2(
  state: GroupState,
  ex: Exchange,
  senderId: string,
  env: SealedEnvelope,
  ctx: StepContext,
): Promise<Round2Package> {
  const sender = member(state, senderId);
  if (!sender.commKey)
    throw wrongPhase(`The round-2 package from ${sender.name} came before their round-1 package; import that first.`, senderId);
  const keys = await commKey(ctx, state.description);
  try {
    const plain = fromMember(sender, () =>
      openEnvelope({
        envelope: env,
        recipientSecret: keys.secret,
        senderPublic: hexToBytes(sender.commKey!),
        context: { ceremony: wireOf(state, ctx), purpose: purpose(ex), from: senderId, to: state.me },
        senderName: sender.name,
      }),
    );
    try {
      return fromMember(sender, () => decodeFrostJson('Round2Package', state.suite, new TextDecoder().decode(plain)));
    } finally {
      plain.fill(0);
    }
  } finally {
    keys.secret.fill(0);
  }
}

/** Checks the round-2 package sealed to us by `senderId` against their commitment, and keeps the envelope. */
export async function receiveRound2(
  state: GroupState,
  ex: Exchange,
  senderId: string,
  packages: Record<string, SealedEnvelope>,
  ctx: StepContext,
): Promise<Exchange> {
  const sender = member(state, senderId);
  if (!ex.participants.includes(senderId))
    throw refuse(`${sender.name} is not taking part in this ${ex.kind === 'dkg' ? 'key generation' : 'refresh'}.`, senderId);
  if (!ex.sentRound1)
    throw wrongPhase(
      `Send your own round-1 package before importing round-2 packages (${sender.name}'s is sealed to the key you announce there).`,
      senderId,
    );
  const senderRound1 = ex.round1[senderId];
  if (!senderRound1)
    throw wrongPhase(`The round-2 package from ${sender.name} came before their round-1 package; import that first.`, senderId);
  const expected = ex.participants.filter((id) => id !== senderId).sort();
  const got = Object.keys(packages).sort();
  if (expected.join(',') !== got.join(','))
    throw refuse(
      `${sender.name}'s round-2 bundle does not hold exactly one sealed package for each other participant (it has ${got.length}, expected ${expected.length}).`,
      senderId,
    );
  const env = packages[state.me]!;
  const pkg = await openRound2(state, ex, senderId, env, ctx);
  const me = myMember(state);
  fromMember(sender, () =>
    checkRound2Package(
      // Only the suite and our identifier are used by the share check.
      {
        suite: state.suite,
        identifier: me.identifier,
        commitment: [],
        secretShare: new Uint8Array(),
        minSigners: ex.threshold,
        maxSigners: ex.participants.length,
      },
      sender.identifier,
      decodeFrostJson('Round1Package', state.suite, senderRound1),
      pkg,
      ex.kind,
    ),
  );
  pkg.signingShare.fill(0);
  return { ...ex, round2: { ...ex.round2, [senderId]: env } };
}

/** Finalize: our new KeyPackage (to the vault) and the group's PublicKeyPackage. */
export async function finishExchange(
  state: GroupState,
  ex: Exchange,
  ctx: StepContext,
): Promise<{ keyPackage: KeyPackage; publicKeyPackage: PublicKeyPackage }> {
  if (!ex.sentRound2) throw new CeremonyError('frost/wrong-step', 'Send your round-2 package first.', {});
  const missing = missingRound2(state, ex);
  if (missing.length)
    throw new CeremonyError('frost/wrong-step', `Still waiting for the round-2 packages of ${names(state, missing)}.`, {
      missing: missing.join(','),
    });
  const { secretPackage } = await part2(state, ex, ctx);
  const r1 = othersRound1(state, ex);
  const r2: Record<Identifier, Round2Package> = {};
  for (const id of ex.participants) {
    if (id === state.me) continue;
    r2[member(state, id).identifier] = await openRound2(state, ex, id, ex.round2[id]!, ctx);
  }
  try {
    if (ex.kind === 'dkg') return dkgPart3(secretPackage, r1, r2);
    if (!state.group) throw new Error('refresh without a group');
    const oldPkp = decodeFrostJson('PublicKeyPackage', state.suite, state.group.publicKeyPackage);
    const oldKp = await readKeyPackage(ctx, state.suite, state.group.keyVersion);
    return refreshDkgPart3(secretPackage, r1, r2, oldPkp, oldKp);
  } finally {
    for (const p of Object.values(r2)) p.signingShare.fill(0);
  }
}
