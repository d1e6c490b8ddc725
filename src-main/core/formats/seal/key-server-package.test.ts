import { scryptAsync } from '@noble/hashes/scrypt.js';
import { gcm } from '@noble/ciphers/aes.js';
import { describe, expect, it } from 'vitest';
import { expectCode } from '../../vault/test-support.ts';
import { TEST_SCRYPT } from '../../vault/kdf.ts';
import {
  encodeKeyServerPackage,
  inspectKeyServerPackage,
  keyServerPackageFileName,
  openKeyServerPackage,
  type PackageFile,
} from './key-server-package.ts';

const PASS = 'correct horse battery staple';
const ABOUT = {
  committee: 'Seal committee 2026',
  member: 'Alice',
  keyServerObjId: '0x' + 'ab'.repeat(32),
  createdAt: '2026-12-06T19:00:00Z',
};
const FILES: PackageFile[] = [
  { name: 'master-share-v0.env', text: `MASTER_SHARE_V0=0x${'11'.repeat(32)}\n` },
  { name: 'key-server-config.yaml', text: 'server_mode: !Committee\n' },
  { name: 'README.txt', text: 'Start the key server.\n' },
];
const bytes = (s: string) => new TextEncoder().encode(s);

async function pkg(): Promise<string> {
  return encodeKeyServerPackage(ABOUT, FILES, PASS, { kdf: TEST_SCRYPT });
}

/** The doc's fields, edited, written back. */
function edit(text: string, f: (doc: { header: string; ciphertext: string; header_: Record<string, unknown> }) => void): Uint8Array {
  const doc = JSON.parse(text) as { header: string; ciphertext: string };
  const d = { ...doc, header_: JSON.parse(doc.header) as Record<string, unknown> };
  f(d);
  return bytes(JSON.stringify({ header: d.header === doc.header ? JSON.stringify(d.header_) : d.header, ciphertext: d.ciphertext }));
}

describe('the encrypted key-server package', () => {
  it('round trip: the three files come back as written, and the header says what the package is for', async () => {
    const text = await pkg();
    expect(text).not.toContain('11'.repeat(32));
    expect(inspectKeyServerPackage(bytes(text))).toEqual(ABOUT);
    const opened = await openKeyServerPackage(bytes(text), PASS);
    expect(opened).toEqual({ about: ABOUT, files: FILES });
    // NFKC: the same passphrase typed as decomposed characters opens it too
    const accented = 'crème brûlée passphrase';
    const p2 = await encodeKeyServerPackage(ABOUT, FILES, accented.normalize('NFC'), { kdf: TEST_SCRYPT });
    expect((await openKeyServerPackage(bytes(p2), accented.normalize('NFD'))).files).toEqual(FILES);
  });

  it('opens with plain scrypt and AES-256-GCM, as its comment tells an operator without this app', async () => {
    const doc = JSON.parse(await pkg()) as { header: string; ciphertext: string; about: string };
    expect(doc.about).toContain('npx ceremony seal open-package');
    const h = JSON.parse(doc.header) as {
      kdf: { N: number; r: number; p: number; dkLen: number };
      salt: string;
      nonce: string;
      check: string;
    };
    const out = await scryptAsync(bytes(PASS), Buffer.from(h.salt, 'base64'), { ...h.kdf });
    expect(Buffer.from(out.slice(32)).toString('base64')).toBe(h.check);
    const plain = gcm(out.slice(0, 32), Buffer.from(h.nonce, 'base64'), bytes(doc.header)).decrypt(Buffer.from(doc.ciphertext, 'base64'));
    expect(JSON.parse(new TextDecoder().decode(plain))).toEqual({ files: FILES });
  });

  it('a wrong passphrase is told apart from a damaged file', async () => {
    const text = await pkg();
    await expectCode(openKeyServerPackage(bytes(text), 'not the passphrase at all'), 'seal/package-wrong-passphrase');
    // one byte of the ciphertext changed: the passphrase checks, the contents do not
    const flipped = edit(text, (d) => {
      const c = Buffer.from(d.ciphertext, 'base64');
      c[5]! ^= 1;
      d.ciphertext = c.toString('base64');
    });
    await expectCode(openKeyServerPackage(flipped, PASS), 'seal/package-damaged');
    // the header is authenticated: a changed member name is caught
    await expectCode(
      openKeyServerPackage(
        edit(text, (d) => (d.header_.member = 'Mallory')),
        PASS,
      ),
      'seal/package-damaged',
    );
    // cut short, or another file altogether
    await expectCode(openKeyServerPackage(bytes(text.slice(0, text.length / 2)), PASS), 'seal/not-a-package');
    await expectCode(openKeyServerPackage(bytes('{"format":"ceremony-secret-backup"}'), PASS), 'seal/not-a-package');
    await expectCode(openKeyServerPackage(new Uint8Array([0xff, 0xfe, 0x00]), PASS), 'seal/not-a-package');
    expect(() => inspectKeyServerPackage(edit(text, (d) => (d.header_.version = 2)))).toThrow(/newer Ceremony/);
  });

  it('hostile KDF parameters are refused before any derivation', async () => {
    const text = await pkg();
    const costly = edit(text, (d) => (d.header_.kdf = { alg: 'scrypt', N: 2 ** 20, r: 8, p: 16, dkLen: 64 }));
    await expectCode(() => inspectKeyServerPackage(costly), 'vault/kdf-too-costly');
  });

  it('refuses a short passphrase and file names that are paths', async () => {
    await expectCode(encodeKeyServerPackage(ABOUT, FILES, 'short pass', { kdf: TEST_SCRYPT }), 'vault/passphrase-too-short');
    await expect(encodeKeyServerPackage(ABOUT, [{ name: '../evil', text: '' }], PASS, { kdf: TEST_SCRYPT })).rejects.toThrow(/file name/);
    await expect(encodeKeyServerPackage(ABOUT, [FILES[0]!, FILES[0]!], PASS, { kdf: TEST_SCRYPT })).rejects.toThrow(/file name/);
  });

  it('names the file after the committee and the member, safely', () => {
    expect(keyServerPackageFileName('Seal committee 2026', 'Alice B.')).toBe('seal-committee-2026-alice-b-key-server-package.json');
    expect(keyServerPackageFileName('../../etc', '')).toBe('etc-seal-key-server-package.json');
  });
});
