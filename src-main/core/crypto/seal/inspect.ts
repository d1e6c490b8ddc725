import { bytesToHex } from '@noble/hashes/utils.js';
import { CeremonyError } from '../../errors.ts';
import { parseAddress } from './address.ts';
import { verifyDecoded } from './bls-signature.ts';
import { decodeDlNizk, decodeMultiRecipient } from './codec.ts';
import { G1_BYTES, G2_BYTES } from './constants.ts';
import { verifyMultiRecipient } from './ecies.ts';
import { G1, G2 } from './groups.ts';
import { verifyDlNizk } from './nizk.ts';
import { DkgOracles } from './oracles.ts';
import { parseSignedMessage, signaturePayload } from './wire.ts';
import { prepareBlsBackend } from '../bls-backend/select.ts';

/** What `ceremony seal inspect-message` reports about one bcs(SignedMessage). */
export interface MessageReport {
  sender: number;
  /** Number of Feldman commitments = the threshold the dealer used. */
  threshold: number;
  /** Number of encrypted shares = committee size the dealer used. */
  recipients: number;
  bytes: number;
  /** Expected size from the reference formula for this t and n (equal for a well-formed message). */
  expectedBytes: number;
  /** Constant commitment vss_pk[0] (the dealer's public contribution; its old partial key in a rotation). */
  commitmentC0: string;
  checks: {
    name: 'encoding' | 'proof-of-knowledge' | 'encryption-proof' | 'ciphertexts' | 'signature';
    status: 'ok' | 'failed' | 'not-checked';
    detail: string;
  }[];
}

const ulebLen = (n: number) => (n < 0x80 ? 1 : n < 0x4000 ? 2 : 3);

/** Message size: 2 + ULEB(t) + 96t + 96 + ULEB(n) + Σ(ULEB(len)+len) + 128 + 48 + 128 (34 bytes per one-share ciphertext). */
export function expectedMessageSize(t: number, n: number): number {
  return 2 + ulebLen(t) + G2_BYTES * t + 2 * G1_BYTES + ulebLen(n) + 34 * n + 2 * G1_BYTES + 32 + 48 + G2_BYTES + 32;
}

export interface InspectMessageArgs {
  bytes: Uint8Array;
  committeeId?: string;
  signingPk?: Uint8Array;
}

/**
 * The worker task behind the coordinator's check of each message it collects: at n = 256 one
 * message is about 90 ms of pairings and multi-scalar multiplications, too long for the main
 * thread (a folder of 256 messages would freeze the window for half a minute).
 */
export async function inspectMessageTask(args: InspectMessageArgs): Promise<MessageReport> {
  await prepareBlsBackend();
  const { bytes, ...opts } = args;
  return inspectMessage(bytes, opts);
}

export function inspectMessage(bytes: Uint8Array, opts: { committeeId?: string; signingPk?: Uint8Array } = {}): MessageReport {
  const parsed = parseSignedMessage(bytes);
  const w = parsed.wire;
  const m = w.message;
  const checks: MessageReport['checks'] = [];
  const report: MessageReport = {
    sender: m.sender,
    threshold: m.vssPk.length,
    recipients: m.encryptedShares.encs.length,
    bytes: bytes.length,
    expectedBytes: expectedMessageSize(m.vssPk.length, m.encryptedShares.encs.length),
    commitmentC0: m.vssPk[0] ? `0x${bytesToHex(m.vssPk[0])}` : '(none)',
    checks,
  };
  let vss;
  let enc;
  let pop;
  try {
    vss = m.vssPk.map((b, k) => G2.decode(b, `commitment ${k}`));
    enc = decodeMultiRecipient(G1, m.encryptedShares, 'encrypted shares');
    pop = decodeDlNizk(w.nizkProof, 'proof of knowledge');
    checks.push({
      name: 'encoding',
      status: 'ok',
      detail: `${vss.length} commitments, ${enc.encs.length} ciphertexts and both proofs decode (points in their subgroups)`,
    });
  } catch (e) {
    if (!(e instanceof CeremonyError)) throw e;
    checks.push({ name: 'encoding', status: 'failed', detail: e.message });
    return report;
  }
  const oneShare = enc.encs.every((c) => c.length === 33);
  checks.push({
    name: 'ciphertexts',
    status: enc.encs.some((c) => c.length === 0) ? 'failed' : 'ok',
    detail: enc.encs.some((c) => c.length === 0)
      ? 'an encrypted share is empty'
      : oneShare
        ? 'every encrypted share holds one scalar (33 bytes)'
        : 'encrypted shares are non-empty',
  });
  if (!opts.committeeId) {
    for (const name of ['proof-of-knowledge', 'encryption-proof', 'signature'] as const) {
      checks.push({ name, status: 'not-checked', detail: 'needs --committee-id (the random oracles and the signature bind to it)' });
    }
    return report;
  }
  const committeeId = parseAddress(opts.committeeId, 'committee id');
  const oracles = new DkgOracles(committeeId);
  const popOk = vss[0] !== undefined && verifyDlNizk(G2, pop, vss[0], oracles.proofOfKnowledge(m.sender));
  checks.push({
    name: 'proof-of-knowledge',
    status: popOk ? 'ok' : 'failed',
    detail: popOk ? 'the dealer knows its secret' : 'the proof of knowledge does not verify for this committee and sender',
  });
  const encOk = verifyMultiRecipient(G1, enc, oracles.encryption(m.sender));
  checks.push({
    name: 'encryption-proof',
    status: encOk ? 'ok' : 'failed',
    detail: encOk ? 'all shares use one ephemeral key' : 'the DDH proof of the encryption does not verify',
  });
  if (!opts.signingPk) {
    checks.push({ name: 'signature', status: 'not-checked', detail: "needs --signing-pk (the sender's registered DKG_SIGNING_PK)" });
    return report;
  }
  let sigOk: boolean;
  try {
    sigOk = verifyDecoded({
      pk: G2.decode(opts.signingPk, 'signing key'),
      sig: G1.decode(w.signature, 'signature'),
      hashed: G1.hash(signaturePayload(committeeId, parsed.messageBytes, parsed.nizkBytes)),
    });
  } catch {
    sigOk = false;
  }
  checks.push({
    name: 'signature',
    status: sigOk ? 'ok' : 'failed',
    detail: sigOk
      ? 'signed with the given key for this committee (v0.6.8+ payload)'
      : 'the signature does not verify with this key and committee id',
  });
  return report;
}
