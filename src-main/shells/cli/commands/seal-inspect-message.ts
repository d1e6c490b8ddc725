import { resolve } from 'node:path';
import { hexToBytes } from '@noble/hashes/utils.js';
import { CeremonyError } from '../../../core/errors.ts';
import { inspectMessage } from '../../../core/crypto/seal/inspect.ts';
import { decodeMessageJson } from '../../../core/crypto/seal/message-json.ts';
import type { Command } from '../command.ts';
import { readTextFile } from './seal-validate.ts';

/** `ceremony seal inspect-message <message_P.json>`: decode a DKG message and verify what can be verified. */
export const sealInspectMessageCommand: Command = {
  usage: '<message_P.json> [--committee-id ID] [--signing-pk HEX] [--json]',
  description:
    'Shows sender, threshold, committee size and the constant commitment. Point encodings are always checked;\n' +
    "the proofs need --committee-id, the signature also the sender's DKG_SIGNING_PK (--signing-pk). Exits 1\n" +
    'when a performed check fails.',
  options: { 'committee-id': { type: 'string' }, 'signing-pk': { type: 'string' } },
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const path = resolve(ctx.cwd, ctx.args[0]!);
    const bytes = decodeMessageJson(readTextFile(path, 'the message file'), path);
    const committeeId = ctx.options['committee-id'];
    const signingPkHex = ctx.options['signing-pk'];
    let signingPk: Uint8Array | undefined;
    if (typeof signingPkHex === 'string') {
      const h = signingPkHex.replace(/^0x/i, '');
      if (!/^[0-9a-fA-F]{192}$/.test(h)) throw new CeremonyError('cli/usage', '--signing-pk must be 96 bytes of hex (DKG_SIGNING_PK).', {});
      signingPk = hexToBytes(h);
    }
    if (signingPk && typeof committeeId !== 'string')
      throw new CeremonyError('cli/usage', '--signing-pk needs --committee-id too (the signature covers it).', {});
    const r = inspectMessage(bytes, { ...(typeof committeeId === 'string' ? { committeeId } : {}), ...(signingPk ? { signingPk } : {}) });
    const mark = { ok: '✓', failed: '✗', 'not-checked': '·' } as const;
    const lines = [
      `DKG message from party ${r.sender}: threshold ${r.threshold}, ${r.recipients} recipients, ${r.bytes} bytes` +
        (r.bytes === r.expectedBytes ? '' : ` (expected ${r.expectedBytes} for t=${r.threshold}, n=${r.recipients})`),
      `  constant commitment ${r.commitmentC0}`,
      ...r.checks.map((c) => `  ${mark[c.status]} ${c.name}: ${c.detail}`),
    ];
    const failed = r.checks.some((c) => c.status === 'failed');
    return { data: { ok: !failed, file: path, ...r }, text: lines.join('\n'), exitCode: failed ? 1 : 0 };
  },
};
