import { CeremonyError } from '../../errors.ts';
import { viewSeal } from './view.ts';
import type { Json } from '../../encoding/canonical-json.ts';
import { defineActions, type Protocol, type RosterEntry } from '../../engine/protocol.ts';
import { z } from 'zod';
import {
  isSealRotationParams,
  SEAL_ACTIONS,
  SealCreateParams,
  sealParticipantId,
  SealRotationCreateParams,
} from '../../../../src-shared/ceremonies/seal.ts';
import { acceptSeal, acceptSealFile } from './accept.ts';
import { confirmCode } from './code-checks.ts';
import {
  afterCoordinatorTx,
  createCoordinator,
  exportMessageSet,
  exportMessagesFolder,
  initCommittee,
  publish,
  refreshCoordinator,
} from './coordinator.ts';
import { describeSeal } from './describe.ts';
import { joinSeal } from './join.ts';
import {
  afterMemberTx,
  cleanup,
  copyShare,
  createMessage,
  exportShareFile,
  generateKeys,
  initState,
  noteShareBackup,
  onlineSignature,
  processSet,
  propose,
  refreshMember,
  register,
  sendSignature,
} from './member.ts';
import { clearMessageFiles, recordRefusedFile } from './message-files.ts';
import { copyApiKey, exportAggregatorConfig, sendApiCredentials } from './credentials.ts';
import { exportKeyServerPackage } from './key-server-package.ts';
import { importOldShare } from './old-share.ts';
import { step } from './phases.ts';
import { createRotationCoordinator, initRotation } from './rotation-coordinator.ts';
import { recordEvidence, recordImportEvidence } from './evidence.ts';
import { restartCommittee } from './restart.ts';
import { adoptsRestart } from './restart-member.ts';
import { afterRelayTx, prepareRelayed, refreshRelay } from './relay.ts';
import type { SealServices } from './services.ts';
import { isCoordinator, isMember, isRelay, type SealState } from './state.ts';
import { checkSignature, foldSubmit, requirePending, runSubmit, submitStep, SUBMIT_EFFECT, type SubmitOutcome } from './transactions.ts';
import { wireIdOf } from './values.ts';
import { withCoordinatorRecord } from './record.ts';

/**
 * The Seal committee ceremony as an engine protocol (see README.md in this folder for roles,
 * phases, actions, bundles, artifacts and effects).
 */

function only<R extends SealState['role']>(role: R, what: string, s: SealState): Extract<SealState, { role: R }> {
  if (s.role !== role) {
    throw new CeremonyError('seal/wrong-role', `"${what}" is a step of the ${role}; this install is the ${s.role} of this ceremony.`, {
      role: s.role,
    });
  }
  return s as Extract<SealState, { role: R }>;
}

const actions = defineActions<SealState, SealServices, typeof SEAL_ACTIONS>(SEAL_ACTIONS, {
  refresh: async (s, _i, ctx) =>
    isCoordinator(s)
      ? withCoordinatorRecord(s, await refreshCoordinator(s, ctx), ctx)
      : isMember(s)
        ? refreshMember(s, ctx)
        : refreshRelay(s as never, ctx),
  'submit-signature': async (s, input) => {
    const pending = requirePending(s);
    if (pending.status !== 'unsigned') throw new CeremonyError('seal/already-signed', 'This transaction is already signed and on its way.');
    if (isMember(s) && s.airGapped) return sendSignature(s, input.signature);
    const signature = await checkSignature(pending, input.signature);
    if (isMember(s)) return onlineSignature(s, signature);
    const { state, effect } = submitStep(s, pending, signature);
    return step(state, `Signature for "${pending.purpose}" checked; submitting`, { effects: [effect] });
  },
  'cancel-transaction': async (s) => {
    const pending = requirePending(s);
    if (pending.status === 'submitting')
      throw new CeremonyError('seal/submitting', 'This transaction is being submitted; wait for the result.');
    return step({ ...s, pending: null } as SealState, `Discarded the ${pending.purpose} transaction ${pending.digest}`);
  },
  publish: (s, _i, ctx) => publish(only('coordinator', 'publish', s), ctx),
  'init-committee': (s, _i, ctx) => initCommittee(only('coordinator', 'init-committee', s), ctx),
  'init-rotation': (s, _i, ctx) => initRotation(only('coordinator', 'init-rotation', s), ctx),
  'import-old-share': (s, input, ctx) => importOldShare(only('member', 'import-old-share', s), input, ctx),
  'init-state': (s, _i, ctx) => initState(only('member', 'init-state', s), ctx),
  'restart-committee': (s, input, ctx) => restartCommittee(only('coordinator', 'restart-committee', s), input, ctx),
  'export-message-set': (s, _i, ctx) => exportMessageSet(only('coordinator', 'export-message-set', s), ctx),
  'export-messages-folder': (s, input, ctx) => exportMessagesFolder(only('coordinator', 'export-messages-folder', s), input, ctx),
  'generate-keys': (s, input, ctx) => generateKeys(only('member', 'generate-keys', s), input, ctx),
  'confirm-code': (s, input, ctx) => Promise.resolve(confirmCode(only('member', 'confirm-code', s), input, ctx)),
  register: (s, _i, ctx) => register(only('member', 'register', s), ctx),
  'create-message': (s, _i, ctx) => createMessage(only('member', 'create-message', s), ctx),
  process: (s, _i, ctx) => processSet(only('member', 'process', s), ctx),
  propose: (s, _i, ctx) => propose(only('member', 'propose', s), ctx),
  'clear-message-files': (s) => Promise.resolve(clearMessageFiles(only('member', 'clear-message-files', s))),
  'export-share-file': (s, input, ctx) => exportShareFile(only('member', 'export-share-file', s), input, ctx),
  'copy-share': (s, _i, ctx) => copyShare(only('member', 'copy-share', s), ctx),
  'export-key-server-package': (s, input, ctx) => exportKeyServerPackage(only('member', 'export-key-server-package', s), input, ctx),
  'note-share-backup': (s, input, ctx) => noteShareBackup(only('member', 'note-share-backup', s), input, ctx),
  'send-api-credentials': (s, input, ctx) => sendApiCredentials(only('member', 'send-api-credentials', s), input, ctx),
  'copy-api-key': (s, _i, ctx) => copyApiKey(only('member', 'copy-api-key', s), ctx),
  'export-aggregator-config': (s, input, ctx) => exportAggregatorConfig(only('coordinator', 'export-aggregator-config', s), input, ctx),
  cleanup: (s, _i, ctx) => cleanup(only('member', 'cleanup', s), ctx),
  'prepare-transaction': (s, input, ctx) => {
    const r = only('relay', 'prepare-transaction', s);
    const purpose = input.purpose ?? (r.requests.register && !r.done.register ? 'register' : 'propose');
    return prepareRelayed(r, { purpose }, ctx);
  },
});

function roster(s: SealState): RosterEntry[] {
  const key = (id: string) => s.bundleKeys[id] ?? null;
  const coordinator = { id: sealParticipantId.coordinator, label: 'Coordinator', bundleKey: key(sealParticipantId.coordinator) };
  if (isCoordinator(s))
    return s.committee.members.map((m, i) => ({
      id: sealParticipantId.member(i),
      label: m.label,
      bundleKey: key(sealParticipantId.member(i)),
    }));
  if (isMember(s)) {
    const relay = sealParticipantId.relay(s.partyId);
    return [coordinator, { id: relay, label: `Relay for ${s.committee.members[s.partyId]!.label}`, bundleKey: key(relay) }];
  }
  const member = sealParticipantId.member(s.partyId);
  return [coordinator, { id: member, label: s.committee.members[s.partyId]!.label, bundleKey: key(member) }];
}

/**
 * `ceremonies.create` params: a fresh committee (SealCreateParams) or, when they name a key
 * server (`keyServerObjId`), a key rotation (SealRotationCreateParams). Each is checked by its
 * own schema, so errors name the right field.
 */
const SealAnyCreateParams = z.unknown().transform((v, ctx) => {
  const r = (isSealRotationParams(v) ? SealRotationCreateParams : SealCreateParams).safeParse(v);
  if (r.success) return r.data as SealCreateParams | SealRotationCreateParams;
  for (const i of r.error.issues) ctx.addIssue({ code: 'custom', message: i.message, path: i.path as (string | number)[] });
  return z.NEVER;
});

export const sealProtocol: Protocol<SealState, SealServices> = {
  name: 'seal',
  createInput: SealAnyCreateParams,
  create: (params: SealCreateParams | SealRotationCreateParams, ctx) =>
    'keyServerObjId' in params ? createRotationCoordinator(params, ctx) : createCoordinator(params, ctx),
  join: (file, params, ctx) => joinSeal(file, params, ctx),
  actions,
  roster,
  accept: acceptSeal,
  acceptFile: acceptSealFile,
  refuseFile: (s, file, error, ctx) =>
    s.role === 'coordinator' ? recordImportEvidence(s, file, error, ctx) : recordRefusedFile(s, file, error, ctx),
  refuseAction: recordEvidence,
  wireId: (s) => (s.committee.committeeId ? wireIdOf(s.committee.committeeId) : null),
  adopts: adoptsRestart,
  describe: describeSeal,
  view: viewSeal,
  async runEffect(effect, state, ctx) {
    if (effect.kind !== SUBMIT_EFFECT) throw new Error(`unknown Seal effect ${effect.kind}`);
    return runSubmit(effect, state, ctx);
  },
  applyEffect(state, effect, result: Json) {
    const outcome = result as SubmitOutcome;
    const folded = foldSubmit(state, effect, outcome);
    if (!folded.ok || !folded.result) return step(folded.state, folded.summary);
    const purpose = (effect.args as { purpose: string }).purpose;
    const s = folded.state;
    if (isCoordinator(s)) return afterCoordinatorTx(s, purpose, folded.result, folded.summary);
    if (isMember(s)) return afterMemberTx(s, purpose, folded.summary);
    if (isRelay(s)) return afterRelayTx(s, purpose, folded.summary);
    return step(s, folded.summary);
  },
};
