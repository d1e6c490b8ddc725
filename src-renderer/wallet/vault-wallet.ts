import {
  ReadonlyWalletAccount,
  SUI_CHAINS,
  type IdentifierString,
  type StandardConnectFeature,
  type StandardConnectMethod,
  type StandardDisconnectFeature,
  type StandardDisconnectMethod,
  type StandardEventsFeature,
  type StandardEventsListeners,
  type StandardEventsNames,
  type StandardEventsOnMethod,
  type SuiSignTransactionFeature,
  type SuiSignTransactionMethod,
  type Wallet,
  type WalletIcon,
} from '@mysten/wallet-standard';
import type { DescribedTransaction, WalletAccount as VaultAccount } from '../../src-shared/api/wallet.ts';

/**
 * "Ceremony vault": the wallet-standard wallet through which @mysten/dapp-kit signs the
 * ceremony's transactions. It holds no key. Accounts are the vault's Sui accounts (public
 * keys only); signing first shows the decoded transaction in the renderer (and, in Electron,
 * main asks again natively), then main signs with the vault key. It only signs: the ceremony
 * submits signed transactions itself (the protocol's `submit-signature`), so the wallet never
 * touches the network and offers no signAndExecute.
 */

export const VAULT_WALLET_NAME = 'Ceremony vault';
export const VAULT_WALLET_ID = 'ceremony-vault';

/** Chains the app's ceremonies run on: the public Sui networks, a custom full node, rehearsals. */
export const VAULT_WALLET_CHAINS = [...SUI_CHAINS, 'sui:custom', 'sui:rehearsal'] as const satisfies readonly IdentifierString[];

/** What the wallet needs from main (the `wallet.*` API calls). */
export interface VaultWalletBackend {
  accounts(): Promise<VaultAccount[]>;
  describe(transaction: string): Promise<DescribedTransaction>;
  sign(address: string, transaction: string, chain: string): Promise<{ bytes: string; signature: string }>;
}

/** Asks the person, in the renderer, whether to sign; false refuses. */
export type ConfirmInRenderer = (account: VaultAccount, tx: DescribedTransaction) => Promise<boolean>;

/** Error a dapp sees when the person refuses (wallet-standard has no error code for it). */
export class SigningRefusedError extends Error {
  constructor() {
    super('Signing was cancelled.');
    this.name = 'SigningRefusedError';
  }
}

const ICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#1d3557"/><path d="M10 14v-3a6 6 0 0 1 12 0v3" fill="none" stroke="#fff" stroke-width="2.5"/><rect x="8" y="14" width="16" height="12" rx="2" fill="#fff"/><circle cx="16" cy="20" r="2" fill="#1d3557"/></svg>';
export const VAULT_WALLET_ICON: WalletIcon = `data:image/svg+xml;base64,${btoa(ICON_SVG)}`;

function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function toStandardAccount(a: VaultAccount): ReadonlyWalletAccount {
  return new ReadonlyWalletAccount({
    address: a.address,
    publicKey: base64ToBytes(a.publicKey),
    chains: VAULT_WALLET_CHAINS,
    features: ['sui:signTransaction'],
    label: a.label,
  });
}

type VaultWalletFeatures = StandardConnectFeature & StandardDisconnectFeature & StandardEventsFeature & SuiSignTransactionFeature;

export class VaultWallet implements Wallet {
  readonly #backend: VaultWalletBackend;
  readonly #confirm: ConfirmInRenderer;
  readonly #listeners: { [E in StandardEventsNames]?: Set<StandardEventsListeners[E]> } = {};
  /** Accounts the app is authorised to see: empty until connect (wallet-standard semantics). */
  #accounts: ReadonlyWalletAccount[] = [];
  #vaultAccounts: VaultAccount[] = [];
  #connected = false;
  #features: VaultWalletFeatures | undefined;

  constructor(backend: VaultWalletBackend, confirm: ConfirmInRenderer) {
    this.#backend = backend;
    this.#confirm = confirm;
  }

  get version() {
    return '1.0.0' as const;
  }
  get id() {
    return VAULT_WALLET_ID;
  }
  get name() {
    return VAULT_WALLET_NAME;
  }
  get icon() {
    return VAULT_WALLET_ICON;
  }
  get chains() {
    return VAULT_WALLET_CHAINS;
  }
  get accounts() {
    return this.#accounts.slice();
  }

  // One stable object: dapp-kit re-subscribes to events whenever `features` changes identity.
  get features(): VaultWalletFeatures {
    return (this.#features ??= Object.freeze({
      'standard:connect': { version: '1.0.0', connect: this.#connect },
      'standard:disconnect': { version: '1.0.0', disconnect: this.#disconnect },
      'standard:events': { version: '1.0.0', on: this.#on },
      'sui:signTransaction': { version: '2.0.0', signTransaction: this.#signTransaction },
    }));
  }

  /**
   * Re-reads the vault's accounts (after an import or a new account) and tells listeners when
   * the connected account list changed. Does nothing before connect.
   */
  async refresh(): Promise<void> {
    if (!this.#connected) return;
    await this.#load();
  }

  async #load(): Promise<void> {
    const list = await this.#backend.accounts();
    const before = this.#vaultAccounts.map((a) => `${a.address}:${a.label}`).join(',');
    const after = list.map((a) => `${a.address}:${a.label}`).join(',');
    this.#vaultAccounts = list;
    if (before === after && this.#accounts.length === list.length) return;
    this.#accounts = list.map(toStandardAccount);
    this.#emit('change', { accounts: this.accounts });
  }

  #emit<E extends StandardEventsNames>(event: E, ...args: Parameters<StandardEventsListeners[E]>): void {
    for (const l of this.#listeners[event] ?? []) (l as (...a: typeof args) => void)(...args);
  }

  #on: StandardEventsOnMethod = (event, listener) => {
    const set = (this.#listeners[event] ??= new Set()) as Set<typeof listener>;
    set.add(listener);
    return () => void set.delete(listener);
  };

  // `silent` needs no special case: listing public accounts never prompts.
  #connect: StandardConnectMethod = async () => {
    this.#connected = true;
    await this.#load();
    return { accounts: this.accounts };
  };

  #disconnect: StandardDisconnectMethod = async () => {
    this.#connected = false;
    this.#vaultAccounts = [];
    if (this.#accounts.length) {
      this.#accounts = [];
      this.#emit('change', { accounts: [] });
    }
  };

  #signTransaction: SuiSignTransactionMethod = async ({ transaction, account, chain, signal }) => {
    signal?.throwIfAborted();
    if (!(VAULT_WALLET_CHAINS as readonly string[]).includes(chain))
      throw new Error(`${VAULT_WALLET_NAME} does not sign for chain ${chain}.`);
    const vaultAccount = this.#vaultAccounts.find((a) => a.address === account.address);
    if (!this.#connected || !vaultAccount) throw new Error(`${VAULT_WALLET_NAME} has no connected account ${account.address}.`);
    const tx = await transaction.toJSON();
    const described = await this.#backend.describe(tx);
    if (described.sender !== account.address) {
      throw new Error(`This transaction is to be sent by ${described.sender}, not by ${vaultAccount.label} (${account.address}).`);
    }
    signal?.throwIfAborted();
    if (!(await this.#confirm(vaultAccount, described))) throw new SigningRefusedError();
    signal?.throwIfAborted();
    const { bytes, signature } = await this.#backend.sign(account.address, tx, chain);
    return { bytes, signature };
  };
}
