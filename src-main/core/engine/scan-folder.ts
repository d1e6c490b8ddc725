import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { CeremonyError } from '../errors.ts';
import { BUNDLE_EXTENSION, MAX_BUNDLE_BYTES } from '../bundles/format.ts';

/** A file offered to an import: read only when its turn comes, so a folder is never all in memory. */
export interface ImportSource {
  name: string;
  read: () => Uint8Array;
}

/** Caps on one folder import (a USB stick is not meant to hold more than a ceremony's files). */
export const MAX_FOLDER_FILES = 1000;
export const MAX_FOLDER_BYTES = 256 * 1024 * 1024;

const MiB = 1024 * 1024;

/**
 * The files of a folder (e.g. a mounted USB stick) worth offering to an import: bundles and
 * JSON files (protocols' native files), two levels deep, hidden entries skipped. Only names and
 * sizes are gathered here; each file is read when it is imported. A file too large to be a
 * bundle yields an oversize marker so the import reports it, unread. More than
 * MAX_FOLDER_FILES candidates, or more than MAX_FOLDER_BYTES in total, refuses the folder.
 */
export function importCandidates(dir: string): ImportSource[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new CeremonyError('engine/no-folder', `The folder ${dir} does not exist (is the drive still mounted?).`);
  }
  const files: ImportSource[] = [];
  let total = 0;
  const walk = (d: string, depth: number) => {
    for (const ent of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (ent.name.startsWith('.')) continue;
      const p = join(d, ent.name);
      if (ent.isDirectory() && depth < 2) walk(p, depth + 1);
      else if (ent.isFile() && (ent.name.endsWith(BUNDLE_EXTENSION) || ent.name.endsWith('.json'))) {
        if (files.length >= MAX_FOLDER_FILES) {
          throw new CeremonyError(
            'engine/folder-too-many-files',
            `The folder ${dir} holds more than ${MAX_FOLDER_FILES} bundle or JSON files; nothing was imported. Copy this ceremony's files to a folder of their own and import that.`,
            { dir, limit: MAX_FOLDER_FILES },
          );
        }
        const size = statSync(p).size;
        const oversize = size > MAX_BUNDLE_BYTES;
        if (!oversize) total += size;
        if (total > MAX_FOLDER_BYTES) {
          throw new CeremonyError(
            'engine/folder-too-large',
            `The bundle and JSON files in ${dir} add up to more than ${MAX_FOLDER_BYTES / MiB} MiB; nothing was imported. Copy this ceremony's files to a folder of their own and import that.`,
            { dir, limit: MAX_FOLDER_BYTES },
          );
        }
        files.push({
          name: relative(dir, p) || basename(p),
          read: oversize ? () => new Uint8Array(MAX_BUNDLE_BYTES + 1) : () => new Uint8Array(readFileSync(p)),
        });
      }
    }
  };
  walk(dir, 0);
  return files;
}
