/**
 * A rehearsal ledger: an in-process model of a Sui full node running the Seal committee contract,
 * behind `@mysten/sui`'s CoreClient (see `ledger.client`). Coordinators rehearse a ceremony with
 * their team on it before the real one, and the tests run against it. Its network name is
 * 'rehearsal' and every file it writes says it is not a real network.
 *
 * Faithful to Sui: TransactionData/effects/object BCS, transaction and object digests, object id
 * derivation, dynamic-field ids, lamport versions, shared-object rules (initial version,
 * mutability, by-value use, deleted inputs), signature checks, idempotent resubmission, and every
 * check and abort code of the committee functions and of the key_server functions they call.
 * Simplified (a rehearsal needs no more): one epoch; gas paid from coins only (no address
 * balances, no sponsors); a flat gas schedule (1000 units per command, a fixed storage price per
 * byte); only Publish, TransferObjects and MoveCalls to the six ceremony functions are executed;
 * published bytecode is not verified (any module with the Move magic is taken as a committee
 * package, linked to the ledger's own `seal` package whatever its dependency list says).
 */
import { bcs } from '@mysten/sui/bcs';
import { isValidSuiAddress, normalizeSuiAddress } from '@mysten/sui/utils';
import { verifyTransactionSignature } from '@mysten/sui/verify';
import { CeremonyError } from '../../../errors.ts';
import { RehearsalClient } from './client.ts';
import { faucetGift, runTransaction } from './executor.ts';
import { rejected } from './failures.ts';
import { DEFAULT_FAUCET_AMOUNT, REHEARSAL_LABEL, REHEARSAL_NETWORK, type LedgerState, type StoredTransaction } from './state.ts';
import { FolderLedgerStore, MemoryLedgerStore, type FolderStoreOptions, type LedgerStore } from './store.ts';

export interface LedgerOptions {
  /** Clock for transaction timestamps (tests pin it). */
  now?: () => number;
}

export class RehearsalLedger {
  readonly network = REHEARSAL_NETWORK;
  readonly label = REHEARSAL_LABEL;
  readonly client: RehearsalClient;
  private readonly now: () => number;

  private constructor(
    readonly store: LedgerStore,
    opts: LedgerOptions,
  ) {
    this.now = opts.now ?? Date.now;
    this.client = new RehearsalClient(this);
  }

  /** A ledger living only in this process. */
  static inMemory(opts: LedgerOptions = {}): RehearsalLedger {
    return new RehearsalLedger(new MemoryLedgerStore(), opts);
  }

  /**
   * The ledger kept in folder `dir` (created with a fresh genesis when empty). Any number of
   * processes may open the same folder; each sees the others' transactions.
   */
  static async openFolder(dir: string, opts: LedgerOptions & FolderStoreOptions = {}): Promise<RehearsalLedger> {
    const store = new FolderLedgerStore(dir, opts);
    await store.init();
    return new RehearsalLedger(store, opts);
  }

  /** The latest committed state (read-only). */
  read(): LedgerState {
    return this.store.read();
  }

  /** Verifies the sender's signature, then executes and commits. Throws for what a node would refuse. */
  async execute(bytes: Uint8Array, signatures: string[]): Promise<StoredTransaction> {
    let sender: string;
    try {
      sender = normalizeSuiAddress(bcs.TransactionData.parse(bytes).V1!.sender);
    } catch {
      throw rejected('malformed-transaction', 'These bytes are not a Sui TransactionData.');
    }
    if (signatures.length !== 1) {
      throw rejected(
        'signature-count',
        `A rehearsal transaction needs exactly one signature, by its sender ${sender}; got ${signatures.length}.`,
      );
    }
    try {
      await verifyTransactionSignature(bytes, signatures[0]!, { address: sender });
    } catch {
      throw rejected('invalid-signature', `The signature is not a valid signature of this transaction by its sender ${sender}.`, {
        sender,
      });
    }
    const nowMs = this.now();
    return this.store.update((state) => runTransaction(state, { bytes, signatures, mode: 'execute', nowMs }));
  }

  /** Dry run: no signature needed, nothing committed; an empty gas payment is allowed. */
  async simulate(bytes: Uint8Array): Promise<StoredTransaction> {
    return runTransaction(this.store.read(), { bytes, signatures: [], mode: 'simulate', nowMs: this.now() });
  }

  /** Gives rehearsal SUI (default 10 SUI) to `address` as a new coin. */
  async faucet(
    address: string,
    amountMist: bigint = DEFAULT_FAUCET_AMOUNT,
  ): Promise<{ coinId: string; digest: string; amountMist: bigint }> {
    const a = normalizeSuiAddress(address);
    if (!isValidSuiAddress(a)) throw new CeremonyError('rehearsal/invalid-address', `"${address}" is not a Sui address.`);
    if (amountMist <= 0n) throw new CeremonyError('rehearsal/invalid-amount', 'The faucet amount must be positive.');
    const nowMs = this.now();
    const { coinId, record } = await this.store.update((state) => faucetGift(state, a, amountMist, nowMs));
    return { coinId, digest: record.digest, amountMist };
  }
}
