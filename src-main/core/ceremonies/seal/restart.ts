import { bytesToHex } from '@noble/hashes/utils.js';
import { CeremonyError } from '../../errors.ts';
import type { StepContext, StepResult } from '../../engine/protocol.ts';
import { parseBytecodeDump } from '../../transports/sui/tx/bytecode-dump.ts';
import type { SEAL_ACTIONS } from '../../../../src-shared/ceremonies/seal.ts';
import type { z } from 'zod';
import { networkConfig } from './network.ts';
import type { InvitationPayload } from './payloads.ts';
import { step } from './phases.ts';
import { rehearsalDump } from './rehearsal-dump.ts';
import { isRotation } from './rotation.ts';
import type { AbandonedCommittee, CoordinatorState, MemberEntry, RestartChange } from './state.ts';
import { noPendingTx } from './transactions.ts';
import { addr, defaultMemberLabel, listNames, shortId } from './values.ts';

/**
 * The coordinator restarts the committee without a member who never registers (or who cheated),
 * or with someone else in their place. The committee contract has no cancel and init_committee
 * used up the package's UpgradeCap, so the abandoned committee stays on chain, unused, and the
 * same package is published again and a new committee created with the new roster (the usual
 * `publish` and `init-committee` transactions). Everything the old committee collected
 * (registrations, messages, members' bundle keys) is dropped; the abandoned committee is kept in
 * `previousCommittees`, and the new invitation names it so members' ceremonies follow
 * (restart-member.ts).
 */

export type RestartInput = z.infer<(typeof SEAL_ACTIONS)['restart-committee']>;

/** Why the committee cannot be restarted now, or null when it can. */
export function restartBlocker(s: CoordinatorState): CeremonyError | null {
  if (isRotation(s))
    return new CeremonyError(
      'seal/restart-rotation',
      'A key rotation cannot be restarted: start a new rotation of the key server with the right members instead.',
    );
  if (!s.committee.committeeId)
    return new CeremonyError(
      'seal/not-created',
      'There is no committee on chain yet: create it first (a restart replaces a committee that already exists).',
    );
  if (s.messageSet || s.keyServer || (s.chain && s.chain.phase !== 'Init'))
    return new CeremonyError(
      'seal/restart-too-late',
      'The message set is already exported: every member processes exactly that set, so the committee can no longer be restarted.',
    );
  return null;
}

/** The new roster: members left out, or replaced in their party place (a new address takes the old one's party id). */
function newRoster(members: readonly MemberEntry[], input: RestartInput): { members: MemberEntry[] } & RestartChange {
  const find = (a: string, what: string): MemberEntry => {
    const m = members.find((x) => x.address === addr(a));
    if (!m)
      throw new CeremonyError('seal/not-a-member', `${addr(a)} is not a member of this committee, so it cannot be ${what}.`, {
        address: addr(a),
      });
    return m;
  };
  if ('without' in input) {
    const removed = [...new Set(input.without.map(addr))].map((a) => find(a, 'left out'));
    return { members: members.filter((m) => !removed.includes(m)), removed, replaced: [] };
  }
  const replaced: RestartChange['replaced'] = [];
  const next = [...members];
  for (const r of input.replace) {
    const old = find(r.old, 'replaced');
    const address = addr(r.new);
    if (next.some((m) => m.address === address))
      throw new CeremonyError('seal/duplicate-member', `${address} is already in the committee; each member appears once.`, { address });
    const i = next.indexOf(old);
    const entry = { address, label: r.label?.trim() || defaultMemberLabel(i, address) };
    next[i] = entry;
    replaced.push({ old, new: entry });
  }
  return { members: next, removed: [], replaced };
}

/** "without Carol (party 2)" / "with Frank instead of Carol". */
export function restartWords(c: RestartChange): string {
  const parts: string[] = [];
  if (c.removed.length) parts.push(`without ${listNames(c.removed.map((m) => m.label))}`);
  for (const r of c.replaced) parts.push(`with ${r.new.label} instead of ${r.old.label}`);
  return parts.join(', ');
}

function packageDump(s: CoordinatorState, input: RestartInput): NonNullable<CoordinatorState['dump']> {
  if (input.bytecodeDump) {
    const d = parseBytecodeDump(input.bytecodeDump);
    return { modules: d.modules, dependencies: d.dependencies, digest: bytesToHex(d.digest), builtIn: false };
  }
  if (s.dump) return s.dump;
  if (networkConfig(s.committee.network).kind === 'rehearsal') {
    const d = rehearsalDump();
    return { modules: d.modules, dependencies: d.dependencies, digest: bytesToHex(d.digest), builtIn: true };
  }
  throw new CeremonyError(
    'seal/no-bytecode',
    "This ceremony no longer holds the committee package: choose the package file again (the JSON that `sui move build --dump-bytecode-as-base64` prints in seal's move/committee folder).",
  );
}

export async function restartCommittee(s: CoordinatorState, input: RestartInput, ctx: StepContext): Promise<StepResult<CoordinatorState>> {
  const blocker = restartBlocker(s);
  if (blocker) throw blocker;
  noPendingTx(s);
  const roster = newRoster(s.committee.members, input);
  const n = roster.members.length;
  if (n < 2)
    throw new CeremonyError(
      'seal/too-few-members',
      `The committee would have ${n} member${n === 1 ? '' : 's'}; a Seal committee needs at least 2.`,
    );
  const threshold = input.threshold ?? s.committee.threshold;
  if (threshold > n) {
    throw new CeremonyError(
      'seal/threshold-too-high',
      `The committee would have ${n} members, fewer than its threshold ${threshold}: give a new threshold between 2 and ${n}.`,
      { threshold, members: n },
    );
  }
  const dump = packageDump(s, input);
  const abandoned: AbandonedCommittee = {
    committeeId: s.committee.committeeId!,
    packageId: s.committee.packageId!,
    threshold: s.committee.threshold,
    members: s.committee.members,
    removed: roster.removed,
    replaced: roster.replaced,
    evidence: s.evidence ?? [],
    abandonedAt: ctx.now(),
  };
  const next: CoordinatorState = {
    ...s,
    committee: { ...s.committee, packageId: null, committeeId: null, threshold, members: roster.members },
    dump,
    upgradeCapId: null,
    dkgYaml: null,
    registrations: [],
    chain: null,
    lastTxError: null,
    // Party ids change with the roster: members' bundle keys are learnt again from their next bundle.
    bundleKeys: {},
    messages: [],
    messageSet: null,
    evidence: [],
    snapshotsSent: { registered: false, finalized: false },
    previousCommittees: [...(s.previousCommittees ?? []), abandoned],
  };
  return step(
    next,
    `Restarting the committee ${restartWords(roster)} (${threshold} of ${n}): committee ${shortId(abandoned.committeeId)} is abandoned; publish the package again (transaction 1 of 2)`,
  );
}

/** The invitation's `restart` part once the committee was restarted at least once. */
export function restartPayload(s: CoordinatorState): Pick<InvitationPayload, 'restart'> {
  const prev = s.previousCommittees ?? [];
  const last = prev.at(-1);
  if (!last) return {};
  return { restart: { previousCommitteeIds: prev.map((c) => c.committeeId), removed: last.removed, replaced: last.replaced } };
}
