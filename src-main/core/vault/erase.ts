import { closeSync, fstatSync, fsyncSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';

/**
 * Best-effort erase: overwrite the file in place with random bytes, fsync, unlink, fsync the
 * folder. Returns false when there was no file.
 *
 * Limits, stated plainly: on SSDs (wear levelling), copy-on-write or journaling file systems
 * (btrfs, ZFS, APFS, ext4 data=journal) and with snapshots or backups, the old blocks may
 * survive the overwrite. What actually protects a deleted secret is that the file only ever
 * held ciphertext under the vault's data key, and that deleting a secret renews that key (the
 * old one leaves the keychain: see "Renewing the data key" in vault.ts). Random rather than
 * zero bytes: some file systems turn all-zero writes into holes without touching the old blocks.
 */
export function eraseFile(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'r+');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
  try {
    const size = fstatSync(fd).size;
    const chunk = 64 * 1024;
    for (let off = 0; off < size; off += chunk) {
      const n = Math.min(chunk, size - off);
      writeSync(fd, randomBytes(n), 0, n, off);
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  unlinkSync(path);
  if (process.platform !== 'win32') {
    const dfd = openSync(dirname(path), 'r');
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  }
  return true;
}
