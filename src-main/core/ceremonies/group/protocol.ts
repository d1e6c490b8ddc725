/**
 * The quorum-run Ed25519 group (trust-server style) as an engine protocol. One ceremony folder
 * per operator holds the whole life of the group on that machine: genesis (genesis-steps.ts),
 * then any number of joins (join-steps.ts), and exports for the trust-server (export.ts).
 *
 * Bundles travel on a USB stick (air-gapped operators) or through an exchange folder every
 * operator can reach (online: each outgoing file is dropped there, and importing the folder
 * picks up the others'). Join requests are signed .json files, not bundles.
 */
import { viewGroup } from './view.ts';
import { CeremonyError } from '../../errors.ts';
import type { Bundle } from '../../bundles/format.ts';
import {
  defineActions,
  type CeremonyMeta,
  type CreateContext,
  type Protocol,
  type RosterEntry,
  type StepContext,
  type StepResult,
} from '../../engine/protocol.ts';
import { GROUP_ACTIONS, GroupCreateInput, GroupJoinInput } from '../../../../src-shared/ceremonies/group.ts';
import { findMember } from '../../crypto/group/group-public.ts';
import { describeGroup } from './describe.ts';
import { applyGroupEffect, exportEffect, runGroupEffect } from './export.ts';
import { acceptGenesis, confirmRoster, createGenesis, finalizeGenesis, joinGenesis, sendShares } from './genesis-steps.ts';
import {
  acceptJoinBundle,
  acceptJoinRequestFile,
  approve,
  contribute,
  finalizeAsNewcomer,
  joinAsNewcomer,
  refuse,
  requestJoin,
} from './join-steps.ts';
import { parseJoinStep } from './payloads.ts';
import type { GroupCeremonyState } from './state.ts';

const GENESIS_STEPS = ['invite', 'register', 'round1', 'round2', 'final', 'record'];

function roster(s: GroupCeremonyState): RosterEntry[] {
  const out = new Map<string, RosterEntry>();
  if (s.genesis)
    for (const m of s.genesis.planned) out.set(m, { id: m, label: m, bundleKey: m === s.me ? null : (s.genesis.bundleKeys[m] ?? null) });
  for (const m of s.group?.members ?? []) out.set(m.moniker, { id: m.moniker, label: m.moniker, bundleKey: m.bundleKey });
  for (const j of s.joins) {
    const r = j.signed.request;
    if (!out.has(r.moniker) && j.status !== 'refused') out.set(r.moniker, { id: r.moniker, label: r.moniker, bundleKey: r.bundleKey });
  }
  return [...out.values()];
}

export const groupProtocol: Protocol<GroupCeremonyState> = {
  name: 'group',
  createInput: GroupCreateInput,

  async create(params: never, ctx: CreateContext) {
    const p = params as unknown as ReturnType<typeof GroupCreateInput.parse>;
    return createGenesis(
      { moniker: p.moniker, members: p.members, threshold: p.threshold, url: p.url ?? null, exchangeFolder: p.exchangeFolder ?? null },
      ctx,
    );
  },

  async join(file, params, ctx) {
    const bundle = file.bundle;
    const kind = bundle ? (bundle.header.step === 'invite' ? 'invite' : parseJoinStep(bundle.header.step)?.kind) : undefined;
    if (!bundle || (kind !== 'invite' && kind !== 'group-info'))
      throw new CeremonyError('engine/not-an-invitation', `${file.name} is neither a group invitation nor a group information file.`, {});
    const parsed = GroupJoinInput.safeParse(params);
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      throw new CeremonyError('api/invalid-input', `${i?.path.join('.') || 'input'}: ${i?.message ?? 'invalid'}`);
    }
    const p = { moniker: parsed.data.moniker, url: parsed.data.url ?? null, exchangeFolder: parsed.data.exchangeFolder ?? null };
    return kind === 'invite' ? joinGenesis(bundle, p, ctx) : joinAsNewcomer(bundle, p, ctx);
  },

  actions: defineActions<GroupCeremonyState, unknown, typeof GROUP_ACTIONS>(GROUP_ACTIONS, {
    'confirm-roster': (s, i, ctx) => confirmRoster(s, i, ctx),
    'send-shares': (s, _i, ctx) => sendShares(s, ctx),
    finalize: (s, _i, ctx) => finalizeGenesis(s, ctx),
    'request-join': (s, i, ctx) => requestJoin(s, i, ctx),
    'approve-join': (s, i, ctx) => approve(s, i, ctx),
    'refuse-join': (s, i) => refuse(s, i),
    'send-contribution': (s, i, ctx) => contribute(s, i, ctx),
    'finalize-join': (s, _i, ctx) => finalizeAsNewcomer(s, ctx),
    'export-trust-server': (s, i) => {
      const effect = exportEffect(s, i);
      if (i.includePrivate && !findMember(s.group!, s.me))
        throw new CeremonyError('group/no-share', 'You hold no share of this group yet, so there is no private.sss to export.', {});
      return {
        state: s,
        summary: `Export to ${i.folder} requested${i.includePrivate ? ' (including private.sss)' : ''}`,
        effects: [effect],
      };
    },
  }),

  roster,

  async accept(s: GroupCeremonyState, bundle: Bundle, ctx: StepContext): Promise<StepResult<GroupCeremonyState>> {
    const genesis = s.genesis ? await acceptGenesis(s, bundle, ctx) : null;
    if (genesis) return genesis;
    const step = parseJoinStep(bundle.header.step);
    // A newcomer picking up a shared folder meets the files of genesis and of earlier joins:
    // they are part of the group's history, not something to act on.
    const history =
      GENESIS_STEPS.includes(bundle.header.step) ||
      (step &&
        step.kind !== 'group-info' &&
        s.group &&
        step.epoch <= s.group.epoch &&
        !s.joins.some((j) => j.epoch === step.epoch && j.status !== 'refused'));
    if (history)
      return {
        state: s,
        summary: `${bundle.header.sender.id}'s "${bundle.header.step}" file is from before you joined; nothing to do`,
      };
    if (step) return acceptJoinBundle(s, bundle, step.kind, step.epoch, ctx);
    throw new CeremonyError('bundle/wrong-phase', `A "${bundle.header.step}" bundle is not part of this group ceremony.`, {});
  },

  acceptFile: (s, file, ctx) => acceptJoinRequestFile(s, file, ctx),

  describe: (s: GroupCeremonyState, meta: CeremonyMeta) => describeGroup(s, meta),
  view: viewGroup,

  runEffect: (effect, s, ctx) => runGroupEffect(effect, s, ctx),
  applyEffect: (s, effect, result) => applyGroupEffect(s, effect, result),
};
