import { formatAddress, parseAddress } from './address.ts';
import { DKG_RO_PREFIX } from './constants.ts';
import { RandomOracle } from './random-oracle.ts';

/**
 * The random oracles of one DKG run (seal-committee-cli `create_dkg_random_oracle` and fastcrypto
 * dkg_v1): base "SEAL_DKG_V0:0x<64 hex of the NEW committee id>", extended per use.
 */
export class DkgOracles {
  readonly base: RandomOracle;

  constructor(committeeId: string | Uint8Array) {
    this.base = new RandomOracle(DKG_RO_PREFIX + formatAddress(parseAddress(committeeId, 'committee id')));
  }

  static fromPrefix(prefix: string): DkgOracles {
    const o = Object.create(DkgOracles.prototype) as { base: RandomOracle };
    o.base = new RandomOracle(prefix);
    return o as DkgOracles;
  }

  /** Shares dealt by `sender` are encrypted under "<base>-encs <sender>". */
  encryption(sender: number): RandomOracle {
    return this.base.extend(`encs ${sender}`);
  }

  /** The dealer's proof of knowledge of its secret: "<base>-nizkpok of secret from <sender>". */
  proofOfKnowledge(sender: number): RandomOracle {
    return this.base.extend(`nizkpok of secret from ${sender}`);
  }

  /** Complaint recovery packages: "<base>-recovery of <accuser> received from <accused>". */
  recovery(accuser: number, accused: number): RandomOracle {
    return this.base.extend(`recovery of ${accuser} received from ${accused}`);
  }
}
