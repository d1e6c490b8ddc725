import { inspectBundle } from '../../../core/bundles/codec.ts';
import { MAX_BUNDLE_BYTES } from '../../../core/bundles/format.ts';
import { fingerprintOf } from '../../../core/encoding/check-code.ts';
import type { Command } from '../command.ts';
import { readFileArgument } from './file-argument.ts';

/**
 * `ceremony bundle inspect <file>`: the header, check code and signature validity of a bundle
 * file, without importing it. A readable bundle whose payload or signature fails is still
 * described (with the failure), and the command exits 1.
 */
export const bundleInspectCommand: Command = {
  usage: '<file> [--json]',
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const { path, bytes } = readFileArgument(ctx, MAX_BUNDLE_BYTES);
    const i = inspectBundle(bytes);
    const h = i.header;
    const data = {
      file: path,
      valid: i.valid,
      problem: i.problem ? { code: i.problem.code, message: i.problem.message } : null,
      fingerprint: i.fingerprint,
      checkCode: i.checkCode,
      header: { ...h, sender: { ...h.sender, keyFingerprint: fingerprintOf(h.sender.publicKey) } },
    };
    const text = [
      `File:        ${path}`,
      `Protocol:    ${h.protocol}${h.rehearsal ? ' (REHEARSAL)' : ''}`,
      `Ceremony:    ${h.ceremonyId}`,
      `Step:        phase ${h.phase}, ${h.step}`,
      `Sender:      ${h.sender.label || '(no name)'} (${h.sender.id}), key ${h.sender.publicKey}`,
      `Created:     ${h.createdAt}`,
      `Payload:     ${h.payloadLength} bytes (${h.payloadType})`,
      `Check code:  ${i.checkCode}`,
      `Fingerprint: ${i.fingerprint}`,
      `Signature:   ${i.valid ? 'valid' : `INVALID — ${i.problem!.message}`}`,
    ].join('\n');
    return { data, text, exitCode: i.valid ? 0 : 1 };
  },
};
