import { describe, expect, it } from 'vitest';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { expectCode } from '../../vault/test-support.ts';
import { boxCredentials, credentialsKeyPair, openCredentials } from './credentials-box.ts';

describe('API credentials box (X25519 + HKDF + ChaCha20-Poly1305 to the coordinator)', () => {
  const msg = utf8ToBytes('{"apiKeyName":"x-api-key","apiKey":"s3cret-api-key"}');

  it('opens only with the recipient key and the same context; hides the plaintext', async () => {
    const r = credentialsKeyPair();
    const box = boxCredentials(r.publicKey, 'ctx-a', msg);
    expect(Buffer.from(box).includes(Buffer.from('s3cret-api-key'))).toBe(false);
    expect(openCredentials(r.secretKey, 'ctx-a', box)).toEqual(msg);
    await expectCode(() => openCredentials(credentialsKeyPair().secretKey, 'ctx-a', box), 'seal/credentials-unreadable');
    await expectCode(() => openCredentials(r.secretKey, 'ctx-b', box), 'seal/credentials-unreadable');
    for (const i of [0, 1, 40, box.length - 1]) {
      const t = box.slice();
      t[i]! ^= 1;
      await expectCode(() => openCredentials(r.secretKey, 'ctx-a', t), 'seal/credentials-unreadable');
    }
    await expectCode(() => openCredentials(r.secretKey, 'ctx-a', box.subarray(0, 20)), 'seal/credentials-unreadable');
  });

  it('refuses a low-order recipient key', async () => {
    await expectCode(() => boxCredentials(new Uint8Array(32), 'ctx', msg), 'seal/bad-credentials-key');
  });
});
