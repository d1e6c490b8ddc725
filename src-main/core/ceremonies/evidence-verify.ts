import { type EvidenceReport, verifySealEvidence } from '../formats/seal/evidence.ts';
import { verifyFrostEvidence } from './frost/evidence.ts';

export type { EvidenceReport };

/** Evidence files are small (a Seal message for 256 members is about 50 KiB, hex doubles it). */
export const MAX_EVIDENCE_BYTES = 4 * 1024 * 1024;

/**
 * Verifies an evidence file of any family, by its "protocol" field (Seal: formats/seal/evidence.ts;
 * FROST: ceremonies/frost/evidence.ts); never throws for a bad file, the report says why it is refused.
 */
export async function verifyEvidenceFile(bytes: Uint8Array): Promise<EvidenceReport> {
  let protocol: unknown = null;
  try {
    protocol = (JSON.parse(new TextDecoder().decode(bytes)) as { protocol?: unknown } | null)?.protocol;
  } catch {
    // verifySealEvidence words a file that is not JSON.
  }
  if (protocol === 'frost') return verifyFrostEvidence(bytes);
  if (protocol === null || protocol === undefined || protocol === 'seal') return verifySealEvidence(bytes);
  return {
    verified: false,
    protocol: typeof protocol === 'string' ? protocol : null,
    committeeId: null,
    check: null,
    accused: null,
    accuser: null,
    accusedSigningPk: null,
    finding: `This app verifies Seal and FROST evidence; this file is for ${JSON.stringify(protocol)}.`,
  };
}
