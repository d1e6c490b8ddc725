import { z } from 'zod';
import { ErrorCodeSchema } from './errors.ts';
import { defineCalls } from './define.ts';
import { CeremonyId, CheckCode, Empty, Fingerprint, IsoTime, Phase, ProtocolId } from './common.ts';

/** The public header of a bundle, as shown before and after import. */
export const BundleHeaderView = z.object({
  formatVersion: z.number().int(),
  protocol: ProtocolId,
  ceremonyId: CeremonyId,
  phase: Phase,
  step: z.string(),
  sender: z.object({ id: z.string(), label: z.string(), keyFingerprint: z.string() }),
  createdAt: IsoTime,
  rehearsal: z.boolean(),
  payloadBytes: z.number().int().nonnegative(),
  fingerprint: Fingerprint,
  checkCode: CheckCode,
});
export type BundleHeaderView = z.infer<typeof BundleHeaderView>;

export const ImportOutcome = z.object({
  file: z.string(),
  accepted: z.boolean(),
  /** Set when accepted, or when the file was a readable bundle. */
  header: BundleHeaderView.nullable(),
  /** Error code and sentence when rejected. */
  error: z.object({ code: ErrorCodeSchema, message: z.string() }).nullable(),
});
export type ImportOutcome = z.infer<typeof ImportOutcome>;

export const ImportSummary = z.object({
  accepted: z.number().int(),
  rejected: z.number().int(),
  /** Files already imported earlier, or this install's own bundles: importing a stick twice is harmless. */
  skipped: z.number().int(),
  outcomes: z.array(ImportOutcome),
});
export type ImportSummary = z.infer<typeof ImportSummary>;

export const DriveInfo = z.object({ path: z.string(), label: z.string(), platform: z.string() });
export type DriveInfo = z.infer<typeof DriveInfo>;

const FileBytes = z.object({ name: z.string().min(1).max(255), base64: z.string().max(60_000_000) });

export const bundleCalls = defineCalls({
  'bundles.inspect': { summary: 'Read a bundle file without importing it', input: FileBytes, output: BundleHeaderView },
  'bundles.importFiles': {
    summary: 'Import bundle files into a ceremony (each all or nothing)',
    input: z.object({ ceremonyId: CeremonyId, files: z.array(FileBytes).min(1).max(1000) }),
    output: ImportSummary,
  },
  'bundles.importFolder': {
    summary: 'Import every bundle in a folder (e.g. a USB stick) into a ceremony',
    input: z.object({ ceremonyId: CeremonyId, path: z.string().min(1) }),
    output: ImportSummary,
  },
  'bundles.exportToFolder': {
    summary: 'Write an outgoing bundle or artifact into a folder (e.g. a USB stick)',
    input: z.object({ ceremonyId: CeremonyId, artifactId: z.string(), path: z.string().min(1) }),
    output: z.object({ path: z.string() }),
  },
  'drives.list': { summary: 'Mounted removable drives', input: Empty, output: z.array(DriveInfo) },
});
