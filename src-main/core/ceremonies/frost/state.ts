/**
 * The FROST ceremony state: PUBLIC data only (it is state.json, the views, the journal digests).
 * Secrets live in the vault under the names in secrets.ts; what travels to others is either
 * public (round-1 packages, commitments, shares, signatures) or sealed to its recipient
 * (envelope.ts).
 *
 * One ceremony folder holds one FROST group for its whole life: the DKG that creates it (or the
 * frost-client import it came from), then any number of signings, refreshes and repairs. Keeping
 * them together keeps the key package next to the group it belongs to, lets every later bundle
 * be checked against the same roster of bundle keys, and gives one journal for the group.
 *
 * A second, much smaller kind of FROST "ceremony" is the address book (contacts.ts): this
 * install's long-lived frost-client communication key and the contacts imported from others.
 */
import type { FrostSuiteId } from '../../crypto/frost/suites.ts';
import type { JsonObject } from '../../formats/frost/frost-json.ts';
import type { SealedEnvelope } from './envelope.ts';
import type { FrostCodeCheck } from '../../../../src-shared/ceremonies/frost.ts';
import type { RecordSignature } from '../../record/format.ts';

export type { FrostCodeCheck };

export const FROST_STATE_VERSION = 1;

/** One member of the group. `id` is the roster id that appears as bundle sender ("p1"…). */
export type Member = {
  id: string;
  name: string;
  /** FROST identifier, hex in the suite's scalar encoding. */
  identifier: string;
  /** Bundle-signing key (hex), bound by the invitation or the member's first bundle. */
  bundleKey: string | null;
  /** The member's X25519 communication key for this group (hex), announced in round 1. */
  commKey: string | null;
  /** True once a refresh left this member out: their old share no longer combines. */
  evicted: boolean;
};

/** What every member accepts before round 1; carried by the invitation and every round-1 bundle. */
export type DkgParams = {
  suite: FrostSuiteId;
  threshold: number;
  description: string;
  members: { id: string; name: string; identifier: string }[];
  /** Which attempt of the key generation these are for: absent for the first, 2, 3… after restarts (dkg-attempt.ts). */
  attempt?: number;
};

/**
 * The creator restarted a stalled or failed key generation without some members (restart.ts):
 * the abandoned attempt's public story. The members left out keep their bundle key here, so a
 * late file of theirs is refused by name.
 */
export type DkgRestart = {
  /** The attempt this restart began. */
  attempt: number;
  by: string;
  without: { id: string; name: string; bundleKey: string | null }[];
  /** The threshold before and after (a new one when the old no longer fitted, or the creator chose one). */
  thresholdBefore: number;
  threshold: number;
  at: string;
};

/** A two-round exchange: the DKG itself, or a refresh (a DKG of a zero secret). */
export type Exchange = {
  kind: 'dkg' | 'refresh';
  /** "dkg", or the refresh session id ("p1-1"). */
  id: string;
  coordinator: string;
  /** Member ids taking part, in roster order. */
  participants: string[];
  threshold: number;
  /** Members whose round-1 package we hold (including our own once sent): frost-core serde JSON. */
  round1: Record<string, JsonObject>;
  /** Round-2 packages sealed to us, by sender, each already checked against its sender's commitment. */
  round2: Record<string, SealedEnvelope>;
  sentRound1: boolean;
  sentRound2: boolean;
  /** Refresh only: members who declined. */
  declined: string[];
  status: 'open' | 'done' | 'cancelled';
};

/** The group once it exists. */
export type GroupInfo = {
  /** frost-core serde JSON of the PublicKeyPackage (3.0 layout, with min_signers). */
  publicKeyPackage: JsonObject;
  verifyingKey: string;
  /** Which vault entry holds our KeyPackage: `key-package.<keyVersion>`. */
  keyVersion: number;
};

export type SigningSession = {
  id: string;
  coordinator: string;
  signers: string[];
  /** The message, hex. Public: it is what everyone approves. */
  message: string;
  label: string;
  createdAt: string;
  keyVersion: number;
  /** Our decision: pending/approved/declined when we are a chosen signer, else not-asked. */
  decision: 'pending' | 'approved' | 'declined' | 'not-asked';
  /** Signers who declined (as far as we know). */
  declined: string[];
  /** frost-core serde JSON SigningCommitments by signer. */
  commitments: Record<string, JsonObject>;
  /** frost-core serde JSON SigningPackage, once the coordinator built it. */
  signingPackage: JsonObject | null;
  /**
   * The single-use nonce rule: the digest of the ONE signing package our nonces may sign,
   * committed to state before any share is released. Never changes once set.
   */
  nonceBoundTo: string | null;
  signed: boolean;
  /** Coordinator: frost-core serde JSON SignatureShare by signer, each verified on import. */
  shares: Record<string, JsonObject>;
  /** The aggregate signature (suite's standard encoding), hex. */
  signature: string | null;
  status: 'open' | 'done' | 'declined';
};

export type RepairSession = {
  id: string;
  coordinator: string;
  /** The member whose share is rebuilt. */
  target: string;
  helpers: string[];
  /** The rebuilding member's new keys, from their hello bundle. */
  newcomerCommKey: string | null;
  newcomerBundleKey: string | null;
  /** Helper: our decision to help (not-asked for the target and for non-helpers). */
  decision: 'pending' | 'approved' | 'declined' | 'not-asked';
  /** Public delta commitments (RepairCommitments as JSON) by helper. */
  commitments: Record<string, JsonObject>;
  /** Deltas sealed to us, by helper (helpers only; each checked against its commitment). */
  deltas: Record<string, SealedEnvelope>;
  sentDeltas: boolean;
  sentSigma: boolean;
  /** The rebuilding member: sigmas sealed to it, by helper. */
  sigmas: Record<string, SealedEnvelope>;
  /** Check code of the newcomer's hello bundle, which helpers compare with the newcomer in person. */
  helloCheckCode: string | null;
  /** The rebuilding member only: the group's public key package from the request (frost-core JSON). */
  publicKeyPackage: JsonObject | null;
  status: 'open' | 'done' | 'cancelled';
  /** A helper: the newcomer said its share is rebuilt (its `restored` file arrived). Absent in older states. */
  restored?: boolean;
};

export type Verification = { at: string; messageDigest: string; signature: string; valid: boolean };

export type GroupState = {
  kind: 'group';
  v: number;
  suite: FrostSuiteId;
  threshold: number;
  description: string;
  /** How this group came to be. */
  origin: 'dkg' | 'frost-client-import' | 'repair' | 'frostd-dkg';
  /** Our roster id. */
  me: string;
  creator: string;
  /** Ceremony id carried in bundle headers when it differs from the local id (imports). */
  wireId: string | null;
  members: Member[];
  /** DKG: the invitation parameters; null for imported groups. */
  params: DkgParams | null;
  /** DKG: whom we saw invitations for (they must all carry the same parameters). */
  invitationsChecked: string[];
  dkg: Exchange | null;
  group: GroupInfo | null;
  signings: SigningSession[];
  refreshes: Exchange[];
  repairs: RepairSession[];
  verifications: Verification[];
  /** Per-coordinator counters for session ids ("p1-1", "p1-2"…). */
  counter: number;
  /** Runs through a frostd relay (the online DKG that made this group, online signings). */
  online?: OnlineState;
  /**
   * Comparisons of the group key check code, in order (code-checks.ts). Absent in folders from
   * before they existed, which then read as "never compared".
   */
  codeChecks?: FrostCodeCheck[];
  /** The ceremony record's signatures this install holds, its own and those imported (record.ts). Absent in older states. */
  record?: { signatures: RecordSignature[] };
  /** Restarts of the key generation, in order (restart.ts). Absent when it never restarted. */
  restarts?: DkgRestart[];
  /** Where this member wrote its frost-client config (its share in clear), so it can be found and deleted. Absent in older states. */
  clientExports?: { at: string; where: string }[];
};

/**
 * A group as it starts, however it came to be (a DKG, a frost-client import, a repair, an
 * online DKG): who it is and who is in it, with nothing exchanged yet unless `rest` says so.
 */
export function newGroupState(
  start: Pick<GroupState, 'suite' | 'threshold' | 'description' | 'origin' | 'me' | 'creator' | 'members'> &
    Partial<Omit<GroupState, 'kind' | 'v'>>,
): GroupState {
  return {
    kind: 'group',
    v: FROST_STATE_VERSION,
    wireId: null,
    params: null,
    invitationsChecked: [],
    dkg: null,
    group: null,
    signings: [],
    refreshes: [],
    repairs: [],
    verifications: [],
    counter: 0,
    ...start,
  };
}

/** What the last step of an online run found: public, shown as is. */
export type OnlineReport = {
  status: 'running' | 'awaiting-approval' | 'done' | 'failed';
  phase: string;
  sessionId: string | null;
  /** Since when the current phase has been waiting (ms since the epoch). */
  since: number;
  /** Who the phase still waits for: name and communication key (hex). */
  waitingFor: { name: string; key: string }[];
  /** What ended the run (a timeout names who did not send). */
  error: { code: string; message: string } | null;
  /** A relay hiccup the next step may not meet (shown; the next step retries). */
  trouble: string | null;
};

/** The label a signer's online run has until the request names one. */
export const ONLINE_SIGNING_LABEL = 'online signing';

export type OnlineRunKind = 'dkg' | 'sign-coordinator' | 'sign-participant';

/**
 * One frostd run: its runner's state is a public transcript (session, ciphertexts received, how
 * many own messages went out); its secrets are re-derived from the vault on every step: this
 * group's communication key, the run's own seed (one seed, one run) and, for a signer, the key
 * package.
 */
export type OnlineRun = {
  /** "dkg", or "o1", "o2"… for signings. */
  id: string;
  kind: OnlineRunKind;
  server: string;
  /** What people recognise it by (the message file's name for a signing). */
  label: string;
  startedAt: string;
  /** Vault name of the run's seed. */
  seed: string;
  /** The frostd runner's saved state (public JSON). */
  runner: JsonObject;
  report: OnlineReport;
  /** DKG joiner: the person accepted the session's parameters (nothing is sent before). */
  accepted: boolean;
  /** Signer: the message waiting for the person's approval (hex), and who asks. */
  request: { messageHex: string; coordinator: string; signers: string[] } | null;
  /** Coordinator: the aggregate signature, hex. */
  signature: string | null;
  /** The coordinator's own signer run, or the coordinator run a signer run belongs to. */
  link: string | null;
  /** Its results are stored (key package in the vault, signature files written). */
  finished: boolean;
  /** Signer: which key package version signs (the one in use when the run started). */
  keyVersion: number | null;
};

export type OnlineState = {
  /** The relay this group was made on (the default for its online signings), as the person typed it. */
  server: string;
  /** How long a phase may wait for others before the run stops naming them. */
  timeoutMs: number;
  /** The address book the communication key was taken from (ceremony id), if any. */
  addressBook: string | null;
  runs: OnlineRun[];
  counter: number;
};

export type Contact = { name: string; publicKey: string };

export type ContactsState = {
  kind: 'contacts';
  v: number;
  name: string;
  publicKey: string;
  contacts: Contact[];
};

export type FrostState = GroupState | ContactsState;

export function memberById(s: GroupState, id: string): Member | undefined {
  return s.members.find((m) => m.id === id);
}

export function member(s: GroupState, id: string): Member {
  const m = memberById(s, id);
  if (!m) throw new Error(`no member ${id}`);
  return m;
}

export function myMember(s: GroupState): Member {
  return member(s, s.me);
}

export function nameOf(s: GroupState, id: string): string {
  return memberById(s, id)?.name ?? id;
}

export function names(s: GroupState, ids: readonly string[]): string {
  const list = ids.map((id) => nameOf(s, id));
  if (list.length <= 1) return list.join('');
  return `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
}

/** Replaces one member (immutably). */
export function withMember(s: GroupState, id: string, patch: Partial<Member>): GroupState {
  return { ...s, members: s.members.map((m) => (m.id === id ? { ...m, ...patch } : m)) };
}

export function activeMembers(s: GroupState): Member[] {
  return s.members.filter((m) => !m.evicted);
}
