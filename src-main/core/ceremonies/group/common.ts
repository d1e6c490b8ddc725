/**
 * Pieces shared by the genesis and join steps: outgoing files and their delivery to the
 * exchange folder, the public trust-server artifacts, and small guards.
 */
import { existsSync, statSync } from 'node:fs';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { CeremonyError } from '../../errors.ts';
import type { ArtifactDraft, EffectDraft, OutgoingDraft, StepContext } from '../../engine/protocol.ts';
import { publicTrustServerFiles } from '../../formats/group/trust-server-export.ts';
import type { GroupPublic } from '../../crypto/group/group-public.ts';
import { outgoing, type Payload, type PayloadKind } from './payloads.ts';
import type { GroupCeremonyState } from './state.ts';

/** An outgoing bundle of this operator, kept as artifact `step` and named `<step>-<me>.ceremony`. */
export function send<K extends PayloadKind>(
  s: GroupCeremonyState,
  kind: K,
  body: Payload<K>,
  o: { step: string; phase: 1 | 2 | 3; description: string; fileName?: string },
): OutgoingDraft {
  return outgoing(kind, body, {
    step: o.step,
    phase: o.phase,
    artifactId: o.step,
    fileName: o.fileName ?? `${o.step}-${s.me}.ceremony`,
    description: o.description,
  });
}

/** Delivery of files to the exchange folder (online mode); nothing when there is none. */
export function deliveries(s: GroupCeremonyState, files: { artifactId: string; fileName: string }[]): EffectDraft[] {
  if (!s.exchangeFolder) return [];
  return files.map((f) => ({
    id: `deliver:${f.artifactId}`,
    kind: 'deliver',
    args: { artifactId: f.artifactId, fileName: f.fileName, folder: s.exchangeFolder },
  }));
}

export function deliverOutgoing(s: GroupCeremonyState, out: OutgoingDraft[]): EffectDraft[] {
  return deliveries(
    s,
    out.map((o) => ({ artifactId: o.artifactId, fileName: o.fileName })),
  );
}

/** public_key.txt, peers_list.txt and shared.sss as downloadable artifacts (public). */
export function publicArtifacts(g: GroupPublic): ArtifactDraft[] {
  const f = publicTrustServerFiles(g);
  const label = g.rehearsal ? ' (REHEARSAL group: do not publish)' : '';
  return [
    {
      id: 'public-key',
      name: 'public_key.txt',
      description: `The group key for public_info/public_key.txt${label}`,
      mime: 'text/plain',
      bytes: utf8ToBytes(f.publicKeyTxt),
    },
    {
      id: 'peers-list',
      name: 'peers_list.txt',
      description: `Members' server addresses for public_info/peers_list.txt${label}`,
      mime: 'text/plain',
      bytes: utf8ToBytes(f.peersListTxt),
    },
    {
      id: 'shared-sss',
      name: 'shared.sss',
      description: `The group commitments in sss-tool's shared.sss layout${label}`,
      mime: 'application/octet-stream',
      bytes: f.sharedSss,
    },
  ];
}

/** Refuses an exchange or export folder that does not exist (before anything is committed). */
export function requireFolder(path: string, what: string): string {
  if (!existsSync(path) || !statSync(path).isDirectory())
    throw new CeremonyError(
      'group/no-folder',
      `The ${what} ${path} does not exist or is not a folder; create it (or mount the drive) first.`,
      { path },
    );
  return path;
}

export function wrongStep(message: string): CeremonyError {
  return new CeremonyError('group/wrong-step', message, {});
}

export function ensureNoProblem(s: GroupCeremonyState): void {
  if (s.problem)
    throw new CeremonyError('group/stopped', `This ceremony was stopped: ${s.problem.message}`, { culprit: s.problem.culprit });
}

export type Ctx = StepContext<unknown>;
