import { sha3_512 } from '@noble/hashes/sha3.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * fastcrypto-tbls `RandomOracle`: SHA3-512 over (u32 big-endian prefix length ‖ prefix ‖ BCS
 * input). `extend` appends "-" and a sub-domain. Callers pass the BCS bytes of the input.
 */
export class RandomOracle {
  private readonly header: Uint8Array;

  constructor(readonly prefix: string) {
    const p = utf8ToBytes(prefix);
    this.header = new Uint8Array(4 + p.length);
    new DataView(this.header.buffer).setUint32(0, p.length, false);
    this.header.set(p, 4);
  }

  extend(extension: string): RandomOracle {
    return new RandomOracle(`${this.prefix}-${extension}`);
  }

  /** 64-byte output for the given BCS-serialized input. */
  evaluate(bcsInput: Uint8Array): Uint8Array {
    return sha3_512.create().update(this.header).update(bcsInput).digest();
  }
}
