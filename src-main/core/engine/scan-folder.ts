import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { CeremonyError } from '../errors.ts';
import { BUNDLE_EXTENSION, MAX_BUNDLE_BYTES } from '../bundles/format.ts';

/**
 * The files of a folder (e.g. a mounted USB stick) worth offering to an import: bundles and
 * JSON files (protocols' native files), two levels deep, hidden entries skipped. A file too
 * large to be a bundle is passed as an oversize marker so the import reports it, unread.
 */
export function importCandidates(dir: string): { name: string; bytes: Uint8Array }[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new CeremonyError('engine/no-folder', `The folder ${dir} does not exist (is the drive still mounted?).`);
  }
  const files: { name: string; bytes: Uint8Array }[] = [];
  const walk = (d: string, depth: number) => {
    for (const ent of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (ent.name.startsWith('.')) continue;
      const p = join(d, ent.name);
      if (ent.isDirectory() && depth < 2) walk(p, depth + 1);
      else if (ent.isFile() && (ent.name.endsWith(BUNDLE_EXTENSION) || ent.name.endsWith('.json'))) {
        const size = statSync(p).size;
        files.push({
          name: relative(dir, p) || basename(p),
          bytes: size > MAX_BUNDLE_BYTES ? new Uint8Array(MAX_BUNDLE_BYTES + 1) : new Uint8Array(readFileSync(p)),
        });
      }
    }
  };
  walk(dir, 0);
  return files;
}
