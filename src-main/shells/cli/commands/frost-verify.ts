import { bytesToHex } from '@noble/hashes/utils.js';
import { resolveFrostSuite, verifySignature } from '../../../core/crypto/frost/index.ts';
import { CeremonyError } from '../../../core/errors.ts';
import type { Command } from '../command.ts';
import { hexOrFile, readInputFile, requireString } from './frost-cli-core.ts';

/** `ceremony frost verify -m FILE -s SIG -k GROUPKEY --suite S`: anyone can check a signature. */
export const frostVerifyCommand: Command = {
  usage: '-m MESSAGE_FILE -s SIGNATURE -k GROUPKEY --suite SUITE [--json]',
  description:
    'SIGNATURE and GROUPKEY are hex, or files holding hex or raw bytes (frost-client -o writes raw bytes). Suites: ed25519, secp256k1, secp256k1-tr, p256, ed448, ristretto255. ' +
    'Exit status 0 when the signature is valid, 1 when it is not.',
  options: {
    message: { type: 'string', short: 'm' },
    signature: { type: 'string', short: 's' },
    key: { type: 'string', short: 'k' },
    suite: { type: 'string' },
  },
  async run(ctx) {
    const usage = 'ceremony frost verify -m FILE -s SIG -k GROUPKEY --suite S';
    const suite = resolveFrostSuite(requireString(ctx, 'suite', usage));
    const message = readInputFile(ctx, requireString(ctx, 'message', usage), 'message');
    const signature = hexOrFile(ctx, requireString(ctx, 'signature', usage), 'signature');
    const key = hexOrFile(ctx, requireString(ctx, 'key', usage), 'group key');
    if (signature.length !== suite.signatureLength)
      throw new CeremonyError(
        'frost/bad-signature-length',
        `A ${suite.name} signature has ${suite.signatureLength} bytes; this one has ${signature.length}.`,
      );
    if (key.length !== suite.elementLength)
      throw new CeremonyError(
        'frost/bad-key-length',
        `A ${suite.name} group key has ${suite.elementLength} bytes; this one has ${key.length}.`,
      );
    const valid = verifySignature(suite.id, message, signature, key);
    const data = { valid, suite: suite.name, groupKey: bytesToHex(key), signature: bytesToHex(signature), messageBytes: message.length };
    return {
      data,
      text: valid
        ? `Signature valid (${suite.name}, group key ${bytesToHex(key)})`
        : `Signature INVALID: not made by group key ${bytesToHex(key)} over this message (${suite.name})`,
      exitCode: valid ? 0 : 1,
    };
  },
};
