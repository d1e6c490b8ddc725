import { z } from 'zod';

/**
 * How far the ceremony record (src-main/core/record) is signed, for the finished screens: who
 * signed and who not yet (names as the screens say them), and the artifact holding the record
 * file to save. Main builds it from its state; the file itself is what an auditor checks.
 */
export const CeremonyRecordView = z.object({
  artifactId: z.string(),
  /** The readable HTML report of the same record. */
  reportArtifactId: z.string(),
  /** This participant's own signature file, when it is carried by hand on its own (FROST: with the next files); null otherwise. */
  signatureArtifactId: z.string().nullable(),
  signed: z.array(z.string()),
  notSigned: z.array(z.string()),
});
export type CeremonyRecordView = z.infer<typeof CeremonyRecordView>;
