import { CeremonyError } from '../errors.ts';

/** Every way a bundle file can be refused, each with its own code and sentence. */
export type BundleErrorCode =
  | 'bundle/empty'
  | 'bundle/too-large'
  | 'bundle/not-a-bundle'
  | 'bundle/truncated'
  | 'bundle/unknown-version'
  | 'bundle/malformed'
  | 'bundle/bad-payload-encoding'
  | 'bundle/payload-mismatch'
  | 'bundle/bad-signature'
  | 'bundle/wrong-ceremony'
  | 'bundle/wrong-protocol'
  | 'bundle/wrong-phase'
  | 'bundle/duplicate'
  | 'bundle/equivocation'
  | 'bundle/unknown-sender'
  | 'bundle/sender-key-mismatch'
  | 'bundle/rehearsal-mismatch'
  | 'bundle/own-bundle'
  | 'bundle/rejected-by-protocol';

export class BundleError extends CeremonyError {
  constructor(code: BundleErrorCode, message: string, details: Record<string, string | number | boolean | null> = {}) {
    super(code, message, details);
  }
}
