/**
 * Turns what the chain reports into sentences a committee member understands: the committee
 * contract's abort codes (committee.move §3.5 and key_server.move), the framework aborts it can
 * hit (invalid BLS points, duplicate members, missing key server), and the execution failures
 * around them. Each becomes a CeremonyError with a stable code (e.g. `chain-abort/ENotMember`),
 * one sentence saying what went wrong, and what to do next.
 */
import type { SuiClientTypes } from '@mysten/sui/client';
import { SimulationError } from '@mysten/sui/client';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { CeremonyError, isCeremonyError, listedCode } from '../../errors.ts';
import type { ErrorCode } from '../../../../src-shared/api/errors.ts';
import { errorText, explainNodeRefusal, parseFailureText } from './node-errors.ts';
import { COMMITTEE_MODULE, KEY_SERVER_MODULE, SUI_FRAMEWORK } from './type-names.ts';

/** What the caller was doing: the Move function called, or `publish`. */
export type CallKind =
  'publish' | 'init_committee' | 'init_rotation' | 'register' | 'propose' | 'propose_for_rotation' | 'update_member_url';

export const COMMITTEE_ABORT_NAMES = [
  'ENotMember',
  'EInvalidMembers',
  'EInvalidThreshold',
  'EInsufficientOldMembers',
  'EAlreadyRegistered',
  'ENotRegistered',
  'EAlreadyProposed',
  'EInvalidProposal',
  'EInvalidState',
  'ENameAlreadyTaken',
  'ENotAuthorized',
  'EInvalidPackageDigest',
  'ENoProposalForDigest',
  'ENotEnoughVotes',
  'EWrongVersion',
  'EWrongUpgradeCap',
] as const;

export const KEY_SERVER_ABORT_NAMES: Record<number, string> = {
  1: 'EInvalidKeyType',
  2: 'EInvalidVersion',
  3: 'EInvalidServerType',
  4: 'EInvalidThreshold',
  5: 'EInvalidPartyId',
  6: 'EDuplicateName',
};

type Explained = { code: ErrorCode; message: string };

function committeeAbort(name: string, call: CallKind | undefined): Explained {
  // Only names of COMMITTEE_ABORT_NAMES reach a case below with this code; they are all listed.
  const code = listedCode(name.startsWith('code ') ? 'chain-abort/unknown' : `chain-abort/${name}`);
  const rotation = call === 'init_rotation' || call === 'propose_for_rotation';
  switch (name) {
    case 'ENotMember':
      if (call === 'init_rotation') {
        return {
          code,
          message:
            "Only a member of the current committee can start a rotation, and this address is not one of them: switch to a current member's address, or ask a current member to start it.",
        };
      }
      return {
        code,
        message: `This address is not a member of the committee, so it cannot ${call === 'register' ? 'register' : call === 'update_member_url' ? 'change a server URL' : 'propose'}: use the address you gave the coordinator, or ask the coordinator to check the member list.`,
      };
    case 'EInvalidMembers':
      return {
        code,
        message:
          'The member list is not valid for a committee (too many members, or it does not match the registrations): check the member list with the coordinator.',
      };
    case 'EInvalidThreshold':
      return { code, message: 'The threshold must be at least 2 and at most the number of members: choose a threshold in that range.' };
    case 'EInsufficientOldMembers':
      return {
        code,
        message:
          'Too few members of the current committee stay in the new one: at least the current threshold must continue, so keep more current members.',
      };
    case 'EAlreadyRegistered':
      return {
        code,
        message:
          'This address has already registered for this committee, and a registration cannot be changed: nothing more to do here (if the registered keys were lost, the coordinator must start a new committee).',
      };
    case 'ENotRegistered':
      return {
        code,
        message: 'Not every member has registered yet, so no proposal can be made: wait until the dashboard shows all members registered.',
      };
    case 'EAlreadyProposed':
      return { code, message: 'This address has already proposed for this committee: nothing more to do, wait for the other members.' };
    case 'EInvalidProposal':
      return {
        code,
        message:
          'This proposal differs from what other members proposed (or does not list one partial key per member): everyone must process the same message set, so compare its check code with the coordinator before proposing again.',
      };
    case 'EInvalidState': {
      const why: Partial<Record<CallKind, string>> = {
        register: 'Registration is closed: the committee has already moved past registration, so nothing can be registered any more.',
        propose:
          'This committee is not waiting for a fresh-DKG proposal (it is a rotation committee, or already finalized): check the committee on the dashboard.',
        init_rotation: 'The current committee is not finalized yet, so it cannot be rotated: finish its ceremony first.',
        propose_for_rotation:
          'This rotation does not belong to the old committee given, or that old committee is not finalized: check the invitation (dkg.yaml) with the coordinator.',
        update_member_url: 'The committee is not in a state where server URLs can change.',
      };
      return {
        code,
        message: (call && why[call]) ?? 'The committee is not in the right phase for this step: check the committee on the dashboard.',
      };
    }
    case 'ENameAlreadyTaken':
      return { code, message: 'Another member already registered this server name: choose a different name and register again.' };
    case 'EWrongUpgradeCap':
      return {
        code,
        message:
          'The UpgradeCap given belongs to a different package than the committee package: use the UpgradeCap created when this package was published.',
      };
    case 'ENotAuthorized':
    case 'EInvalidPackageDigest':
    case 'ENoProposalForDigest':
    case 'ENotEnoughVotes':
    case 'EWrongVersion':
      return { code, message: `The committee refused a package-upgrade step (${name}).` };
    default:
      return {
        code: 'chain-abort/unknown',
        message: `The committee contract stopped the transaction (${rotation ? 'rotation' : 'ceremony'} step) with an unknown reason.`,
      };
  }
}

function keyServerAbort(abortCode: number): Explained {
  const name = KEY_SERVER_ABORT_NAMES[abortCode] ?? `code ${abortCode}`;
  const code = listedCode(`chain-abort/key_server/${KEY_SERVER_ABORT_NAMES[abortCode] ?? 'unknown'}`);
  const sentences: Record<string, string> = {
    EInvalidThreshold: 'The key server needs a threshold of at least 2 and no more than the number of members.',
    EInvalidPartyId: 'A partial key server has the wrong party id for its position.',
    EDuplicateName: 'Two members registered the same server name, so the key server cannot be created.',
    EInvalidVersion: 'The key server object is not a version-2 key server.',
    EInvalidServerType: 'The key server is not a committee key server.',
    EInvalidKeyType: 'The key server has an unsupported key type.',
  };
  return {
    code,
    message: `${sentences[name] ?? `The key server module refused the change (${name}).`} Tell the coordinator; the committee setup must be checked.`,
  };
}

function frameworkAbort(module: string, abortCode: number, call: CallKind | undefined): Explained | null {
  if (module === 'group_ops' && abortCode === 1) {
    return call === 'register'
      ? {
          code: 'chain-abort/InvalidPoint',
          message:
            'The DKG encryption key or signing key is not a valid BLS12-381 point (48-byte G1, 96-byte G2): generate the keys again with this app.',
        }
      : {
          code: 'chain-abort/InvalidPoint',
          message: 'A key in the proposal is not a valid BLS12-381 G2 point (96 bytes): process the messages again before proposing.',
        };
  }
  if (module === 'vec_set' && abortCode === 0) {
    return { code: 'chain-abort/DuplicateMember', message: 'The member list names the same address twice: list each member once.' };
  }
  if (module === 'dynamic_field' && abortCode === 1) {
    return call === 'update_member_url'
      ? {
          code: 'chain-abort/NotFinalized',
          message:
            'This committee has no key server yet (it is not finalized, or it was rotated away): server URLs can change only on the current, finalized committee.',
        }
      : {
          code: 'chain-abort/KeyServerMissing',
          message:
            'The old committee holds no key server any more: the rotation may already be finalized; check the committee on the dashboard.',
        };
  }
  if (module === 'dynamic_field' && abortCode === 0) {
    return { code: 'chain-abort/FieldExists', message: 'The committee already holds this object.' };
  }
  return null;
}

function failureDetails(error: SuiClientTypes.ExecutionError, call: CallKind | undefined): Record<string, string | number | null> {
  return { call: call ?? null, kind: error.$kind, command: error.command ?? null, chainMessage: error.message };
}

/** A failed transaction's execution error, in words. */
export function explainExecutionError(error: SuiClientTypes.ExecutionError, call?: CallKind): CeremonyError {
  // JSON-RPC without `abortError` (and some nodes) give the abort only as the node's text.
  if (error.$kind === 'Unknown') {
    const parsed = parseFailureText(error.message);
    if (parsed && parsed.$kind === 'MoveAbort') return explainExecutionError({ ...parsed, message: error.message }, call);
  }
  const details = failureDetails(error, call);
  if (error.$kind === 'MoveAbort') {
    const abort = error.MoveAbort;
    const module = abort.location?.module ?? '';
    const pkg = abort.location?.package ? normalizeSuiAddress(abort.location.package) : '';
    const abortCode = Number(abort.abortCode);
    const d = { ...details, module, abortCode, function: abort.location?.functionName ?? null };
    let explained: Explained | null = null;
    if (module === COMMITTEE_MODULE) {
      const name = COMMITTEE_ABORT_NAMES[abortCode];
      explained = committeeAbort(name ?? `code ${abortCode}`, call);
    } else if (module === KEY_SERVER_MODULE) {
      explained = keyServerAbort(abortCode);
    } else if (pkg === SUI_FRAMEWORK || pkg === '') {
      explained = frameworkAbort(module, abortCode, call);
    }
    if (explained) return new CeremonyError(explained.code, explained.message, d);
    return new CeremonyError(
      'chain-abort/unknown',
      `The transaction was stopped in ${module || 'a Move module'} with code ${abortCode}.`,
      d,
    );
  }
  const plain: Record<string, Explained> = {
    InputObjectDeleted: {
      code: 'chain/object-deleted',
      message:
        call === 'propose_for_rotation'
          ? 'The old committee no longer exists: the rotation has already been finalized, so there is nothing left to propose; check the committee on the dashboard.'
          : 'An object this transaction needs has been deleted: the committee has moved on; check it on the dashboard.',
    },
    InsufficientGas: {
      code: 'chain/insufficient-gas',
      message: 'The gas budget ran out before the transaction finished: prepare it again with a larger gas budget.',
    },
  };
  const failureName = (error.$kind === 'ObjectIdError' ? error.ObjectIdError.name : error.$kind === 'Unknown' ? error.message : '') ?? '';
  if (plain[failureName]) {
    const p = plain[failureName]!;
    return new CeremonyError(p.code, p.message, details);
  }
  if (error.$kind === 'CommandArgumentError') {
    return new CeremonyError(
      'chain/bad-argument',
      `The network refused argument ${error.CommandArgumentError.argument + 1} of the call (${error.CommandArgumentError.name}): the object or value given does not fit this committee package; check that the invitation (dkg.yaml) matches the committee.`,
      details,
    );
  }
  return new CeremonyError('chain/execution-failed', `The transaction failed on chain: ${error.message}.`, details);
}

/**
 * Any error from preparing or submitting a transaction, in words: aborts found while estimating
 * gas (structured, or only in the node's text), refusals before execution, a silent node,
 * CeremonyErrors (passed through), and anything else the network said.
 */
export function explainChainError(
  e: unknown,
  call?: CallKind,
  stage: 'prepare' | 'submit' = 'submit',
  label = 'The network',
): CeremonyError {
  if (isCeremonyError(e)) return e;
  if (e instanceof SimulationError && e.executionError) {
    const failure = e.executionError;
    // A publish whose dependencies do not resolve fails as an execution error too: say why.
    if (call === 'publish') {
      const refusal = explainNodeRefusal(new Error(failure.message), call, stage, label);
      if (refusal) return refusal;
    }
    return explainExecutionError(failure, call);
  }
  const parsed = parseFailureText(errorText(e));
  if (parsed && !(call === 'publish' && parsed.$kind !== 'MoveAbort')) return explainExecutionError(parsed, call);
  const refusal = explainNodeRefusal(e, call, stage, label);
  if (refusal) return refusal;
  const message = errorText(e);
  return new CeremonyError('chain/rejected', `The network refused the transaction: ${message}`, { call: call ?? null, stage });
}
