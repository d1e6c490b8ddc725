import { loadMcl } from '../bls-backend/mcl-module.ts';
import { prepareBlsBackend } from '../bls-backend/select.ts';
import { loadMcMath } from './fast/mcl-math.ts';
import { G1, G2, mulBase } from './groups.ts';

export interface PublicKeyArgs {
  group: 'G1' | 'G2';
  /** SECRET (a member's encryption key or master share); only ever inside this process's threads. */
  scalar: bigint;
}

/**
 * G·s, encoded: processing checks that the encryption key is the registered one and that the
 * new share matches its partial key. A worker task because the first fixed-base multiplication
 * builds noble's precomputed table (about 100 ms for G2), on the main thread it stalled the window.
 * Off the noble backend it is mcl's constant-time multiplication (about 1 ms for G2, where noble's
 * blinded constant-time one takes about 15 ms: the share's check ends process-all).
 */
export async function publicKeyTask(args: PublicKeyArgs): Promise<Uint8Array> {
  if ((await prepareBlsBackend()) !== 'noble') return (await loadMcMath(loadMcl)).mulBaseSecret(args.group, args.scalar);
  return args.group === 'G1' ? G1.encode(mulBase(G1, args.scalar)) : G2.encode(mulBase(G2, args.scalar));
}
