import { bcs } from '@mysten/sui/bcs';
import { TransactionDataBuilder } from '@mysten/sui/transactions';
import { fromBase64, normalizeSuiAddress } from '@mysten/sui/utils';
import { bytesToHex } from '@noble/hashes/utils.js';
import { canonicalJson } from '../../encoding/canonical-json.ts';
import { CeremonyError } from '../../errors.ts';
import { COMMITTEE_MODULE } from '../../transports/sui/type-names.ts';

/**
 * What the AIR-GAPPED member checks before signing a transaction a relay prepared for it: the
 * bytes must be exactly one `seal_committee::<function>` call of the committee's package, on
 * the committee object, sent and paid by the member, with the arguments the member asked for.
 * Nothing can be looked up offline, so every argument is decoded and compared here; a relay
 * that swaps a key, a URL or the committee is caught before anything is signed.
 */
export type RelayedCall =
  | { function: 'register'; encPk: string; signingPk: string; url: string; name: string }
  | { function: 'propose'; partialPks: string[]; pk: string; messagesHash: string }
  | { function: 'propose_for_rotation'; partialPks: string[]; messagesHash: string; oldCommitteeId: string };

export interface RelayedExpectation {
  sender: string;
  packageId: string;
  committeeId: string;
  call: RelayedCall;
}

function refuse(why: string): never {
  throw new CeremonyError(
    'seal/relayed-tx-mismatch',
    `The relay's transaction is not the one you asked for: ${why}. Do not sign it; ask your relay to prepare it again.`,
  );
}

export function checkRelayedTransaction(txBytesBase64: string, digest: string, expect: RelayedExpectation): void {
  let bytes: Uint8Array;
  let data;
  try {
    bytes = fromBase64(txBytesBase64);
    data = bcs.TransactionData.parse(bytes).V1!;
  } catch {
    refuse('its bytes are not a Sui transaction');
  }
  if (TransactionDataBuilder.getDigestFromBytes(bytes) !== digest) refuse(`its bytes do not have the announced digest ${digest}`);
  const sender = normalizeSuiAddress(data.sender);
  if (sender !== normalizeSuiAddress(expect.sender)) refuse(`it is sent by ${sender}, not by you (${normalizeSuiAddress(expect.sender)})`);
  if (normalizeSuiAddress(data.gasData.owner) !== sender)
    refuse(`its gas is paid by ${normalizeSuiAddress(data.gasData.owner)}, not by you`);
  const ptb = data.kind.ProgrammableTransaction;
  if (!ptb || ptb.commands.length !== 1 || !ptb.commands[0]!.MoveCall) refuse('it is not a single Move call');
  const call = ptb.commands[0]!.MoveCall!;
  if (
    normalizeSuiAddress(call.package) !== normalizeSuiAddress(expect.packageId) ||
    call.module !== COMMITTEE_MODULE ||
    call.function !== expect.call.function
  ) {
    refuse(
      `it calls ${normalizeSuiAddress(call.package)}::${call.module}::${call.function}, not ${normalizeSuiAddress(expect.packageId)}::${COMMITTEE_MODULE}::${expect.call.function}`,
    );
  }
  const arg = (i: number) => {
    const a = call.arguments[i];
    if (!a || a.$kind !== 'Input') refuse(`argument ${i + 1} is not a transaction input`);
    const input = ptb.inputs[a.Input!];
    if (!input) refuse(`argument ${i + 1} names a missing input`);
    return input;
  };
  const sharedArg = (i: number, id: string, what: string) => {
    const input = arg(i);
    const shared = input.$kind === 'Object' ? input.Object?.SharedObject : undefined;
    if (!shared || normalizeSuiAddress(shared.objectId) !== normalizeSuiAddress(id) || !shared.mutable)
      refuse(`it does not act on the ${what} ${normalizeSuiAddress(id)}`);
  };
  sharedArg(0, expect.committeeId, 'committee');
  const pure = (i: number): Uint8Array => {
    const input = arg(i);
    if (input.$kind !== 'Pure') refuse(`argument ${i + 1} is not a plain value`);
    return fromBase64(input.Pure!.bytes);
  };
  const decode = <T>(i: number, parse: (b: Uint8Array) => T, what: string): T => {
    try {
      return parse(pure(i));
    } catch (e) {
      if (e instanceof CeremonyError) throw e;
      refuse(`its ${what} does not decode`);
    }
  };
  const bytesHex = (i: number, what: string) => bytesToHex(decode(i, (b) => bcs.byteVector().parse(b), what));
  const c = expect.call;
  if (c.function === 'register') {
    if (call.arguments.length !== 5) refuse('register takes 5 arguments');
    if (bytesHex(1, 'encryption key') !== c.encPk) refuse('its encryption key (enc_pk) is not yours');
    if (bytesHex(2, 'signing key') !== c.signingPk) refuse('its signing key (signing_pk) is not yours');
    if (decode(3, (b) => bcs.string().parse(b), 'URL') !== c.url) refuse(`its server URL is not "${c.url}"`);
    if (decode(4, (b) => bcs.string().parse(b), 'name') !== c.name) refuse(`its server name is not "${c.name}"`);
  } else {
    if (call.arguments.length !== 4) refuse(`${c.function} takes 4 arguments`);
    const partials = decode(
      1,
      (b) =>
        bcs
          .vector(bcs.byteVector())
          .parse(b)
          .map((x) => bytesToHex(x)),
      'partial keys',
    );
    if (canonicalJson(partials) !== canonicalJson(c.partialPks)) refuse('its partial public keys are not the ones you computed');
    if (c.function === 'propose') {
      if (bytesHex(2, 'key server key') !== c.pk) refuse('its KEY_SERVER_PK is not the one you computed');
      if (bytesHex(3, 'messages_hash') !== c.messagesHash) refuse('its messages_hash is not the one you computed');
    } else {
      // propose_for_rotation(committee, partial_pks, messages_hash, old_committee): the contract takes the key from the old key server.
      if (bytesHex(2, 'messages_hash') !== c.messagesHash) refuse('its messages_hash is not the one you computed');
      sharedArg(3, c.oldCommitteeId, 'current committee');
    }
  }
}
