import { withCoordinatorRecord } from './record.ts';
import { BundleError } from '../../bundles/errors.ts';
import { CeremonyError, isCeremonyError } from '../../errors.ts';
import type { Bundle } from '../../bundles/format.ts';
import type { StepContext, StepResult } from '../../engine/protocol.ts';
import { decodeMessageJson } from '../../crypto/seal/message-json.ts';
import { SEAL_BUNDLE_STEPS, sealParticipantId } from '../../../../src-shared/ceremonies/seal.ts';
import { acceptMessageBundle, collectMessage } from './coordinator.ts';
import { acceptCredentials } from './credentials.ts';
import { acceptFinalizedSnapshot, acceptMessageFile, acceptMessageSet, acceptRegisteredSnapshot, acceptUnsignedTx } from './member.ts';
import { acceptRequest, acceptSignature } from './relay.ts';
import { acceptRelayMessageSet } from './relay-message-set.ts';
import { acceptRestartInvitation } from './restart-member.ts';
import type { SealState } from './state.ts';

/**
 * Incoming bundles and native files, by role and step. The engine has checked the format,
 * signature, ceremony, duplicates and the sender's key; this checks who may send what, then the
 * role's module checks the content. The sender's bundle key is recorded on first contact.
 */

function refuse(bundle: Bundle, role: string): never {
  throw new BundleError(
    'bundle/rejected-by-protocol',
    `A "${bundle.header.step}" bundle from ${bundle.header.sender.label || bundle.header.sender.id} is not something a ${role} takes in.`,
    {
      sender: bundle.header.sender.id,
    },
  );
}

async function route(s: SealState, bundle: Bundle, ctx: StepContext): Promise<StepResult<SealState>> {
  const h = bundle.header;
  const from = h.sender.id;
  const stepName = h.step;
  const fromCoordinator = from === sealParticipantId.coordinator;
  switch (s.role) {
    case 'coordinator':
      if (stepName === SEAL_BUNDLE_STEPS.message) return acceptMessageBundle(s, bundle, ctx);
      if (stepName === SEAL_BUNDLE_STEPS.apiCredentials) return withCoordinatorRecord(s, await acceptCredentials(s, bundle, ctx), ctx);
      return refuse(bundle, 'coordinator');
    case 'member': {
      const fromMyRelay = from === sealParticipantId.relay(s.partyId);
      if (stepName === SEAL_BUNDLE_STEPS.invitation && fromCoordinator) return acceptRestartInvitation(s, bundle, ctx);
      if (stepName === SEAL_BUNDLE_STEPS.messageSet && fromCoordinator) return acceptMessageSet(s, bundle, ctx);
      if ((fromCoordinator || fromMyRelay) && stepName === SEAL_BUNDLE_STEPS.snapshotRegistered) return acceptRegisteredSnapshot(s, bundle);
      if ((fromCoordinator || fromMyRelay) && stepName === SEAL_BUNDLE_STEPS.snapshotFinalized) return acceptFinalizedSnapshot(s, bundle);
      if (fromMyRelay && stepName.startsWith('unsigned-tx.')) return acceptUnsignedTx(s, bundle);
      return refuse(bundle, 'member');
    }
    case 'relay': {
      if (stepName === SEAL_BUNDLE_STEPS.messageSet && fromCoordinator) return acceptRelayMessageSet(s, bundle, ctx);
      if (from !== sealParticipantId.member(s.partyId)) return refuse(bundle, 'relay');
      if (stepName === SEAL_BUNDLE_STEPS.registerRequest) return acceptRequest(s, bundle, 'register');
      if (stepName === SEAL_BUNDLE_STEPS.proposeRequest) return acceptRequest(s, bundle, 'propose');
      if (stepName.startsWith('tx-signature.')) return acceptSignature(s, bundle);
      return refuse(bundle, 'relay');
    }
  }
}

export async function acceptSeal(s: SealState, bundle: Bundle, ctx: StepContext): Promise<StepResult<SealState>> {
  const r = await route(s, bundle, ctx);
  const id = bundle.header.sender.id;
  if (r.state.bundleKeys[id] === bundle.header.sender.publicKey) return r;
  return { ...r, state: { ...r.state, bundleKeys: { ...r.state.bundleKeys, [id]: bundle.header.sender.publicKey } } };
}

/** `message_<P>.json` files (a dkg-messages folder): collected by the coordinator, or added to a member's set. */
export async function acceptSealFile(
  s: SealState,
  file: { name: string; bytes: Uint8Array },
  ctx: StepContext,
): Promise<StepResult<SealState> | null> {
  if (s.role === 'relay') return null;
  const text = new TextDecoder().decode(file.bytes);
  // seal-committee-cli loads every *.json of the messages folder as a message: a member refuses
  // (and records) one that is not, instead of passing over it.
  const looksLikeMessage = /"message"\s*:/.test(text.slice(0, 200));
  if (!looksLikeMessage && !(s.role === 'member' && /^message_\d+\.json$/.test(file.name))) return null;
  if (s.role === 'coordinator') return collectMessage(s, decodeMessageJson(text, file.name), 'file', null, ctx);
  let bytes: Uint8Array;
  try {
    bytes = decodeMessageJson(text, file.name);
  } catch (e) {
    if (!isCeremonyError(e)) throw e;
    throw new CeremonyError('seal/message-file-invalid', `${file.name} is not a DKG message file: ${e.message}`, { file: file.name });
  }
  return acceptMessageFile(s, file.name, bytes, ctx);
}
