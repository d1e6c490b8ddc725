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
 */
export function publicKeyTask(args: PublicKeyArgs): Uint8Array {
  return args.group === 'G1' ? G1.encode(mulBase(G1, args.scalar)) : G2.encode(mulBase(G2, args.scalar));
}
