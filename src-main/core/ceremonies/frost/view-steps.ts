/**
 * The typed view's moving parts (FrostView in src-shared/ceremonies/frost.ts): which step this
 * member is at, whom it waits for and for what, the signing it takes part in (with the message
 * fingerprint and per-signer progress) and the files due now. Data only: the screens word it.
 *
 * What is known is said, nothing more: over files we know what arrived here; through a frostd
 * relay (which has no presence) we know whose message has not come yet, never whether they are
 * "online".
 */
import { hexToBytes } from '@noble/hashes/utils.js';
import { checkCodeOfBytes } from '../../encoding/check-code.ts';
import type {
  FrostCarry,
  FrostRefreshView,
  FrostRepairView,
  FrostSigningView,
  FrostStep,
  FrostWaiting,
} from '../../../../src-shared/ceremonies/frost.ts';
import type { FrostdSignCoordinatorState } from '../../transports/frostd/sign-coordinator.ts';
import { groupCodeStatus } from './code-checks.ts';
import { exchangeStep, missingRound1, missingRound2 } from './exchange.ts';
import { leftOutBy } from './restart.ts';
import { newcomerStep, refreshLeftovers, repairLeftovers, upkeepStep, type UpkeepStep } from './view-upkeep.ts';
import { memberById, nameOf, ONLINE_SIGNING_LABEL, type GroupState, type OnlineRun, type SigningSession } from './state.ts';

/** The check code people compare for a message: of the SHA-256 of its bytes. */
export function messageFingerprint(messageHex: string): string {
  return checkCodeOfBytes(hexToBytes(messageHex));
}

type Missing = FrostWaiting['missing'];
const waiting = (s: GroupState, ids: readonly string[], missing: Missing): FrostWaiting[] =>
  ids.map((id) => ({ partyId: id, name: nameOf(s, id), missing }));

/** An online run's awaited members (by communication key), named as in the roster. */
function runWaiting(s: GroupState, run: OnlineRun, missing: Missing): FrostWaiting[] {
  return run.report.waitingFor.map((w) => {
    const m = s.members.find((x) => x.commKey === w.key);
    return { partyId: m?.id ?? null, name: m?.name ?? w.name, missing };
  });
}

const ONLINE_DKG_MISSING: Record<string, Missing> = {
  round1: 'commitment',
  echo: 'commitment',
  round2: 'share',
  confirm: 'key-confirmation',
};

// --- the signing ---------------------------------------------------------------------------

/** A signing this member takes part in (asked, or requested it): over files or online. */
type Signing = { at: string; bundle: SigningSession } | { at: string; run: OnlineRun };

function mySignings(s: GroupState): Signing[] {
  const files: Signing[] = s.signings
    .filter((x) => x.coordinator === s.me || x.decision !== 'not-asked')
    .map((x) => ({ at: x.createdAt, bundle: x }));
  // A coordinator's own signer run belongs to its coordinator run (`link`): one signing, not two.
  const runs: Signing[] = (s.online?.runs ?? [])
    .filter((r) => r.kind === 'sign-coordinator' || (r.kind === 'sign-participant' && !r.link))
    .map((r) => ({ at: r.startedAt, run: r }));
  return [...files, ...runs].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

function isOpen(x: Signing): boolean {
  return 'bundle' in x ? x.bundle.status === 'open' : x.run.report.status === 'running' || x.run.report.status === 'awaiting-approval';
}

/** The signing of this moment: one waiting for our decision first, then the latest open one, then the latest. */
function currentSigning(s: GroupState): Signing | null {
  const all = mySignings(s);
  const decide = all.find((x) =>
    'bundle' in x ? x.bundle.status === 'open' && x.bundle.decision === 'pending' : x.run.report.status === 'awaiting-approval',
  );
  return decide ?? all.filter(isOpen).at(-1) ?? all.at(-1) ?? null;
}

function bundleSigningView(s: GroupState, x: SigningSession): { view: FrostSigningView; waitingFor: FrostWaiting[] } {
  const done = x.status === 'done';
  const state = (id: string): FrostSigningView['signers'][number]['state'] => {
    if (x.declined.includes(id)) return 'declined';
    if (done || x.shares[id] || (id === s.me && x.signed)) return 'signed';
    if (x.commitments[id] || (x.signingPackage && x.status === 'open')) return 'approved';
    return 'asked';
  };
  let waitingFor: FrostWaiting[] = [];
  if (x.status === 'open') {
    if (x.coordinator === s.me) {
      const noCommit = x.signers.filter((id) => !x.commitments[id] && !x.declined.includes(id));
      waitingFor = noCommit.length
        ? waiting(s, noCommit, 'approval')
        : waiting(
            s,
            x.signers.filter((id) => !x.shares[id] && id !== s.me),
            'signature-share',
          );
    } else if (x.decision === 'approved' && !x.signingPackage) waitingFor = waiting(s, [x.coordinator], 'signing-package');
  }
  return {
    view: {
      id: x.id,
      via: 'bundles',
      label: x.label || null,
      requestedBy: nameOf(s, x.coordinator),
      youRequested: x.coordinator === s.me,
      bytes: x.message.length / 2,
      fingerprint: messageFingerprint(x.message),
      signers: x.signers.map((id) => ({ name: nameOf(s, id), you: id === s.me, state: state(id) })),
      status: x.status,
      signatureArtifactId: x.signature ? `signature:${x.id}` : null,
    },
    waitingFor,
  };
}

function runStatus(run: OnlineRun): FrostSigningView['status'] {
  const r = run.report;
  if (r.status === 'done') return 'done';
  if (r.status === 'failed') return r.error?.code === 'frostd/sign-declined' ? 'declined' : 'failed';
  return 'open';
}

function onlineSigningView(s: GroupState, run: OnlineRun): { view: FrostSigningView | null; waitingFor: FrostWaiting[] } {
  const status = runStatus(run);
  const r = run.report;
  if (run.kind === 'sign-coordinator') {
    const c = run.runner as unknown as FrostdSignCoordinatorState;
    const awaited = new Set(r.waitingFor.map((w) => w.key));
    const signers = c.signers.map((key) => {
      const m = s.members.find((x) => x.commKey === key);
      const st: FrostSigningView['signers'][number]['state'] =
        status === 'done' || (r.phase === 'shares' && !awaited.has(key)) ? 'signed' : 'asked';
      return { name: m?.name ?? key.slice(0, 8), you: m?.id === s.me, state: st };
    });
    const missing: Missing = r.phase === 'shares' ? 'approval' : 'signing-join';
    return {
      view: {
        id: run.id,
        via: 'online',
        label: run.label || null,
        requestedBy: nameOf(s, s.me),
        youRequested: true,
        bytes: c.message.length / 2,
        fingerprint: messageFingerprint(c.message),
        signers,
        status,
        signatureArtifactId: run.signature ? `signature:${run.id}` : null,
      },
      // The requester's own signer run joins by itself: it is never someone to wait for.
      waitingFor:
        status === 'open' && (r.phase === 'commitments' || r.phase === 'shares')
          ? runWaiting(s, run, missing).filter((w) => w.partyId !== s.me)
          : [],
    };
  }
  const req = run.request;
  if (!req) return { view: null, waitingFor: [] };
  const approved = r.status === 'running' || r.status === 'done';
  return {
    view: {
      id: run.id,
      via: 'online',
      label: run.label && run.label !== ONLINE_SIGNING_LABEL ? run.label : null,
      requestedBy: req.coordinator,
      youRequested: false,
      bytes: req.messageHex.length / 2,
      fingerprint: messageFingerprint(req.messageHex),
      signers: req.signers.map((n) => {
        const you = n === 'you';
        const st: FrostSigningView['signers'][number]['state'] = you
          ? r.status === 'done'
            ? 'signed'
            : status === 'declined'
              ? 'declined'
              : approved
                ? 'approved'
                : 'asked'
          : 'asked';
        return { name: you ? nameOf(s, s.me) : n, you, state: st };
      }),
      status,
      signatureArtifactId: null,
    },
    waitingFor:
      status === 'open' && approved && r.phase === 'signing-package'
        ? [{ partyId: null, name: req.coordinator, missing: 'signing-package' }]
        : [],
  };
}

// --- the step --------------------------------------------------------------------------------

export interface StepView {
  step: FrostStep;
  waitingFor: FrostWaiting[];
  waitingSince: number | null;
  signing: FrostSigningView | null;
  refresh?: FrostRefreshView | null;
  repair?: FrostRepairView | null;
  /** The files due at an upkeep step (refresh, repair), computed with it. */
  carry?: FrostCarry[];
}

function fromUpkeep(u: UpkeepStep): StepView {
  return {
    step: u.step,
    waitingFor: u.waitingFor,
    waitingSince: null,
    signing: null,
    refresh: u.refresh,
    repair: u.repair,
    carry: u.carry,
  };
}

function beforeGroup(s: GroupState): StepView {
  const none = { signing: null, waitingSince: null };
  const run = s.online?.runs.find((r) => r.kind === 'dkg');
  if (run) {
    const r = run.report;
    if (r.status === 'failed') return { step: 'stopped', waitingFor: [], ...none };
    if (!run.accepted && s.me !== s.creator) return { step: 'agree', waitingFor: [], ...none };
    const missing = ONLINE_DKG_MISSING[r.phase];
    const waitingFor = missing ? runWaiting(s, run, missing) : [];
    const step: FrostStep = r.phase === 'session' || r.phase === 'round1' || r.phase === 'echo' ? 'commitments' : 'shares';
    return { step, waitingFor, signing: null, waitingSince: waitingFor.length ? r.since : null };
  }
  if (leftOutBy(s)) return { step: 'stopped', waitingFor: [], ...none };
  const ex = s.dkg;
  if (!ex || ex.status !== 'open') {
    const rebuilding = newcomerStep(s);
    return rebuilding ? fromUpkeep(rebuilding) : { step: 'ready', waitingFor: [], ...none };
  }
  if (!ex.sentRound1) return { step: s.me === s.creator ? 'invite' : 'agree', waitingFor: [], ...none };
  const m1 = missingRound1(s, ex);
  if (m1.length) return { step: 'commitments', waitingFor: waiting(s, m1, 'commitment'), ...none };
  const m2 = ex.sentRound2 ? missingRound2(s, ex) : [];
  return { step: 'shares', waitingFor: waiting(s, m2, 'share'), ...none };
}

export function stepView(s: GroupState): StepView {
  if (!s.group) return beforeGroup(s);
  const code = groupCodeStatus(s).state;
  if (code === 'differs') return { step: 'code-differs', waitingFor: [], waitingSince: null, signing: null };
  if (code === 'none' || code === 'changed') {
    // The online run may still wait for the others' confirmations: say so while comparing.
    const run = s.online?.runs.find((r) => r.kind === 'dkg' && r.report.status === 'running' && r.report.phase === 'confirm');
    return { step: 'confirm-key', waitingFor: run ? runWaiting(s, run, 'key-confirmation') : [], waitingSince: null, signing: null };
  }
  const x = currentSigning(s);
  // A finished signing made with shares since renewed or rebuilt is history, not this moment.
  const version = x === null ? null : 'bundle' in x ? x.bundle.keyVersion : x.run.keyVersion;
  const stale = x !== null && !isOpen(x) && version !== null && version < s.group.keyVersion;
  const signing = x && !stale ? signingStep(s, x) : null;
  // A message waiting for this member's decision or signature comes first; then a refresh or a
  // repair it takes part in; then the signing it waits on (or the last one's result).
  if (signing && (signing.step === 'review-message' || signing.step === 'sign')) return signing;
  const upkeep = upkeepStep(s);
  if (upkeep) return fromUpkeep(upkeep);
  return signing ?? { step: 'ready', waitingFor: [], waitingSince: null, signing: null };
}

function signingStep(s: GroupState, x: Signing): StepView {
  if ('bundle' in x) {
    const b = x.bundle;
    const { view, waitingFor } = bundleSigningView(s, b);
    const mine = b.signers.includes(s.me);
    const step: FrostStep =
      b.status !== 'open'
        ? 'signed'
        : b.decision === 'pending'
          ? 'review-message'
          : mine && b.signingPackage && !b.signed
            ? 'sign'
            : mine && b.signed && b.coordinator !== s.me
              ? 'signed'
              : 'wait-signers';
    return { step, waitingFor, waitingSince: null, signing: view };
  }
  const run = x.run;
  const { view, waitingFor } = onlineSigningView(s, run);
  const status = runStatus(run);
  const step: FrostStep =
    run.report.status === 'awaiting-approval' ? 'review-message' : status === 'open' ? 'wait-signers' : view ? 'signed' : 'ready';
  return { step, waitingFor, waitingSince: waitingFor.length ? run.report.since : null, signing: view };
}

// --- files due now ---------------------------------------------------------------------------

const others = (s: GroupState, ids?: readonly string[]): string[] =>
  (ids ?? s.members.filter((m) => !m.evicted).map((m) => m.id)).filter((id) => id !== s.me).map((id) => nameOf(s, id));

/** The files this member must carry at this step, and to whom; the full list stays under Technical details. */
export function carryNow(s: GroupState, v: StepView): FrostCarry[] {
  if (v.carry) return v.carry;
  if (v.step === 'ready') return [...refreshLeftovers(s), ...repairLeftovers(s)];
  const ex = s.dkg;
  if (!s.group && ex && ex.status === 'open') {
    if (v.step === 'invite') return s.members.filter((m) => m.id !== s.me).map((m) => ({ artifactId: `invitation:${m.id}`, to: [m.name] }));
    // Steps (so artifact ids) carry the attempt once the key generation was restarted.
    if (ex.sentRound2) return [{ artifactId: `bundle:${exchangeStep(ex, 'round2')}`, to: others(s, ex.participants) }];
    if (ex.sentRound1) return [{ artifactId: `bundle:${exchangeStep(ex, 'round1')}`, to: others(s, ex.participants) }];
    return [];
  }
  const b = v.signing?.via === 'bundles' ? s.signings.find((x) => x.id === v.signing!.id) : undefined;
  if (!b) return [];
  const at = (what: string) => `bundle:sign.${b.id}.${what}`;
  const toSigners = others(s, b.signers);
  const toRequester = [nameOf(s, b.coordinator)];
  if (b.coordinator === s.me) {
    if (b.status === 'done') return [{ artifactId: at('result'), to: others(s) }];
    if (b.status !== 'open') return [];
    return [{ artifactId: at(b.signingPackage ? 'package' : 'request'), to: toSigners }];
  }
  if (b.status !== 'open' || b.decision !== 'approved') return [];
  if (b.signed) return memberById(s, b.coordinator) ? [{ artifactId: at('share'), to: toRequester }] : [];
  return b.signingPackage ? [] : [{ artifactId: at('commit'), to: toRequester }];
}
