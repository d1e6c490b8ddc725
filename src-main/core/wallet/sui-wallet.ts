import { readFileSync, statSync } from 'node:fs';
import { Transaction } from '@mysten/sui/transactions';
import { fromBase64, normalizeSuiAddress, toBase64 } from '@mysten/sui/utils';
import type { Keypair } from '@mysten/sui/cryptography';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { CeremonyError } from '../errors.ts';
import type { VaultService } from '../vault/index.ts';
import {
  addressOfSecret,
  exportSecret,
  keypairFromSecret,
  parseSuiKeyInput,
  secretFromBytes,
  secretToBytes,
  type SuiSecret,
} from '../transports/sui/keys.ts';
import { describeTransaction } from '../transports/sui/tx/describe.ts';
import type { DescribedTransaction, WalletAccount } from '../../../src-shared/api/wallet.ts';

const KIND = 'sui.key';
const ID_PREFIX = 'sui-key/';
const MAX_KEY_FILE = 1024 * 1024;

export interface ConfirmSigning {
  /** Asks the person to approve signing; false refuses. The Electron shell shows a native dialog. */
  (account: WalletAccount, tx: DescribedTransaction): Promise<boolean>;
}

/**
 * Sui account keys in the vault, and signing with them. Keys come in from files main reads (a
 * `sui.keystore` or a file with a `suiprivkey1…`), or are generated; they never go out.
 */
export class SuiWallet {
  constructor(
    private readonly vault: VaultService,
    private readonly confirm: ConfirmSigning = async () => true,
  ) {}

  private static account(secret: SuiSecret, label: string): WalletAccount {
    const kp = keypairFromSecret(secret);
    return {
      address: normalizeSuiAddress(kp.toSuiAddress()),
      scheme: secret.scheme,
      publicKey: toBase64(kp.getPublicKey().toRawBytes()),
      label,
    };
  }

  async accounts(): Promise<WalletAccount[]> {
    const v = await this.vault.unlockedVault();
    const out: WalletAccount[] = [];
    for (const m of v.list().filter((x) => x.kind === KIND)) {
      const bytes = await v.get(m.id);
      try {
        out.push(SuiWallet.account(secretFromBytes(bytes), m.label));
      } finally {
        bytes.fill(0);
      }
    }
    return out.sort((a, b) => a.label.localeCompare(b.label));
  }

  /** Stores a key (idempotent for the same key); returns its public account. */
  async importSecret(secret: SuiSecret, label?: string): Promise<WalletAccount> {
    const address = addressOfSecret(secret);
    const v = await this.vault.unlockedVault();
    const id = ID_PREFIX + address;
    const account = SuiWallet.account(secret, label ?? v.meta(id)?.label ?? `Sui account ${address.slice(0, 10)}…`);
    if (v.has(id)) return { ...account, label: v.meta(id)!.label };
    const bytes = secretToBytes(secret);
    try {
      await v.put({ id, label: account.label, kind: KIND, ceremonyId: null, publicKey: fromBase64(account.publicKey) }, bytes);
    } finally {
      bytes.fill(0);
    }
    return account;
  }

  async importFile(path: string, address?: string, label?: string): Promise<WalletAccount> {
    let size: number;
    try {
      size = statSync(path).size;
    } catch {
      throw new CeremonyError('wallet/no-file', `No file at ${path}.`, { path });
    }
    if (size > MAX_KEY_FILE) throw new CeremonyError('wallet/not-a-key-file', `${path} is too large to be a key file.`, { path });
    const text = readFileSync(path, 'utf8');
    return this.importSecret(parseSuiKeyInput(text, address), label);
  }

  async generate(label: string): Promise<WalletAccount> {
    return this.importSecret(exportSecret(new Ed25519Keypair()), label);
  }

  /** MAIN-PROCESS ONLY: the keypair of a vault account. */
  async keypair(address: string): Promise<Keypair> {
    const v = await this.vault.unlockedVault();
    const id = ID_PREFIX + normalizeSuiAddress(address);
    if (!v.has(id))
      throw new CeremonyError(
        'wallet/unknown-account',
        `The vault holds no key for ${normalizeSuiAddress(address)}; import it first, or sign offline.`,
      );
    const bytes = await v.get(id);
    try {
      return keypairFromSecret(secretFromBytes(bytes));
    } finally {
      bytes.fill(0);
    }
  }

  /** Fully built transaction bytes from base64 bytes or a Transaction's JSON. */
  static async transactionBytes(transaction: string): Promise<Uint8Array> {
    const t = transaction.trim();
    try {
      if (t.startsWith('{')) return await Transaction.from(t).build();
      return fromBase64(t);
    } catch {
      throw new CeremonyError(
        'wallet/not-built',
        'This transaction is not fully built (its objects and gas are not resolved); prepare it in the ceremony first.',
      );
    }
  }

  static describe(bytes: Uint8Array): DescribedTransaction {
    const d = describeTransaction(bytes);
    const lines = d.commands.map((c) => {
      switch (c.kind) {
        case 'publish':
          return `Publish a package (${c.modules} modules)`;
        case 'transfer':
          return `Transfer ${c.objects.length} object(s) to ${c.recipient}`;
        case 'move-call':
          return `${c.target}(${c.arguments.map((a) => `${a.name}: ${a.value.length > 80 ? a.value.slice(0, 77) + '…' : a.value}`).join(', ')})`;
        default:
          return c.command;
      }
    });
    const payer = d.gas.coins === 0 ? `from the address balance of ${d.gas.owner}` : `by ${d.gas.owner}`;
    lines.push(`Gas: up to ${d.gas.budget} MIST at ${d.gas.price} MIST per unit, paid ${payer}`);
    if (d.validUntilEpoch !== null) {
      lines.push(`Expires: valid only until the end of epoch ${d.validUntilEpoch} (about a day); after that, prepare it again`);
    }
    return { digest: d.digest, sender: d.sender, lines, gasBudgetMist: d.gas.budget };
  }

  async signTransaction(address: string, transaction: string): Promise<{ bytes: string; signature: string; digest: string }> {
    const bytes = await SuiWallet.transactionBytes(transaction);
    const description = SuiWallet.describe(bytes);
    const want = normalizeSuiAddress(address);
    if (normalizeSuiAddress(description.sender) !== want) {
      throw new CeremonyError(
        'wallet/wrong-sender',
        `This transaction is to be sent by ${description.sender}, not by the chosen account ${want}.`,
      );
    }
    const account = (await this.accounts()).find((a) => a.address === want);
    if (!account)
      throw new CeremonyError('wallet/unknown-account', `The vault holds no key for ${want}; import it first, or sign offline.`);
    if (!(await this.confirm(account, description))) throw new CeremonyError('wallet/refused', 'Signing was cancelled.');
    const kp = await this.keypair(want);
    const { signature } = await kp.signTransaction(bytes);
    return { bytes: toBase64(bytes), signature, digest: description.digest };
  }
}
