/**
 * Effects that write outside the ceremony folder:
 *
 *  - `deliver`: drops an outgoing file into the exchange folder (online mode). Idempotent: the
 *    same artifact always lands under the same name with the same bytes.
 *  - `export`: writes the trust-server files into a folder the operator chose. private.sss holds
 *    the share in plaintext (sss-tool reads it that way), so it is written only on explicit
 *    request, with owner-only permissions, and never into the data folder.
 */
import { join } from 'node:path';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { Json } from '../../encoding/canonical-json.ts';
import type { EffectDraft, StepResult } from '../../engine/protocol.ts';
import { writeFileAtomic } from '../../fsx/atomic.ts';
import { privateSssFor, publicTrustServerFiles } from '../../formats/group/trust-server-export.ts';
import { requireFolder, wrongStep, type Ctx } from './common.ts';
import { readShare, sssSeed } from './secrets.ts';
import { clone, type GroupCeremonyState } from './state.ts';

export function exportEffect(s: GroupCeremonyState, input: { folder: string; includePrivate: boolean }): EffectDraft {
  if (!s.group) throw wrongStep('There is no group key to export yet.');
  requireFolder(input.folder, 'export folder');
  return { id: `export:${s.exports.length + 1}`, kind: 'export', args: { folder: input.folder, includePrivate: input.includePrivate } };
}

export async function runGroupEffect(effect: EffectDraft, s: GroupCeremonyState, ctx: Ctx): Promise<Json> {
  if (effect.kind === 'deliver') {
    const { artifactId, fileName, folder } = effect.args as { artifactId: string; fileName: string; folder: string };
    requireFolder(folder, 'exchange folder');
    writeFileAtomic(join(folder, fileName), ctx.readArtifact(artifactId));
    return { artifactId, fileName };
  }
  if (effect.kind === 'export') {
    const { folder, includePrivate } = effect.args as { folder: string; includePrivate: boolean };
    requireFolder(folder, 'export folder');
    const g = s.group!;
    const pub = publicTrustServerFiles(g);
    writeFileAtomic(join(folder, 'public_key.txt'), utf8ToBytes(pub.publicKeyTxt));
    writeFileAtomic(join(folder, 'peers_list.txt'), utf8ToBytes(pub.peersListTxt));
    writeFileAtomic(join(folder, 'shared.sss'), pub.sharedSss);
    const files = ['public_key.txt', 'peers_list.txt', 'shared.sss'];
    if (includePrivate) {
      const share = await readShare(ctx);
      const seed = await sssSeed(ctx, s.groupId);
      const bytes = privateSssFor(g, s.me, share, seed);
      writeFileAtomic(join(folder, 'private.sss'), bytes, { mode: 0o600 });
      bytes.fill(0);
      share.fill(0);
      files.push('private.sss');
    }
    return { folder, files, at: ctx.now() };
  }
  throw new Error(`unknown group effect ${effect.kind}`);
}

export function applyGroupEffect(state: GroupCeremonyState, effect: EffectDraft, result: Json): StepResult<GroupCeremonyState> {
  const s = clone(state);
  if (effect.kind === 'deliver') {
    const r = result as { fileName: string };
    return { state: s, summary: `Dropped ${r.fileName} in the exchange folder` };
  }
  const r = result as { folder: string; files: string[]; at: string };
  s.exports.push({ folder: r.folder, files: r.files, at: r.at });
  return { state: s, summary: `Exported ${r.files.join(', ')} to ${r.folder}` };
}
