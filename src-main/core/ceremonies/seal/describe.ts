import type { CeremonyMeta, Description } from '../../engine/protocol.ts';
import type { Fact, NextAction, ParticipantView } from '../../../../src-shared/api/ceremonies.ts';
import {
  SEAL_FACTS,
  SEAL_TAGS,
  SEAL_TX_TITLES as PURPOSE_TITLE,
  sealParticipantId,
  sealShareSecretId,
} from '../../../../src-shared/ceremonies/seal.ts';
import { handsOverBeforeFinalization } from './view-steps.ts';
import { keyServerPlan } from './member-files.ts';
import type { CoordinatorState, MemberState, PendingTx, RelayState, SealState } from './state.ts';
import {
  isJoining,
  leavingParticipants,
  memberRotationFacts,
  retiredFacts,
  retiredHeadline,
  rotationFacts,
  rotationTag,
} from './describe-rotation.ts';
import { codeStatus, type CodeStatus } from './code-checks.ts';
import { invitationNames, restartFacts, restartSentence } from './describe-restart.ts';
import { expectedMessageCount, isRotation, rotationOf } from './rotation.ts';
import { allRegistered, committeeCheckCode, hex0x, listNames, messagesHashCheckCode, partyName, registrationsCheckCode } from './values.ts';

/**
 * What people see: one headline saying what happens next (and whom we wait for), the roster with
 * registered / message / proposed per member, the next actions (confirmation sentences on the
 * irreversible ones), and the public facts — REHEARSAL first when it is one.
 */

const fact = (label: string, value: string, mono = false): Fact => ({ label, value, mono });
const act = (action: string, label: string, description: string, opts: { confirm?: string; primary?: boolean } = {}): NextAction => ({
  action,
  label,
  description,
  confirm: opts.confirm ?? null,
  primary: opts.primary ?? false,
});

const CONFIRM_REGISTER =
  'Registering is final: the committee accepts one registration per member, with this key server URL and name. Register now?';
const CONFIRM_CLEANUP =
  'This deletes your DKG keys from the vault. Do it once your key server runs with its share (the share stays in the vault). Delete them now?';

function missingNames(s: SealState, has: (partyId: number) => boolean): string[] {
  return s.committee.members
    .map((_, i) => i)
    .filter((i) => !has(i))
    .map((i) => partyName(s, i));
}

/**
 * "Waiting for Alice and Bob to propose". `none` is what is being waited for once nobody is
 * missing (every member did it, but the step it leads to has not been seen yet): a caller must
 * say it, so no sentence ever reads "Waiting for  to propose".
 */
function waitingFor(names: string[], what: string, none: string, capital = true): string {
  const w = capital ? 'Waiting' : 'waiting';
  if (!names.length) return `${w} for ${none}`;
  if (names.length > 3) return `${w} for ${names.length} members to ${what} (${names.slice(0, 3).join(', ')}, …)`;
  return `${w} for ${listNames(names)} to ${what}`;
}

/** All registrations are in, but the chain read that shows them (and moves on) has not happened yet. */
const NONE_REGISTER = 'the chain to show every registration (check the chain)';
/** Every member proposed: the last proposal finalizes the committee; its key server has not been read yet. */
const NONE_PROPOSE = 'the chain to show the committee finalized, since every member has proposed (check the chain)';

function commonFacts(s: SealState, meta: CeremonyMeta): Fact[] {
  const c = s.committee;
  const out: Fact[] = [];
  if (meta.rehearsal)
    out.push(fact(SEAL_FACTS.rehearsal, 'This is a REHEARSAL on a local ledger: nothing made here is valid on any Sui network.'));
  out.push(fact(SEAL_FACTS.network, c.networkLabel));
  out.push(fact(SEAL_FACTS.threshold, `${c.threshold} of ${c.members.length} members`));
  if (c.committeeId) {
    out.push(fact(SEAL_FACTS.committeeId, c.committeeId, true));
    out.push(fact(SEAL_FACTS.committeePackage, c.packageId!, true));
    out.push(fact(SEAL_FACTS.committeeCheckCode, committeeCheckCode(c)));
  }
  out.push(fact(SEAL_FACTS.coordinatorAddress, c.coordinatorAddress, true));
  out.push(...rotationFacts(s), ...retiredFacts(s), ...restartFacts(s));
  if (allRegistered(s)) out.push(fact(SEAL_FACTS.registrationsCheckCode, registrationsCheckCode(s.registrations)));
  if (s.chain)
    out.push(
      fact(SEAL_FACTS.lastChainChange, `${s.chain.observedAt} (committee ${s.chain.phase}, object version ${s.chain.objectVersion})`),
    );
  return out;
}

function txFacts(p: PendingTx | null, s: SealState): Fact[] {
  const out: Fact[] = [];
  if (p) {
    const where =
      p.status === 'submitting' ? ' (submitting)' : p.status === 'signed' ? ' (signed, waiting for the relay to submit it)' : '';
    out.push(fact(SEAL_FACTS.pendingTx, `${PURPOSE_TITLE[p.purpose]}${where}`));
    out.push(fact(SEAL_FACTS.pendingTxFile, `tx-${p.purpose}.json`, true));
    out.push(fact(SEAL_FACTS.pendingTxDigest, p.digest, true));
    out.push(fact(SEAL_FACTS.pendingTxSender, p.sender, true));
  }
  if (s.lastTxError) out.push(fact(SEAL_FACTS.lastTxError, `${PURPOSE_TITLE[s.lastTxError.purpose]}: ${s.lastTxError.message}`));
  return out;
}

function keyServerFacts(s: SealState): Fact[] {
  const ks = s.keyServer;
  if (!ks) return [];
  return [
    fact(SEAL_FACTS.keyServerObjId, ks.id, true),
    fact(SEAL_FACTS.keyServerPk, hex0x(ks.pk), true),
    fact(SEAL_FACTS.committeeVersion, String(ks.version)),
    ...ks.partials.map((p) =>
      fact(SEAL_FACTS.partialKeyServer(p.partyId), `${p.name} at ${p.url}; partial key ${hex0x(p.partialPk)}`, true),
    ),
  ];
}

function pendingActions(p: PendingTx, s: SealState, relayOffline: boolean): NextAction[] {
  if (p.status === 'submitting') return [];
  if (p.status === 'signed') {
    return [
      act(
        'cancel-transaction',
        'Discard this transaction',
        'Only if the relay reports that it failed: the relay then prepares a new attempt.',
      ),
    ];
  }
  const out: NextAction[] = [];
  if (relayOffline) {
    out.push(
      act(
        'submit-signature',
        'Sign here instead',
        `Only if ${partyName(s, (s as RelayState).partyId)}'s Sui key is on this machine: sign and submit directly.`,
      ),
    );
  } else {
    out.push(
      act(
        'submit-signature',
        'Sign and submit',
        `Sign "${PURPOSE_TITLE[p.purpose]}" (digest ${p.digest}) with the wallet, or sign tx-${p.purpose}.json elsewhere (sui keytool sign --address ${p.sender} --data <txBytes>) and import the signature.`,
        { primary: true },
      ),
    );
  }
  out.push(
    act(
      'cancel-transaction',
      'Discard this transaction',
      'Forget it without submitting, to prepare the step again (for example after the gas coin changed).',
    ),
  );
  return out;
}

// --- coordinator -------------------------------------------------------------------------------

function describeCoordinator(s: CoordinatorState, meta: CeremonyMeta): Description {
  const c = s.committee;
  const n = c.members.length;
  const next: NextAction[] = [];
  let headline: string;
  const regs = (i: number) => s.registrations.some((r) => r.partyId === i);
  const msg = (i: number) => s.messages.some((m) => m.partyId === i);
  const approved = (i: number) => s.chain?.approvals.includes(c.members[i]!.address) ?? false;
  if (s.pending) {
    headline =
      s.pending.status === 'submitting'
        ? `Submitting: ${PURPOSE_TITLE[s.pending.purpose]}`
        : `Sign the transaction: ${PURPOSE_TITLE[s.pending.purpose]}`;
    next.push(...pendingActions(s.pending, s, false));
  } else if (isRotation(s) && !c.committeeId) {
    const rot = rotationOf(s)!;
    headline = `Start the rotation of key server ${rot.keyServerId.slice(0, 10)}… (version ${rot.fromVersion} → ${rot.toVersion}): send init_rotation from ${c.coordinatorAddress.slice(0, 10)}…, a current member, which needs gas.`;
    next.push(
      act(
        'init-rotation',
        'Start the rotation',
        `Prepare init_rotation with threshold ${c.threshold} and the ${n} members; you sign it next.`,
        { primary: true },
      ),
    );
  } else if (!c.packageId) {
    headline = `${restartSentence(s) ? `${restartSentence(s)} Publish the committee package again` : 'Publish the committee package'} (transaction 1 of 2) from ${c.coordinatorAddress.slice(0, 10)}…, which needs gas`;
    next.push(
      act('publish', 'Publish the package', 'Prepare the transaction that publishes the committee package; you sign it next.', {
        primary: true,
      }),
    );
  } else if (!c.committeeId) {
    headline = 'Create the committee (transaction 2 of 2)';
    next.push(
      act(
        'init-committee',
        'Create the committee',
        `Prepare init_committee with threshold ${c.threshold} and the ${n} members; you sign it next.`,
        { primary: true },
      ),
    );
  } else if (!allRegistered(s)) {
    const missing = missingNames(s, regs);
    headline =
      restartSentence(s) && !s.registrations.length
        ? `${restartSentence(s)} Send the new invitation (bundle or dkg.yaml) to ${invitationNames(s)}: each imports it, compares the new committee check code and registers again.`
        : `${waitingFor(missing, 'register', NONE_REGISTER)} (${s.registrations.length} of ${n} registered). Send the invitation (bundle or dkg.yaml) to every member.`;
    next.push(act('refresh', 'Check the chain', 'Read the registrations from the committee object.', { primary: true }));
  } else if (!s.messageSet) {
    const needed = expectedMessageCount(s) ?? n;
    const missing = isRotation(s)
      ? s.messages.length >= needed
        ? []
        : missingNames(s, (i) => msg(i) || isJoining(s, i))
      : missingNames(s, msg);
    headline = !missing.length
      ? 'All messages are in: export the message set and send it to every member.'
      : isRotation(s)
        ? `Everyone is registered: tell the continuing members to create their DKG messages (the new members deal nothing). ${needed - s.messages.length} more of ${needed} needed, from ${listNames(missing)}; import them as they arrive.`
        : `Everyone is registered: tell members to create their DKG messages. ${waitingFor(missing, 'send their message', 'the message set to be exported')} (${s.messages.length} of ${n}); import them as they arrive.`;
    if (!missing.length) {
      next.push(
        act(
          'export-message-set',
          'Export the message set',
          'Freeze the messages into the one set every member processes, with its messages_hash check code.',
          {
            primary: true,
            confirm: 'Every member will process exactly this set, and it cannot be changed afterwards. Export it now?',
          },
        ),
      );
    }
  } else if (!s.keyServer) {
    const missing = missingNames(s, approved);
    headline = missing.length
      ? `Message set sent (messages_hash check code ${s.messageSet.checkCode}): tell members to process it and propose. ${waitingFor(missing, 'propose', NONE_PROPOSE)}.`
      : `Message set sent (messages_hash check code ${s.messageSet.checkCode}). ${waitingFor(missing, 'propose', NONE_PROPOSE)}.`;
    next.push(act('refresh', 'Check the chain', 'Read the proposals from the committee object.', { primary: true }));
  } else {
    const missingCreds = missingNames(s, (i) => s.credentials.some((x) => x.partyId === i));
    headline = missingCreds.length
      ? `Finalized: KEY_SERVER_OBJ_ID ${s.keyServer.id}. Send it to every member; ${waitingFor(missingCreds, 'send their API credentials', 'their API credentials', false)} for the aggregator.`
      : `Finalized: KEY_SERVER_OBJ_ID ${s.keyServer.id}. The aggregator config is complete; write it and give it to the aggregator operator.`;
    if (s.credentials.length)
      next.push(
        act(
          'export-aggregator-config',
          'Write aggregator-config.yaml',
          "SECRET: writes the aggregator config with the members' API keys (mode 0600) to a file you confirm. Give it only to the aggregator operator.",
          {
            primary: !missingCreds.length,
            confirm:
              "The file holds the members' API keys in plain text; anyone who reads it can query their key servers as the aggregator. Write it?",
          },
        ),
      );
  }
  if (s.messages.length && !s.keyServer) {
    next.push(
      act(
        'export-messages-folder',
        'Write message files to a folder',
        'Write every message_<P>.json into a folder (a dkg-messages folder for seal-committee-cli users).',
      ),
    );
  }
  const enough = s.messages.length >= (expectedMessageCount(s) ?? n);
  const participants: ParticipantView[] = c.members.map((m, i) => {
    const rt = rotationTag(s, i);
    const joining = isJoining(s, i);
    const tags: string[] = [
      SEAL_TAGS.member,
      ...rt.tags,
      ...(regs(i) ? [SEAL_TAGS.registered] : []),
      ...(msg(i) ? [SEAL_TAGS.messageReceived] : []),
      ...(approved(i) ? [SEAL_TAGS.proposed] : []),
    ];
    if (s.credentials.some((x) => x.partyId === i)) tags.push(SEAL_TAGS.credentials);
    const entry = s.messages.find((x) => x.partyId === i);
    const noMessage = joining ? 'deals nothing' : enough ? 'message not needed' : 'no message yet';
    const status = [
      rt.status,
      !regs(i)
        ? 'Not registered yet'
        : [
            'Registered',
            entry ? `message received ${entry.receivedAt.slice(11, 16)}` : allRegistered(s) ? noMessage : null,
            approved(i) ? 'proposed' : s.messageSet && !s.keyServer ? 'not proposed yet' : null,
          ]
            .filter(Boolean)
            .join(' · '),
    ]
      .filter(Boolean)
      .join(' · ');
    const done = s.keyServer ? true : s.messageSet ? approved(i) : allRegistered(s) ? msg(i) || joining || enough : regs(i);
    return {
      id: sealParticipantId.member(i),
      label: m.label,
      tags,
      state: done ? 'done' : 'waiting',
      status,
      checkCode: entry?.checkCode ?? null,
    };
  });
  participants.push(...leavingParticipants(s));
  const facts = [fact(SEAL_FACTS.role, 'Coordinator'), ...commonFacts(s, meta), ...txFacts(s.pending, s)];
  if (c.committeeId && allRegistered(s)) facts.push(fact('Messages received', `${s.messages.length} of ${expectedMessageCount(s) ?? n}`));
  if (s.messageSet) {
    facts.push(fact(SEAL_FACTS.messagesHashCheckCode, s.messageSet.checkCode));
    facts.push(fact(SEAL_FACTS.messagesHash, hex0x(s.messageSet.messagesHash), true));
  }
  facts.push(...keyServerFacts(s));
  if (s.keyServer) facts.push(fact(SEAL_FACTS.credentials, `${s.credentials.length} of ${n}`));
  return { headline, participants, next, facts };
}

// --- member -----------------------------------------------------------------------------------

/** Before register / propose: compare and choose "Codes match", or stop after "A code differs". */
function compareHeadline(st: CodeStatus, name: string, what: 'register' | 'propose', others = ''): string {
  if (st.state === 'differs') return `A code differed (${name} ${st.latest!.code}): stop, do not ${what}, and talk to your coordinator.`;
  return `Compare the ${name} ${st.code} with the code your coordinator announced${others}, then choose Codes match.`;
}

function describeMember(s: MemberState, meta: CeremonyMeta): Description {
  const c = s.committee;
  const next: NextAction[] = [];
  let headline: string;
  const offline = s.airGapped;
  const regs = (i: number) => s.registrations.some((r) => r.partyId === i) || (i === s.partyId && s.registered);
  const inInbox = (i: number) => s.inbox.some((m) => m.partyId === i);
  const approved = (i: number) =>
    !!s.keyServer || (s.chain?.approvals.includes(c.members[i]!.address) ?? false) || (i === s.partyId && s.proposed);
  const code = s.result ? messagesHashCheckCode(s.result.messagesHash) : null;
  const committeeCodes = codeStatus(s, 'committee');
  const hashCodes = codeStatus(s, 'messages-hash');
  const rot = rotationOf(s);
  const joining = isJoining(s, s.partyId);
  const needed = expectedMessageCount(s);
  const version = s.result?.version ?? rot?.toVersion ?? 0;
  const retired = retiredHeadline(s);
  const refused = s.refusedFiles ?? []; // older ceremony folders lack it
  // An air-gapped member of a fresh committee hands over with its signed proposal (view-steps.ts).
  const early = !s.keyServer && handsOverBeforeFinalization(s);
  if (retired) {
    headline = retired;
    if (!offline) next.push(act('refresh', 'Check the chain', 'Read where the key server is now.'));
  } else if (refused.length && !s.proposed && !s.pending) {
    const one = refused.length === 1;
    headline = `Refused message file${one ? '' : 's'}: ${refused.map((r) => r.file).join(', ')}. Nothing can be processed or proposed while ${one ? 'it is' : 'they are'} here: remove ${one ? 'it' : 'them'} from the messages folder (ask the coordinator which message is right), clear the imported files, then import the folder again.`;
    next.push(
      act(
        'clear-message-files',
        'Clear imported message files',
        'Forget the refused files and the messages imported from files, then import the corrected messages folder.',
        { primary: true },
      ),
    );
  } else if (s.pending && !(offline && s.pending.status === 'signed')) {
    headline =
      s.pending.status === 'submitting'
        ? `Submitting: ${PURPOSE_TITLE[s.pending.purpose]}`
        : `Check and sign: ${PURPOSE_TITLE[s.pending.purpose]} (digest ${s.pending.digest})${offline ? '; then take the signature bundle to your relay' : ''}`;
    next.push(...pendingActions(s.pending, s, false));
  } else if (!s.keys) {
    headline =
      committeeCodes.state === 'match'
        ? `Codes match (committee check code ${committeeCodes.code}): generate your DKG keys, then register.`
        : committeeCodes.state === 'differs'
          ? compareHeadline(committeeCodes, 'committee check code', 'register')
          : `${compareHeadline(committeeCodes, 'committee check code', 'register')} You can generate your DKG keys meanwhile.`;
    next.push(
      act('generate-keys', 'Generate DKG keys', "Create your DKG keys in the vault, with your key server's public URL and on-chain name.", {
        primary: true,
      }),
    );
  } else if (!s.registered) {
    if (offline && s.requested.register) {
      headline =
        s.pending?.status === 'signed'
          ? 'Take the signature bundle to your relay; then import the chain snapshot it writes once everyone has registered.'
          : 'Take register-request to your relay and import the unsigned transaction it prepares.';
    } else if (committeeCodes.state !== 'match') {
      headline = compareHeadline(committeeCodes, 'committee check code', 'register');
    } else {
      headline = 'Codes match: register your DKG keys on chain.';
      next.push(
        act(
          'register',
          offline ? 'Write the registration request' : 'Register',
          offline
            ? 'Write the request bundle your relay turns into a transaction for you to sign.'
            : 'Prepare the registration transaction; you sign it next.',
          {
            primary: true,
            confirm: CONFIRM_REGISTER,
          },
        ),
      );
    }
  } else if (!allRegistered(s)) {
    headline = offline
      ? 'You are registered. Import the chain snapshot from your relay once everyone has registered.'
      : `You are registered. ${waitingFor(missingNames(s, regs), 'register', NONE_REGISTER)}.`;
    if (!offline) next.push(act('refresh', 'Check the chain', 'Read the registrations from the committee object.', { primary: true }));
  } else if (!s.message && !joining && !(needed !== null && s.inbox.length === needed)) {
    if (rot) {
      headline = s.oldShare
        ? `Everyone is registered: create your rotation message with your share of version ${rot.fromVersion} (it is in the vault) and send it to the coordinator.`
        : `Everyone is registered: create your rotation message with your share of version ${rot.fromVersion} (MASTER_SHARE_V${rot.fromVersion}). It is looked up in the vault; if it was made elsewhere, import it first.`;
      next.push(
        act(
          'create-message',
          'Create my DKG message',
          `Deal your share of version ${rot.fromVersion} to the new committee (the coordinator collects ${rot.oldThreshold} messages).`,
          { primary: true },
        ),
      );
      if (!s.oldShare) {
        next.push(
          act(
            'import-old-share',
            `Import MASTER_SHARE_V${rot.fromVersion}`,
            `Read your share of version ${rot.fromVersion} from the env file or dkg.yaml your key server uses; it is checked against your partial key on chain.`,
          ),
        );
      }
    } else if (isRotation(s)) {
      headline = offline
        ? 'Everyone is registered. Import the chain snapshot from your relay (it carries the key server being rotated), then create your message.'
        : 'Everyone is registered: create your DKG message.';
    } else {
      headline = 'Everyone is registered: create your DKG message and send it to the coordinator.';
      next.push(
        act('create-message', 'Create my DKG message', 'Create your message for every member (the coordinator collects them).', {
          primary: true,
        }),
      );
    }
  } else if (!s.result) {
    const complete = needed !== null && s.inbox.length === needed;
    const missing = isRotation(s) ? (complete ? [] : ['the message set']) : missingNames(s, inInbox);
    if (missing.length && joining) {
      headline = `Everyone is registered. You join in this rotation and deal nothing: import the coordinator's message set (${needed ?? 'the'} messages from continuing members).`;
    } else if (missing.length) {
      headline = `Send message-${s.partyId}.ceremony (or ${`message_${s.partyId}.json`}) to the coordinator, then import the message set it sends back. Your message check code: ${s.message?.checkCode}.`;
    } else {
      headline = 'The message set is here: process it.';
      next.push(
        act(
          'process',
          'Process the messages',
          'Check every message and compute KEY_SERVER_PK, the partial keys and your share (kept in the vault).',
          { primary: true },
        ),
      );
    }
  } else if (!s.proposed && !early) {
    if (offline && s.requested.propose) {
      headline =
        s.pending?.status === 'signed'
          ? 'Take the signature bundle to your relay; then import its chain snapshot once the committee is finalized.'
          : 'Take propose-request to your relay and import the unsigned transaction it prepares.';
    } else if (hashCodes.state !== 'match') {
      headline = compareHeadline(hashCodes, 'messages_hash check code', 'propose', " (and the other members')");
    } else {
      const relayed = offline && (s.relayedPropose ?? null) !== null;
      headline = relayed
        ? `Codes match (messages_hash check code ${code}): check the proposal transaction your relay sent against your result, and sign it.`
        : `Codes match (messages_hash check code ${code}): propose.`;
      next.push(
        act(
          'propose',
          relayed ? "Check and sign the relay's proposal" : offline ? 'Write the proposal request' : 'Propose',
          `Propose KEY_SERVER_PK and messages_hash (check code ${code}) on chain.`,
          {
            primary: true,
            confirm: `Propose KEY_SERVER_PK with messages_hash check code ${code}? Every member must propose exactly the same values, and a proposal cannot be withdrawn.`,
          },
        ),
      );
    }
  } else if (early && !s.handoffs.length && !s.cleanedUp) {
    headline =
      'Your proposal is signed. Hand your share to the key server machine now: it travels on your last USB trip with the signature. The coordinator gives the key server its KEY_SERVER_OBJ_ID once the committee is finalized.';
  } else if (early && !s.credentials) {
    headline = 'Write the API credentials of your key server for the coordinator: they travel on your last USB trip.';
  } else if (early && !s.cleanedUp) {
    headline = 'Clean up the DKG keys: your proposal is signed and nothing on this computer needs them any more.';
  } else if (early) {
    headline =
      'Your part is done once the last USB trip is made: the signature to your relay, the API credentials to the coordinator, the share to your key server machine.';
  } else if (!s.keyServer) {
    const restart =
      rot && !joining
        ? ` Meanwhile restart your key server with key-server-config.yaml (Rotation, target version ${rot.toVersion}) and both MASTER_SHARE_V${rot.fromVersion} and MASTER_SHARE_V${rot.toVersion}.`
        : '';
    headline =
      (offline
        ? 'Proposed. Import the chain snapshot from your relay once the committee is finalized.'
        : `Proposed. ${waitingFor(missingNames(s, approved), 'propose', NONE_PROPOSE)}.`) + restart;
    if (!offline) next.push(act('refresh', 'Check the chain', 'Read the proposals from the committee object.', { primary: true }));
  } else if (rot && !joining && !s.cleanedUp) {
    headline = `Rotation finalized at version ${s.keyServer.version}: switch your key server to key-server-config.yaml (rewritten: Active) with MASTER_SHARE_V${s.keyServer.version} only, then clean up the DKG keys. Your API credentials stay as they are unless you change them.`;
  } else if (rot && !s.handoffs.length && !s.cleanedUp) {
    headline = `Rotation finalized at version ${s.keyServer.version}: start your key server with key-server-config.yaml (Active) and MASTER_SHARE_V${s.keyServer.version}.`;
  } else if (!s.handoffs.length && !s.cleanedUp) {
    headline = `Finalized: KEY_SERVER_OBJ_ID ${s.keyServer.id}. Hand your share to the key server machine and start it with key-server-config.yaml.`;
  } else if (!s.credentials) {
    headline = 'Once your key server runs, send its API credentials to the coordinator for the aggregator.';
  } else if (!s.cleanedUp) {
    headline = 'When your key server runs with its share, clean up the DKG keys.';
  } else {
    headline = 'Done: your key server config is ready and your share stays in the vault (back it up from the vault screen).';
  }
  if (s.result) {
    const vars = (keyServerPlan(s)?.shareVersions ?? [version]).map((v) => `MASTER_SHARE_V${v}=0x…`).join(' and ');
    next.push(
      act(
        'export-share-file',
        'Write the share to a file',
        `SECRET: writes ${vars} (or a full dkg.yaml) with mode 0600 to a file you choose. Move it to the key server machine, then delete it.`,
        {
          confirm: 'The file will hold your secret share in plain text. Anyone who reads it can act as your key server. Write it?',
        },
      ),
      ...(keyServerPlan(s)
        ? [
            act(
              'export-key-server-package',
              'Write an encrypted package for your key-server operator',
              `Encrypts ${vars}, key-server-config.yaml and instructions under a passphrase, in one file (mode 0600) you choose. The operator opens it with: npx ceremony seal open-package <file> <folder>.`,
            ),
          ]
        : []),
      act(
        'copy-share',
        'Copy the share (60 s)',
        'Desktop app only: copy the share to the clipboard; the clipboard is cleared after 60 seconds.',
        {
          confirm: 'Your secret share goes to the clipboard for 60 seconds; other apps can read it meanwhile. Copy it?',
        },
      ),
    );
  }
  const continuing = !!rot && !joining;
  if ((s.keyServer || early) && !s.credentials && !retired) {
    next.push(
      act(
        'send-api-credentials',
        'Send API credentials',
        'Send the API key header name and key of your key server to the coordinator (for the aggregator).',
        { primary: !!s.handoffs.length && !continuing },
      ),
    );
  }
  if (s.credentials)
    next.push(
      act(
        'copy-api-key',
        'Copy the API key (60 s)',
        'Desktop app only: copy your API key from the vault to the clipboard; cleared after 60 seconds.',
        {
          confirm: 'Your API key goes to the clipboard for 60 seconds; other apps can read it meanwhile. Copy it?',
        },
      ),
    );
  if ((s.keyServer || early) && !s.cleanedUp)
    next.push(
      act('cleanup', 'Clean up DKG keys', 'Delete the DKG keys and message seed from the vault; the share stays.', {
        confirm: CONFIRM_CLEANUP,
        primary: !!s.credentials || continuing,
      }),
    );

  const participants: ParticipantView[] = c.members.map((m, i) => {
    const tags: string[] = [SEAL_TAGS.member, ...rotationTag(s, i).tags];
    if (i === s.partyId) tags.unshift(SEAL_TAGS.you);
    if (i === s.partyId && offline) tags.push(SEAL_TAGS.airGapped);
    if (regs(i)) tags.push(SEAL_TAGS.registered);
    if (inInbox(i)) tags.push(SEAL_TAGS.messageReceived);
    if (approved(i)) tags.push(SEAL_TAGS.proposed);
    const status = [
      rotationTag(s, i).status,
      regs(i) ? 'Registered' : 'Not registered yet',
      inInbox(i) ? 'message here' : null,
      tags.includes(SEAL_TAGS.proposed) ? 'proposed' : null,
    ]
      .filter(Boolean)
      .join(' · ');
    const done = s.keyServer ? true : s.result ? tags.includes(SEAL_TAGS.proposed) : regs(i);
    return {
      id: sealParticipantId.member(i),
      label: m.label,
      tags,
      state: done ? 'done' : 'waiting',
      status,
      checkCode: s.inbox.find((x) => x.partyId === i)?.checkCode ?? null,
    };
  });
  participants.unshift({
    id: sealParticipantId.coordinator,
    label: 'Coordinator',
    tags: [SEAL_TAGS.coordinator],
    state: 'done',
    status: `Address ${c.coordinatorAddress.slice(0, 10)}…`,
    checkCode: null,
  });
  participants.push(...leavingParticipants(s));

  const facts = [
    fact(SEAL_FACTS.role, `Member ${partyName(s, s.partyId)}${offline ? ', air-gapped' : ''}`),
    ...commonFacts(s, meta),
    ...memberRotationFacts(s, meta.id),
  ];
  facts.push(fact(SEAL_FACTS.myAddress, s.address, true), fact(SEAL_FACTS.partyId, String(s.partyId)));
  if (s.server) facts.push(fact(SEAL_FACTS.serverName, s.server.name), fact(SEAL_FACTS.serverUrl, s.server.url));
  facts.push(...txFacts(s.pending, s));
  if (s.message) facts.push(fact(SEAL_FACTS.messageCheckCode, s.message.checkCode));
  if (s.result) {
    facts.push(
      fact(SEAL_FACTS.messagesHashCheckCode, code!),
      fact(SEAL_FACTS.messagesHash, hex0x(s.result.messagesHash), true),
      fact(SEAL_FACTS.keyServerPk, hex0x(s.result.keyServerPk), true),
    );
    facts.push(fact(SEAL_FACTS.share, sealShareSecretId(meta.id, s.result.version), true));
  } else if (s.announcedHash) facts.push(fact('Announced messages_hash check code', messagesHashCheckCode(s.announcedHash)));
  if (s.handoffs.length)
    facts.push(fact(SEAL_FACTS.shareHandoff, s.handoffs.map((h) => `${h.method}${h.where ? ` ${h.where}` : ''} at ${h.at}`).join('; ')));
  facts.push(...keyServerFacts(s).filter((f) => f.label !== SEAL_FACTS.keyServerPk || !s.result));
  // The API key itself stays in the vault: `copy-api-key` puts it on the clipboard.
  if (s.credentials) facts.push(fact(SEAL_FACTS.apiKeyName, s.credentials.apiKeyName));
  return { headline, participants, next, facts };
}

// --- relay ------------------------------------------------------------------------------------

function describeRelay(s: RelayState, meta: CeremonyMeta): Description {
  const c = s.committee;
  const who = partyName(s, s.partyId);
  const next: NextAction[] = [];
  let headline: string;
  const due = (['register', 'propose'] as const).find((p) => s.requests[p] && !s.done[p]);
  if (s.pending) {
    headline =
      s.pending.status === 'submitting'
        ? `Submitting ${who}'s transaction`
        : `Take unsigned-tx-${s.pending.purpose}-${s.pending.attempt}.ceremony to ${who}'s air-gapped machine and import the signature bundle it writes.`;
    next.push(...pendingActions(s.pending, s, true));
  } else if (due) {
    headline = `${who} asked to ${due}: prepare the transaction.`;
    next.push(
      act(
        'prepare-transaction',
        `Prepare the ${due} transaction`,
        `Build ${who}'s ${due} transaction on ${c.networkLabel} for the air-gapped machine to sign.`,
        { primary: true },
      ),
    );
  } else if (!s.done.register) {
    headline = `Import the registration request from ${who}'s air-gapped machine.`;
    next.push(act('refresh', 'Check the chain', 'Read the committee.', {}));
  } else if (!allRegistered(s)) {
    headline = `${who} is registered. ${waitingFor(
      missingNames(s, (i) => s.registrations.some((r) => r.partyId === i) || i === s.partyId),
      'register',
      NONE_REGISTER,
    )}.`;
    next.push(
      act('refresh', 'Check the chain', 'Read the registrations; the snapshot for the air-gapped machine is written when all are in.', {
        primary: true,
      }),
    );
  } else if (!s.keyServer) {
    headline =
      s.snapshotsSent.registered && !s.requests.propose
        ? `Take seal-chain-registered.ceremony to ${who}; import the proposal request when it comes back.`
        : `Waiting for the committee to finalize.`;
    next.push(
      act('refresh', 'Check the chain', 'Read the committee; the finalized snapshot is written when it is done.', { primary: true }),
    );
  } else {
    headline = `Finalized: take seal-chain-finalized.ceremony to ${who}.`;
  }
  const participants: ParticipantView[] = c.members.map((m, i) => {
    const reg = s.registrations.some((r) => r.partyId === i) || (i === s.partyId && s.done.register);
    const prop = !!s.keyServer || (s.chain?.approvals.includes(m.address) ?? false) || (i === s.partyId && s.done.propose);
    const tags: string[] = [
      SEAL_TAGS.member,
      ...rotationTag(s, i).tags,
      ...(i === s.partyId ? [SEAL_TAGS.airGapped] : []),
      ...(reg ? [SEAL_TAGS.registered] : []),
      ...(prop ? [SEAL_TAGS.proposed] : []),
    ];
    return {
      id: sealParticipantId.member(i),
      label: m.label,
      tags,
      state: s.keyServer || prop || reg ? 'done' : 'waiting',
      status: [reg ? 'Registered' : 'Not registered yet', prop ? 'proposed' : null].filter(Boolean).join(' · '),
      checkCode: null,
    };
  });
  participants.unshift({
    id: sealParticipantId.relay(s.partyId),
    label: `Relay for ${c.members[s.partyId]!.label}`,
    tags: [SEAL_TAGS.you, SEAL_TAGS.relay],
    state: 'done',
    status: 'This install',
    checkCode: null,
  });
  participants.push(...leavingParticipants(s));
  const facts = [
    fact(SEAL_FACTS.role, `Relay for ${who}`),
    ...commonFacts(s, meta),
    fact('Member address', s.address, true),
    ...txFacts(s.pending, s),
    ...keyServerFacts(s),
  ];
  return { headline, participants, next, facts };
}

function byRole(s: SealState, meta: CeremonyMeta): Description {
  switch (s.role) {
    case 'coordinator':
      return describeCoordinator(s, meta);
    case 'member':
      return describeMember(s, meta);
    case 'relay':
      return describeRelay(s, meta);
  }
}

export function describeSeal(s: SealState, meta: CeremonyMeta): Description {
  const d = byRole(s, meta);
  // A rehearsal says so before anything else; a fact shown twice (a rotation's key server, then
  // the finalized one) is shown once.
  const first = d.facts.filter((f) => f.label === SEAL_FACTS.rehearsal);
  const seen = new Set<string>();
  const facts = [...first, ...d.facts.filter((f) => f.label !== SEAL_FACTS.rehearsal)].filter((f) => {
    const key = `${f.label}\u0000${f.value}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const retired = s.role === 'member' ? null : retiredHeadline(s);
  // A member whose ceremony followed a restart reads why until it has registered again.
  const restarted = s.role === 'member' && !s.registered && !s.keyServer ? restartSentence(s) : null;
  const headline = retired ?? (restarted ? `${restarted} ${d.headline}` : d.headline);
  return { ...d, headline, facts };
}
