import type { ErrorCode } from '../../../../src-shared/api/errors.ts';
import { blake2b } from '@noble/hashes/blake2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { CeremonyError } from '../../errors.ts';
import { prepareBlsBackend } from '../bls-backend/select.ts';
import { createInlineRunner } from '../../workers/inline.ts';
import { timeSlicer } from '../../workers/time-slice.ts';
import type { TaskRunner } from '../../workers/types.ts';
import { parseAddress } from './address.ts';
import { G1_BYTES, G2_BYTES, MAX_PARTIES } from './constants.ts';
import { Fr, lagrangeAtZero, scalarToBytes } from './field.ts';
import { type Fp2, fromWire, G2, type G2Point, toWire, type WirePoint } from './groups.ts';
import type { PublicKeyArgs } from './public-key-task.ts';
import type { EvalPolyArgs, EvalPolyResult } from './eval-poly.ts';
import { DkgOracles } from './oracles.ts';
import { addOpCounts, countOp } from './ops.ts';
import { SEAL_TASKS } from './tasks.ts';
import type { ChunkMessage, MessageCheck, VerifyChunkArgs, VerifyChunkResult } from './verify-chunk.ts';
import { parseSignedMessage, uleb128 } from './wire.ts';

/** A committee member's registered keys, as on chain (MemberInfo.enc_pk / signing_pk). */
export interface SealMemberKeys {
  /** ECIES public key, 48-byte G1. */
  encPk: Uint8Array;
  /** BLS min-sig public key, 96-byte G2. */
  signingPk: Uint8Array;
}

export interface SealRotation {
  /** Threshold of the old committee: exactly this many continuing members must deal. */
  oldThreshold: number;
  /** New party id → old party id, for every member present in both committees. */
  newToOld: ReadonlyMap<number, number>;
  /** The old key server's partial keys (96-byte G2), by OLD party id. */
  oldPartialPks: ReadonlyMap<number, Uint8Array>;
  /** The old KEY_SERVER_PK; the rebuilt key must equal it. */
  oldKeyServerPk: Uint8Array;
}

export interface ProcessAllInput {
  /** The (new) committee object id. */
  committeeId: string | Uint8Array;
  /** Threshold of the committee being created. */
  threshold: number;
  /** Registered keys of every member, in party order. */
  members: readonly SealMemberKeys[];
  myPartyId: number;
  /** My ECIES secret key (dkg.key enc_sk). */
  encSk: bigint;
  /** bcs(SignedMessage) of every message to process, in any order. */
  messages: readonly Uint8Array[];
  rotation?: SealRotation;
}

export interface ProcessAllResult {
  /** KEY_SERVER_PK: constant term of the joint commitment (equals the old key in a rotation). */
  keyServerPk: Uint8Array;
  /** PARTIAL_PKS_Vk in party order. */
  partialPks: Uint8Array[];
  /** MASTER_SHARE_Vk (SECRET: 32-byte big-endian scalar). */
  masterShare: Uint8Array;
  /** Blake2b-256 of bcs(Vec<SignedMessage>) sorted by sender: the `messages_hash` proposed on chain. */
  messagesHash: Uint8Array;
  /** Senders of the processed messages, ascending. */
  senders: number[];
  /** The BLS12-381 backend that decoded and checked the points (as the checking threads report). */
  backend: string;
}

export interface ProcessAllOptions {
  /** Where the heavy checks run; default: inline on this thread. Pass a WorkerPool to use all cores. */
  runner?: TaskRunner;
  /** Called as messages finish their checks (`done` of `total` messages), for a progress bar. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Messages are checked in pieces: a few per worker, so progress moves in visible steps while each
 * piece stays large enough for its batches (one final exponentiation and a few multi-scalar
 * multiplications each) to pay off.
 */
const PIECES_PER_WORKER = 4;
const MIN_PIECE = 16;

const inline = createInlineRunner(SEAL_TASKS);

function reject(code: ErrorCode, message: string, details: Record<string, string | number | boolean | null>): never {
  throw new CeremonyError(code, message, details);
}

/** Blake2b-256 over bcs(Vec<SignedMessage>): ULEB128 count, then each message's bytes. */
export function messagesHash(sortedMessages: readonly Uint8Array[]): Uint8Array {
  const h = blake2b.create({ dkLen: 32 });
  h.update(uleb128(sortedMessages.length));
  for (const m of sortedMessages) h.update(m);
  return h.digest();
}

/**
 * `messagesHash` on the main thread: awaits `pause()` after each message (at n = 256 the whole
 * hash is about 300 ms of JavaScript, 12 MiB through Blake2b).
 */
export async function messagesHashSliced(
  sortedMessages: readonly Uint8Array[],
  pause: () => Promise<void> | undefined,
): Promise<Uint8Array> {
  const h = blake2b.create({ dkLen: 32 });
  h.update(uleb128(sortedMessages.length));
  for (const m of sortedMessages) {
    h.update(m);
    await pause();
  }
  return h.digest();
}

const CHECK_TEXT: Record<MessageCheck | 'encoding', string> = {
  encoding: 'it does not decode',
  sender: 'sender check',
  signature: 'signature check',
  'rotation-dealer': 'rotation dealer check',
  'proof-of-knowledge': 'proof-of-knowledge check',
  sanity: 'sanity check',
  decryption: 'decryption of my share',
  feldman: 'Feldman check of my share',
};

/**
 * `process-all-and-propose` without the chain: validates every dealer message exactly as
 * seal-committee-cli v0.6.8+ does (duplicates, counts, then per message in sender order:
 * signature, rotation dealer check, proof of knowledge, sanity, decryption, Feldman) and derives
 * KEY_SERVER_PK, PARTIAL_PKS, MASTER_SHARE and messages_hash. Any failure throws a CeremonyError
 * whose details name the sender and the check; a bad share also carries the complaint bytes.
 */
export async function processAllMessages(input: ProcessAllInput, options: ProcessAllOptions = {}): Promise<ProcessAllResult> {
  const r = await processCore(input, input.encSk, options);
  return { ...r, masterShare: r.masterShare! };
}

/** What anyone can compute from a message set without a share: the values a proposal carries. */
export type PublicProcessResult = Omit<ProcessAllResult, 'masterShare'>;

/**
 * The same checks and results as processAllMessages for someone who holds no share (a relay
 * preparing an air-gapped member's proposal): every check but the decryption and Feldman check
 * of a share. The member still processes the set itself and signs only if its own result is
 * byte-for-byte the same.
 */
export async function processPublicly(
  input: Omit<ProcessAllInput, 'encSk' | 'myPartyId'>,
  options: ProcessAllOptions = {},
): Promise<PublicProcessResult> {
  const { masterShare: _none, ...r } = await processCore({ ...input, myPartyId: 0 }, null, options);
  return r;
}

async function processCore(
  input: Omit<ProcessAllInput, 'encSk'>,
  encSk: bigint | null,
  options: ProcessAllOptions,
): Promise<Omit<ProcessAllResult, 'masterShare'> & { masterShare: Uint8Array | null }> {
  const runner = options.runner ?? inline;
  await prepareBlsBackend();
  const n = input.members.length;
  const t = input.threshold;
  const me = input.myPartyId;
  if (n < 1 || n > MAX_PARTIES) reject('seal/bad-committee', `A committee needs 1 to ${MAX_PARTIES} members, got ${n}.`, { members: n });
  if (!Number.isInteger(t) || t < 1 || t > n) {
    reject('seal/bad-threshold', `The threshold ${t} must be between 1 and the number of members (${n}).`, { threshold: t, members: n });
  }
  if (!Number.isInteger(me) || me < 0 || me >= n)
    reject('seal/bad-party', `Party id ${me} is not in this ${n}-member committee.`, { partyId: me });
  input.members.forEach((m, j) => {
    if (m.encPk.length !== G1_BYTES || m.signingPk.length !== G2_BYTES) {
      reject('seal/bad-committee', `Member ${j}'s registered keys have the wrong length.`, { partyId: j });
    }
  });
  const committeeId = parseAddress(input.committeeId, 'committee id');
  const oracles = new DkgOracles(committeeId);
  // fastcrypto identifies "me" by my encryption key among the nodes, before any message: checked
  // in a worker while this thread goes on, and every refusal below awaits it before it is thrown.
  const myKeyCheck =
    encSk === null
      ? Promise.resolve()
      : runner.run<Uint8Array>('seal.publicKey', { group: 'G1', scalar: encSk } satisfies PublicKeyArgs).then((myPk) => {
          if (!myPk.every((b, k) => b === input.members[me]!.encPk[k])) {
            reject('seal/wrong-key', `My encryption secret key does not match the key registered for party ${me}.`, { partyId: me });
          }
        });
  myKeyCheck.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile

  // This function runs on the app's main thread: its own loops pause for the event loop every
  // few milliseconds (n = 256 is about 12 MiB of messages), the heavy checks run in the runner.
  const slice = timeSlicer();
  // Upstream deserializes every file before anything else, so a file that cannot be decoded is
  // reported before any other fault of the set. The workers parse each file anyway: here the
  // set is ordered by each file's sender, its first field (u16, little-endian, in bcs), and the
  // full structural parse runs on this thread only when something is wrong, to give upstream's
  // error (see `parseAllOrThrow`).
  const ordered = input.messages.map((bytes) => ({ bytes, sender: bytes.length >= 2 ? bytes[0]! | (bytes[1]! << 8) : -1 }));
  const rot = input.rotation;
  let set: { senders: number[]; weights: bigint[] };
  try {
    set = orderAndCheckSet(ordered, n, rot);
  } catch (e) {
    await myKeyCheck;
    await parseAllOrThrow(input.messages, slice);
    throw e;
  }
  const { senders, weights } = set;

  const chunkMessages: ChunkMessage[] = ordered.map((p, k) => {
    const s = p.sender;
    const oldId = rot?.newToOld.get(s);
    return {
      // A view into a larger buffer (a message set decoded into one) would send that whole
      // buffer to the worker: each message goes as a buffer of its own.
      bytes: p.bytes.byteLength === p.bytes.buffer.byteLength ? p.bytes : p.bytes.slice(),
      signingPk: s >= 0 && s < n ? input.members[s]!.signingPk : null,
      expectedC0: rot && oldId !== undefined ? (rot.oldPartialPks.get(oldId) ?? null) : null,
      weight: weights[k]!,
    };
  });
  // At least two pieces per thread (so progress moves), up to four once pieces hold MIN_PIECE.
  const pieceCount = Math.max(
    Math.min(chunkMessages.length, 2 * runner.concurrency),
    Math.min(runner.concurrency * PIECES_PER_WORKER, Math.floor(chunkMessages.length / MIN_PIECE)),
  );
  const pieces = splitContiguous(chunkMessages, Math.max(1, pieceCount));
  let checked = 0;
  options.onProgress?.(0, chunkMessages.length);
  const running = Promise.all(
    pieces.map((messages) =>
      runner
        .run<VerifyChunkResult>('seal.verifyChunk', {
          roPrefix: oracles.base.prefix,
          committeeId,
          threshold: t,
          parties: n,
          myPartyId: me,
          encSk,
          rotation: rot !== undefined,
          messages,
        } satisfies VerifyChunkArgs)
        .then((r) => {
          checked += messages.length;
          options.onProgress?.(checked, chunkMessages.length);
          return r;
        }),
    ),
  );
  running.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
  // The set's hash while the workers check the messages (this thread would only wait).
  const hash = await messagesHashSliced(
    ordered.map((p) => p.bytes),
    slice,
  );
  await myKeyCheck;
  const results = await running;
  results.forEach((r) => addOpCounts(r.ops));

  const failures = results.map((r) => r.failure);
  const encodingFailure = failures.find((f) => f?.check === 'encoding');
  const firstFailure = encodingFailure ?? failures.find((f) => f !== undefined);
  if (firstFailure) {
    if (encodingFailure) await parseAllOrThrow(input.messages, slice);
    const { sender, check, reason } = firstFailure;
    if (check === 'encoding') {
      reject('seal/message-malformed', `The DKG message from party ${sender} cannot be decoded: ${reason}`, { sender, check });
    }
    if (firstFailure.complaint) {
      const complaintHex = bytesToHex(firstFailure.complaint);
      reject(
        'seal/complaint',
        `Do NOT propose on chain: the ${CHECK_TEXT[check]} failed for the message from party ${sender} (${reason}); share the complaint with the coordinator.`,
        { sender, check, complaint: complaintHex },
      );
    }
    reject('seal/message-invalid', `The DKG message from party ${sender} failed the ${CHECK_TEXT[check]}: ${reason}.`, { sender, check });
  }

  // Joint commitment V and my share: a sum (fresh) or a Lagrange combination (rotation, done by
  // the tasks with their weights) of the dealers' contributions.
  const vss: G2Point[] = [];
  for (let k = 0; k < t; k++) {
    let acc = G2.zero;
    for (const r of results) acc = acc.add(fromWire(G2, r.commitmentSum![k]!));
    vss.push(acc);
    await slice();
  }
  countOp('G2.add', t * results.length);
  let share = 0n;
  for (const r of results) if (r.shareSum !== undefined) share = Fr.add(share, r.shareSum);

  const keyServerPk = G2.encode(vss[0]!);
  if (rot && !keyServerPk.every((b, k) => b === rot.oldKeyServerPk[k])) {
    reject(
      'seal/rotation-key-mismatch',
      'The rotated commitments rebuild a key server key different from the old KEY_SERVER_PK; do not propose.',
      {},
    );
  }

  const partialPks = await evaluateAtIndices(vss, n, runner);
  const backend = [...new Set(results.map((r) => r.backend))].join('+');
  if (encSk === null) return { keyServerPk, partialPks, masterShare: null, messagesHash: hash, senders, backend };
  // Invariant the key server enforces at start-up: G2·MASTER_SHARE = my partial key.
  const sharePk = await runner.run<Uint8Array>('seal.publicKey', { group: 'G2', scalar: share } satisfies PublicKeyArgs);
  if (!sharePk.every((b, k) => b === partialPks[me]![k])) {
    throw new Error('internal error: my master share does not match my partial key');
  }
  return { keyServerPk, partialPks, masterShare: scalarToBytes(share), messagesHash: hash, senders, backend };
}

/** Orders the set by sender and checks who sent it (upstream's checks before any message is verified). */
function orderAndCheckSet(
  ordered: { bytes: Uint8Array; sender: number }[],
  n: number,
  rot: ProcessAllInput['rotation'],
): { senders: number[]; weights: bigint[] } {
  const seen = new Set<number>();
  for (const { sender: s } of ordered) {
    if (seen.has(s))
      reject('seal/duplicate-sender', `Two DKG messages claim to come from party ${s}; each member sends exactly one.`, {
        sender: s,
        check: 'duplicate-sender',
      });
    seen.add(s);
  }
  ordered.sort((x, y) => x.sender - y.sender);
  const senders = ordered.map((p) => p.sender);
  if (rot) {
    if (senders.length !== rot.oldThreshold) {
      reject(
        'seal/message-count',
        `Key rotation requires exactly ${rot.oldThreshold} messages from continuing members, got ${senders.length}.`,
        {
          expected: rot.oldThreshold,
          got: senders.length,
          check: 'message-count',
        },
      );
    }
    const invalid = senders.filter((s) => !rot.newToOld.has(s));
    if (invalid.length) {
      reject(
        'seal/rotation-sender',
        `Key rotation messages must come from continuing members; party ${invalid.join(', ')} did not hold a share before.`,
        {
          senders: invalid.join(','),
          sender: invalid[0]!,
          check: 'rotation-sender',
        },
      );
    }
    const oldIds = [...rot.newToOld.values()];
    if (new Set(oldIds).size !== oldIds.length) reject('seal/rotation-mapping', 'Two new parties map to the same old party.', {});
    if ([...rot.newToOld.keys()].some((j) => !Number.isInteger(j) || j < 0 || j >= n)) {
      reject('seal/rotation-mapping', 'The new-to-old party map names a party outside the new committee.', {});
    }
    // Lagrange coefficients at 0 over the OLD share indices (old party id + 1).
    return { senders, weights: lagrangeAtZero(senders.map((s) => rot.newToOld.get(s)! + 1)) };
  } else {
    if (senders.length !== n) {
      reject('seal/message-count', `A fresh DKG requires ${n} messages (one from each party), got ${senders.length}.`, {
        expected: n,
        got: senders.length,
        check: 'message-count',
      });
    }
    return { senders, weights: senders.map(() => 1n) };
  }
}

/**
 * The structural parse of every file in the order given, as upstream does before anything else:
 * throws the first file's decoding error, naming its position and its claimed sender.
 */
async function parseAllOrThrow(messages: readonly Uint8Array[], slice: () => Promise<void> | undefined): Promise<void> {
  for (let index = 0; index < messages.length; index++) {
    const bytes = messages[index]!;
    try {
      parseSignedMessage(bytes, `DKG message #${index + 1}`);
    } catch (e) {
      // Name the claimed sender when the first two bytes (u16 LE) are there.
      const sender = bytes.length >= 2 ? bytes[0]! | (bytes[1]! << 8) : null;
      if (e instanceof CeremonyError) {
        throw new CeremonyError('seal/message-malformed', e.message, { ...e.details, messageIndex: index, sender, check: 'encoding' });
      }
      throw e;
    }
    await slice();
  }
}

function splitContiguous<T>(items: readonly T[], parts: number): T[][] {
  const out: T[][] = [];
  const size = Math.ceil(items.length / parts);
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** V(j+1) for j = 0..n−1; indices are dealt round-robin so every task gets similar work. */
export async function evaluateAtIndices(vss: readonly G2Point[], n: number, runner: TaskRunner = inline): Promise<Uint8Array[]> {
  const parts = Math.max(1, Math.min(runner.concurrency, n));
  const coeffs = vss.map((p) => toWire(p) as WirePoint<Fp2>);
  const groups: number[][] = Array.from({ length: parts }, () => []);
  for (let x = 1; x <= n; x++) groups[(x - 1) % parts]!.push(x);
  const results = await Promise.all(groups.map((xs) => runner.run<EvalPolyResult>('seal.evalPoly', { coeffs, xs } satisfies EvalPolyArgs)));
  const out: Uint8Array[] = new Array(n);
  results.forEach((r, g) => {
    addOpCounts(r.ops);
    groups[g]!.forEach((x, k) => {
      out[x - 1] = r.values[k]!;
    });
  });
  return out;
}
