import { fromBase64 } from '@mysten/sui/utils';
import type { SealRegisterFunds } from '../../../../src-shared/ceremonies/seal.ts';
import { CeremonyError } from '../../errors.ts';
import { describeTransaction } from '../../transports/sui/tx/describe.ts';
import type { NetworkConfig } from '../../transports/sui/network.ts';
import { registerCall } from './member.ts';
import { networkConfig } from './network.ts';
import type { SealServices } from './services.ts';
import type { SealState } from './state.ts';

/** The public web faucet serves testnet and devnet; mainnet has none, and a custom node's network is unknown. */
const WEB_FAUCET = 'https://faucet.sui.io/';

export function faucetUrlOf(network: NetworkConfig): string | null {
  return network.kind === 'testnet' || network.kind === 'devnet' ? WEB_FAUCET : null;
}

/**
 * Before a member registers: the balance of the account that signs the registration and the most
 * the registration costs, read from the ceremony's chain. The fee is the gas budget the register
 * transaction carries: the prepared one's when it exists, else the same dry-run estimate its build
 * makes (without choosing gas coins, so an empty account still learns what it needs). A node that
 * cannot estimate leaves the fee out with the reason; one that cannot give the balance fails the call.
 */
export async function registerFunds(state: SealState, services: Pick<SealServices, 'openChain'>): Promise<SealRegisterFunds> {
  if (state.role !== 'member')
    throw new CeremonyError('seal/not-a-member', 'Only a committee member registers; this ceremony is not a member ceremony.');
  if (state.airGapped)
    throw new CeremonyError(
      'seal/offline-member',
      'This computer stays offline, so it cannot read the chain: your relay sees your balance when it prepares the registration.',
    );
  const call = registerCall(state);
  const network = networkConfig(state.committee.network);
  const chain = await services.openChain(network);
  const balance = await chain.getBalance(state.address);
  let fee: bigint | null = null;
  let feeProblem: string | null = null;
  if (state.pending?.purpose === 'register') {
    fee = BigInt(describeTransaction(fromBase64(state.pending.bytes)).gas.budget);
  } else {
    try {
      fee = await chain.estimateGasBudget(call, state.address);
    } catch (e) {
      feeProblem = e instanceof Error ? e.message : String(e);
    }
  }
  return {
    network: chain.label,
    address: state.address,
    balanceMist: balance.toString(),
    feeMist: fee === null ? null : fee.toString(),
    feeProblem,
    selfFunding: Boolean(chain.faucet),
    faucetUrl: faucetUrlOf(network),
  };
}
