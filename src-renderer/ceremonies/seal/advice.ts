import type { CeremonyView } from '../../../src-shared/api/ceremonies.ts';
import { SEAL_FACTS as F, SEAL_TAGS as T } from '../../../src-shared/ceremonies/seal.ts';
import { checkCodeIn, committeeExists, fact, isFinalized, isRotation, listNames, members, missing, pendingTx } from './view.ts';

/**
 * "What to tell members next": the coordinator's announcements, phase by phase, in the words
 * of the runbook this app replaces (the coordinator signals every phase change over the
 * committee's trusted channel). Plain sentences; the screen adds check codes as elements.
 */
export interface Advice {
  /** What to announce now, or null when there is nothing to announce yet. */
  announce: string | null;
  /** Who or what we wait for, with counts. */
  waiting: string | null;
  /** What the coordinator does in the app next. */
  todo: string | null;
}

function waitingFor(view: CeremonyView, tag: string, doing: string): string | null {
  const all = members(view);
  const left = missing(view, tag);
  if (!left.length) return null;
  return `Waiting for ${listNames(left)} to ${doing} (${all.length - left.length} of ${all.length} so far).`;
}

/** How many messages the set needs (a rotation: the current threshold), from the typed view. */
function messagesNeeded(view: CeremonyView): number | null {
  if (view.view.protocol !== 'seal') throw new Error(`Ceremony ${view.id} is a ${view.view.protocol} ceremony, not Seal.`);
  return view.view.messages?.needed ?? null;
}

export function coordinatorAdvice(view: CeremonyView): Advice {
  const n = members(view).length;
  const tx = pendingTx(view);
  const rotation = isRotation(view);
  if (!committeeExists(view)) {
    return {
      announce: null,
      waiting: null,
      todo: tx
        ? `Sign the transaction above (${tx.purpose.replace(/ \(.*\)$/, '')}). The invitation for members exists once the committee is created.`
        : rotation
          ? 'Start the rotation: one transaction, init_rotation, sent from your address (a member of the current committee). The invitation for the new committee exists after that.'
          : 'Publish the committee package, then create the committee (two transactions). The invitation for members exists after that.',
    };
  }
  const committeeCode = checkCodeIn(fact(view, F.committeeCheckCode));
  const rotationCode = checkCodeIn(fact(view, F.rotationCheckCode));
  const hashCode = checkCodeIn(fact(view, F.messagesHashCheckCode));
  if (isFinalized(view)) {
    if (rotation) {
      // Continuing members' key servers are already in the aggregator's config (runbook): only
      // the members who joined must send credentials, unless someone rotates their API key.
      const joining = members(view).filter((m) => m.tags.includes(T.joining));
      const left = joining.filter((m) => !m.tags.includes(T.credentials)).map((m) => m.label);
      const version = fact(view, F.committeeVersion);
      return {
        announce: `The rotation is finalized: key server ${fact(view, F.keyServerObjId) ?? ''} now runs on the new committee${version ? ` at version ${version}` : ''} (same KEY_SERVER_PK). Continuing members switch their key-server-config.yaml to Active with only the new share, new members start their key servers and send you their API credentials, leaving members stop theirs.`,
        waiting: left.length
          ? `Waiting for the new member${left.length === 1 ? '' : 's'} ${listNames(left)} to send their API credentials (${joining.length - left.length} of ${joining.length} so far).`
          : null,
        todo: left.length
          ? "Import the new members' credential bundles as they arrive; continuing members keep their API keys unless they change them."
          : "Give aggregator-config.yaml (with the new members' credentials) to the aggregator operator, and tell them the committee changed.",
      };
    }
    const creds = waitingFor(view, T.credentials, 'send their API credentials');
    return {
      announce: `The committee is finalized. Announce KEY_SERVER_OBJ_ID ${fact(view, F.keyServerObjId) ?? ''}: members start their key servers with it (the key-server-config.yaml the app made for them already holds it), then send you their API credentials.`,
      waiting: creds,
      todo: creds
        ? 'Import the credential bundles as they arrive; aggregator-config.yaml fills in.'
        : 'Every member sent credentials: give aggregator-config.yaml and KEY_SERVER_OBJ_ID to the aggregator operator.',
    };
  }
  if (view.phase === 1) {
    return {
      announce: `Phase 1, registration: send every member${rotation ? ' of the new committee' : ''} the invitation (seal-invitation.ceremony, or dkg.yaml for members using seal-committee-cli) and read the committee check code aloud${committeeCode ? ` (${committeeCode})` : ''}${rotation && rotationCode ? `, and the rotation check code (${rotationCode})` : ''}. Each member compares ${rotation ? 'them' : 'it'} before joining, then generates keys and registers.`,
      waiting: waitingFor(view, T.registered, 'register'),
      todo: 'Nothing to do but wait: registrations appear here as the chain records them.',
    };
  }
  if (view.phase === 2 && rotation) {
    const continuing = members(view).filter((m) => m.tags.includes(T.continuing));
    const got = continuing.filter((m) => m.tags.includes(T.messageReceived)).length;
    const needed = messagesNeeded(view);
    const from = continuing.filter((m) => !m.tags.includes(T.messageReceived)).map((m) => m.label);
    if (needed === null)
      return {
        announce: null,
        waiting: 'Waiting for the rotation data from the chain: until then the number of messages this rotation needs is not known.',
        todo: 'Refresh from the chain.',
      };
    return {
      announce: `Everyone is registered. Phase 2, messages: each continuing member creates their message with their current share and sends you the file; new members deal nothing. You need exactly ${needed}.`,
      waiting:
        got < needed
          ? `Waiting for ${needed - got} more message${needed - got === 1 ? '' : 's'} (${got} of ${needed}), from ${listNames(from)}.`
          : null,
      todo:
        got < needed
          ? 'Import the message files below as they arrive.'
          : `The ${needed} messages are in: export the message set. It freezes what every member processes.`,
    };
  }
  if (view.phase === 2) {
    const left = waitingFor(view, T.messageReceived, 'send their message');
    return {
      announce:
        'Everyone is registered. Phase 2, messages: each member creates their message and sends you the file (message-<P>.ceremony, or message_<P>.json).',
      waiting: left,
      todo: left
        ? 'Import the message files below as they arrive.'
        : `All ${n} messages are in: export the message set. It freezes what every member processes.`,
    };
  }
  return {
    announce: `Phase 3, finalization: send every member the message set (seal-message-set.ceremony, or the dkg-messages folder for seal-committee-cli users) and read its messages_hash check code aloud${hashCode ? ` (${hashCode})` : ''}. Each member processes it, checks the code matches, and proposes.`,
    waiting: waitingFor(view, T.proposed, 'propose'),
    todo: 'Wait for the proposals; the committee finalizes on chain when all members proposed the same result.',
  };
}
