import { toBase64 } from '@mysten/sui/utils';
import type { BytecodeDump } from '../../transports/sui/tx/bytecode-dump.ts';

/**
 * The committee "package" published on rehearsal ledgers when the coordinator gives none: one
 * module with the Move magic, which the ledger links to its built-in committee contract (the
 * ledger does not verify bytecode). Never valid on a real network, which needs the real dump of
 * seal's move/committee.
 */
export function rehearsalDump(): BytecodeDump {
  const module = Uint8Array.from([0xa1, 0x1c, 0xeb, 0x0b, 7, 0, 0, 0, ...new TextEncoder().encode('ceremony rehearsal committee')]);
  return {
    modules: [toBase64(module)],
    dependencies: ['0x1', '0x2', '0x5ea1'].map((d) => `0x${d.slice(2).padStart(64, '0')}`),
    digest: new Uint8Array(32),
  };
}
