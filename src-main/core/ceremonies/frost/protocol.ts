/**
 * The FROST protocol for the ceremony engine: wires create/join, the actions and the bundle
 * routing to the modules that implement them (dkg, signing, refresh, repair, contacts,
 * frost-client-toml) and to describe.
 */
import { viewFrost } from './view.ts';
import type { z } from 'zod';
import { BundleError } from '../../bundles/errors.ts';
import type { Bundle } from '../../bundles/format.ts';
import { CeremonyError } from '../../errors.ts';
import {
  defineActions,
  type CreateContext,
  type Created,
  type Protocol,
  type StepContext,
  type StepResult,
} from '../../engine/protocol.ts';
import { FROST_ACTIONS, FrostCreate } from '../../../../src-shared/ceremonies/frost.ts';
import { confirmCode, requireGroupCodeConfirmed } from './code-checks.ts';
import { acceptRecordSignature, RECORD_STEP, signGroupRecord } from './record.ts';
import { createContacts, importContact, removeContact } from './contacts.ts';
import { describeFrost } from './describe.ts';
import {
  acceptOtherInvitation,
  acceptRound1,
  acceptRound2,
  createDkg,
  finalizeDkg,
  joinFromInvitation,
  sendRound1,
  sendRound2,
} from './dkg.ts';
import { importFrostClientGroup } from './frost-client-toml.ts';
import { importFrostClientFile } from './frost-client-file.ts';
import {
  acceptRefreshDecline,
  acceptRefreshRequest,
  acceptRefreshRound1,
  acceptRefreshRound2,
  declineRefresh,
  finishRefresh,
  joinRefresh,
  refreshRound2,
  startRefresh,
} from './refresh.ts';
import {
  acceptDeltas,
  acceptHello,
  acceptRepairDecline,
  acceptRepairRequest,
  acceptSigma,
  acceptRestored,
  declineRepair,
  helpRepair,
  joinFromRepairRequest,
  rosterKey,
  startRepair,
} from './repair.ts';
import {
  acceptCommit,
  acceptDecline,
  acceptPackage,
  acceptRequest,
  acceptResult,
  acceptShare,
  approve,
  decline,
  requestSignature,
  signPackage,
  verifyAction,
} from './signing.ts';
import type { ContactsState, FrostState, GroupState } from './state.ts';
import {
  acceptOnline,
  approveOnline,
  cancelOnline,
  declineOnline,
  onlineSignJoin,
  onlineSignRequest,
  onlineStep,
} from './online/actions.ts';
import { createOnlineDkg, joinOnlineDkg } from './online/dkg.ts';
import { exportClientConfig } from './export-client.ts';
import type { FrostServices } from './online/services.ts';
import { recordFrostEvidence } from './evidence.ts';
import { parseDkgStep } from './dkg-attempt.ts';
import { discardSummary, DISCARD_SECRETS, leftOutMembers, restartDkg, routeDkgBundle, runDiscardSecrets } from './restart.ts';

/** Outside services a FROST ceremony may use: the frostd relay and the address book (online/services.ts). */
export type { FrostServices };

type Ctx = StepContext<FrostServices>;

function group(state: FrostState): GroupState {
  if (state.kind !== 'group')
    throw new CeremonyError('frost/wrong-kind', 'This is your FROST address book, not a group; this step belongs to a group.', {});
  return state;
}
function book(state: FrostState): ContactsState {
  if (state.kind !== 'contacts')
    throw new CeremonyError('frost/wrong-kind', 'Contacts are kept in your FROST address book, not in a group.', {});
  return state;
}

/**
 * A group about to be USED (a signing, a refresh, a repair): refused until its group key check
 * code was compared and matched (code-checks.ts).
 */
function usable(state: FrostState): GroupState {
  const s = group(state);
  requireGroupCodeConfirmed(s);
  return s;
}

type R = StepResult<FrostState>;
const g = (r: StepResult<GroupState>): R => r;

const actions = defineActions<FrostState, FrostServices, typeof FROST_ACTIONS>(FROST_ACTIONS, {
  round1: async (s, _i, ctx) => g(await sendRound1(group(s), ctx)),
  round2: async (s, _i, ctx) => g(await sendRound2(group(s), ctx)),
  finalize: async (s, _i, ctx) => g(await finalizeDkg(group(s), ctx)),
  'confirm-code': async (s, i, ctx) => g(await signGroupRecord(confirmCode(group(s), i, ctx), ctx)),
  'sign-request': async (s, i, ctx) => g(await requestSignature(usable(s), i, ctx)),
  'sign-approve': async (s, i, ctx) => g(await approve(usable(s), i, ctx)),
  'sign-decline': (s, i) => g(decline(group(s), i)),
  sign: async (s, i, ctx) => g(await signPackage(usable(s), i, ctx)),
  verify: (s, i, ctx) => g(verifyAction(group(s), i, ctx)),
  'refresh-start': async (s, i, ctx) => g(await startRefresh(usable(s), i, ctx)),
  'refresh-join': async (s, i, ctx) => g(await joinRefresh(usable(s), i, ctx)),
  'refresh-decline': (s, i) => g(declineRefresh(group(s), i)),
  'refresh-round2': async (s, i, ctx) => g(await refreshRound2(group(s), i, ctx)),
  'refresh-finalize': async (s, i, ctx) => g(await finishRefresh(group(s), i, ctx)),
  'repair-start': (s, i, ctx) => g(startRepair(usable(s), i, ctx)),
  'repair-help': async (s, i, ctx) => g(await helpRepair(usable(s), i, ctx)),
  'repair-decline': (s, i) => g(declineRepair(group(s), i)),
  'export-frost-client': async (s, i, ctx) => g(await exportClientConfig(group(s), i, ctx)),
  'contact-import': (s, i) => importContact(book(s), i) as R,
  'contact-remove': (s, i) => removeContact(book(s), i) as R,
  'online-step': async (s, _i, ctx) => g(await onlineStep(group(s), ctx)),
  'online-accept': async (s, i, ctx) => g(await acceptOnline(group(s), i, ctx)),
  'online-decline': async (s, i, ctx) => g(await declineOnline(group(s), i, ctx)),
  'online-approve': async (s, i, ctx) => g(await approveOnline(usable(s), i, ctx)),
  'online-cancel': async (s, i, ctx) => g(await cancelOnline(group(s), i, ctx)),
  'online-sign-request': async (s, i, ctx) => g(await onlineSignRequest(usable(s), i, ctx)),
  'online-sign-join': async (s, i, ctx) => g(await onlineSignJoin(usable(s), i, ctx)),
  'restart-dkg': (s, i, ctx) => g(restartDkg(group(s), i, ctx)),
});

const SESSION = '(p[1-9][0-9]{0,2}-[1-9][0-9]{0,5})';
const SIGN = new RegExp(`^sign\\.${SESSION}\\.(request|commit|decline|package|share|result)$`);
const REFRESH = new RegExp(`^refresh\\.${SESSION}\\.(request|round1|decline|round2)$`);
const REPAIR = new RegExp(`^repair\\.${SESSION}\\.(request|hello|deltas|decline|sigma|restored)$`);

async function accept(state: FrostState, bundle: Bundle, ctx: Ctx): Promise<R> {
  const s = state.kind === 'group' ? state : null;
  const step = bundle.header.step;
  if (!s)
    throw new BundleError('bundle/rejected-by-protocol', 'Your FROST address book takes no bundles; import this file into its group.');
  const dkg = parseDkgStep(step);
  if (dkg) {
    const routed = routeDkgBundle(s, bundle);
    if (routed) return routed;
    if (dkg.what === 'invite') return acceptOtherInvitation(s, bundle);
    if (dkg.what === 'round1') return acceptRound1(s, bundle);
    return acceptRound2(s, bundle, ctx);
  }
  if (step === RECORD_STEP) return acceptRecordSignature(s, bundle, ctx);
  let m = SIGN.exec(step);
  if (m) {
    const [, id, what] = m as unknown as [string, string, string];
    if (what === 'request') return acceptRequest(s, bundle, id);
    if (what === 'commit') return acceptCommit(s, bundle, id);
    if (what === 'decline') return acceptDecline(s, bundle, id);
    if (what === 'package') return acceptPackage(s, bundle, id);
    if (what === 'share') return acceptShare(s, bundle, id);
    return acceptResult(s, bundle, id);
  }
  m = REFRESH.exec(step);
  if (m) {
    const [, id, what] = m as unknown as [string, string, string];
    if (what === 'request') return acceptRefreshRequest(s, bundle, id);
    if (what === 'round1') return acceptRefreshRound1(s, bundle, id);
    if (what === 'decline') return acceptRefreshDecline(s, bundle, id);
    return acceptRefreshRound2(s, bundle, id, ctx);
  }
  m = REPAIR.exec(step);
  if (m) {
    const [, id, what] = m as unknown as [string, string, string];
    if (what === 'request') return acceptRepairRequest(s, bundle, id);
    if (what === 'hello') return acceptHello(s, bundle, id);
    if (what === 'deltas') return acceptDeltas(s, bundle, id, ctx);
    if (what === 'decline') return acceptRepairDecline(s, bundle, id);
    if (what === 'restored') return acceptRestored(s, bundle, id);
    return acceptSigma(s, bundle, id, ctx);
  }
  throw new BundleError(
    'bundle/rejected-by-protocol',
    `"${step}" is not a step of a FROST ceremony (this file may come from a newer app).`,
    { sender: bundle.header.sender.id },
  );
}

export const frostProtocol: Protocol<FrostState, FrostServices> = {
  name: 'frost',
  createInput: FrostCreate,

  async create(params: z.infer<typeof FrostCreate>, ctx: CreateContext<FrostServices>): Promise<Created<FrostState>> {
    if (params.mode === 'dkg') return createDkg(params, ctx, ctx.meta.rehearsal);
    if (params.mode === 'contacts') return createContacts(params, ctx);
    if (params.mode === 'online-dkg') return createOnlineDkg(params, ctx);
    if (params.mode === 'online-join') return joinOnlineDkg(params, ctx);
    if (params.mode === 'import-file') return importFrostClientFile(params, ctx);
    return importFrostClientGroup(params, ctx);
  },

  async join(file, _params, ctx) {
    const b = file.bundle;
    if (!b)
      throw new CeremonyError(
        'engine/not-an-invitation',
        `${file.name} is not a FROST invitation (for a frost-client credentials file: New ceremony, FROST, "Bring a group from frost-client", or \`ceremony frost import\`).`,
      );
    if (parseDkgStep(b.header.step)?.what === 'invite') return joinFromInvitation(b, ctx);
    const m = REPAIR.exec(b.header.step);
    if (m && m[2] === 'request') return joinFromRepairRequest(b, m[1]!, ctx);
    throw new CeremonyError(
      'engine/not-an-invitation',
      `${file.name} is a "${b.header.step}" bundle of a FROST ceremony, not an invitation; open the ceremony and import it there.`,
    );
  },

  actions,

  roster: (state) =>
    state.kind === 'group'
      ? [
          ...state.members.map((m) => ({ id: m.id, label: m.name, bundleKey: rosterKey(state, m.id, m.bundleKey) })),
          // Left out by a restart: kept so a late file of theirs is refused saying so.
          ...leftOutMembers(state).map((m) => ({ id: m.id, label: m.name, bundleKey: m.bundleKey })),
        ]
      : [],

  accept,
  refuseBundle: recordFrostEvidence,

  wireId: (state) => (state.kind === 'group' ? state.wireId : null),

  describe: describeFrost,
  view: viewFrost,

  // The only effect: deleting an abandoned DKG attempt's round secrets once the restart is committed (restart.ts).
  async runEffect(effect, _state, ctx) {
    if (effect.kind !== DISCARD_SECRETS) throw new CeremonyError('frost/unknown-effect', `Unknown FROST effect "${effect.kind}".`, {});
    return runDiscardSecrets(effect, ctx);
  },
  applyEffect: (state, effect) => ({ state, summary: discardSummary(effect) }),
};
