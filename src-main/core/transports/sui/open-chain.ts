/**
 * Opens the chain a ceremony runs on: a real network through `@mysten/sui`'s gRPC client, or a
 * rehearsal ledger (in this process, or shared through a folder) behind the same interface.
 */
import type { CommitteeChain } from './chain.ts';
import { RehearsalLedger } from './ledger/ledger.ts';
import { createSuiClient, type NetworkConfig } from './network.ts';
import { SuiCommitteeChain } from './sui-chain.ts';

export interface OpenedChain {
  chain: CommitteeChain;
  /** The rehearsal ledger behind `chain`, or null on a real network. */
  ledger: RehearsalLedger | null;
}

/** A chain for a rehearsal ledger handle (the faucet is exposed as `chain.faucet`). */
export function rehearsalChain(ledger: RehearsalLedger, ledgerDir: string | null = null): SuiCommitteeChain {
  return new SuiCommitteeChain(
    ledger.client,
    { kind: 'rehearsal', ledgerDir },
    { faucet: (address, amount) => ledger.faucet(address, amount) },
  );
}

export async function openChain(config: NetworkConfig): Promise<OpenedChain> {
  if (config.kind === 'rehearsal') {
    const ledger = config.ledgerDir ? await RehearsalLedger.openFolder(config.ledgerDir) : RehearsalLedger.inMemory();
    return { chain: rehearsalChain(ledger, config.ledgerDir), ledger };
  }
  return { chain: new SuiCommitteeChain(createSuiClient(config), config), ledger: null };
}
