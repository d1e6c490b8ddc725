import { describe, expect, it, vi } from 'vitest';
import { isWalletWithRequiredFeatureSet, signTransaction, type WalletAccount as StandardAccount } from '@mysten/wallet-standard';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { toBase64 } from '@mysten/sui/utils';
import type { DescribedTransaction, WalletAccount } from '../../src-shared/api/wallet.ts';
import { SigningRefusedError, VAULT_WALLET_CHAINS, VaultWallet, type VaultWalletBackend } from './vault-wallet.ts';

function account(label: string): WalletAccount {
  const kp = new Ed25519Keypair();
  return { address: kp.toSuiAddress(), scheme: 'ED25519', publicKey: toBase64(kp.getPublicKey().toRawBytes()), label };
}

function setup(opts: { accounts?: WalletAccount[]; sender?: string; approve?: boolean } = {}) {
  const accounts = opts.accounts ?? [account('Alice'), account('Bob')];
  const calls: string[] = [];
  const backend: VaultWalletBackend = {
    accounts: vi.fn(async () => accounts.slice()),
    describe: vi.fn(async (tx: string): Promise<DescribedTransaction> => {
      calls.push(`describe ${tx}`);
      return {
        digest: 'DIGEST',
        sender: opts.sender ?? accounts[0]!.address,
        lines: ['seal_committee::register(…)'],
        gasBudgetMist: '2000000',
      };
    }),
    sign: vi.fn(async (address: string, tx: string, chain: string) => {
      calls.push(`sign ${address} ${tx} ${chain}`);
      return { bytes: tx, signature: 'SIG' };
    }),
  };
  const confirm = vi.fn(async () => {
    calls.push('confirm');
    return opts.approve ?? true;
  });
  return { wallet: new VaultWallet(backend, confirm), backend, confirm, accounts, calls };
}

const tx = (s: string) => ({ toJSON: async () => s });

describe('VaultWallet (wallet-standard)', () => {
  it('has the features dapp-kit requires, a valid icon, and Sui chains including rehearsal', () => {
    const { wallet } = setup();
    expect(isWalletWithRequiredFeatureSet(wallet, ['sui:signTransaction'])).toBe(true);
    expect(wallet.version).toBe('1.0.0');
    expect(wallet.icon).toMatch(/^data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+$/);
    expect(wallet.chains).toEqual(expect.arrayContaining(['sui:mainnet', 'sui:testnet', 'sui:devnet', 'sui:localnet', 'sui:rehearsal']));
    // It never submits: the ceremony does. No signAndExecute, no personal-message signing.
    expect(Object.keys(wallet.features).sort()).toEqual([
      'standard:connect',
      'standard:disconnect',
      'standard:events',
      'sui:signTransaction',
    ]);
    expect(wallet.features).toBe(wallet.features);
  });

  it('shows no account before connect, the vault accounts (public keys only) after it', async () => {
    const { wallet, accounts } = setup();
    expect(wallet.accounts).toEqual([]);
    const { accounts: got } = await wallet.features['standard:connect'].connect();
    expect(got.map((a) => a.address)).toEqual(accounts.map((a) => a.address));
    const a0 = got[0]!;
    expect(a0.label).toBe('Alice');
    expect(toBase64(new Uint8Array(a0.publicKey))).toBe(accounts[0]!.publicKey);
    expect(a0.chains).toEqual(VAULT_WALLET_CHAINS);
    expect(a0.features).toEqual(['sui:signTransaction']);
    expect(Object.isFrozen(a0)).toBe(true);
  });

  it('emits change when the vault gains an account, and on disconnect', async () => {
    const { wallet, accounts } = setup();
    const seen: number[] = [];
    const off = wallet.features['standard:events'].on('change', ({ accounts: a }) => seen.push(a?.length ?? -1));
    await wallet.refresh(); // not connected: nothing
    await wallet.features['standard:connect'].connect();
    await wallet.refresh(); // same accounts: nothing
    accounts.push(account('Carol'));
    await wallet.refresh();
    await wallet.features['standard:disconnect'].disconnect();
    off();
    await wallet.features['standard:connect'].connect();
    expect(seen).toEqual([2, 3, 0]);
  });

  it('signs through main only after the renderer confirmation, passing the chain along', async () => {
    const { wallet, calls, accounts } = setup();
    const { accounts: got } = await wallet.features['standard:connect'].connect();
    const out = await signTransaction(wallet, { transaction: tx('AAAB'), account: got[0]!, chain: 'sui:rehearsal' });
    expect(out).toEqual({ bytes: 'AAAB', signature: 'SIG' });
    expect(calls).toEqual(['describe AAAB', 'confirm', `sign ${accounts[0]!.address} AAAB sui:rehearsal`]);
  });

  it('does not sign when the person cancels', async () => {
    const { wallet, backend } = setup({ approve: false });
    const { accounts: got } = await wallet.features['standard:connect'].connect();
    await expect(
      wallet.features['sui:signTransaction'].signTransaction({ transaction: tx('AAAB'), account: got[0]!, chain: 'sui:testnet' }),
    ).rejects.toBeInstanceOf(SigningRefusedError);
    expect(backend.sign).not.toHaveBeenCalled();
  });

  it('refuses a transaction whose sender is another account, before asking', async () => {
    const other = account('Mallory');
    const { wallet, backend, confirm } = setup({ sender: other.address });
    const { accounts: got } = await wallet.features['standard:connect'].connect();
    await expect(
      wallet.features['sui:signTransaction'].signTransaction({ transaction: tx('AAAB'), account: got[0]!, chain: 'sui:testnet' }),
    ).rejects.toThrow(/to be sent by/);
    expect(confirm).not.toHaveBeenCalled();
    expect(backend.sign).not.toHaveBeenCalled();
  });

  it('refuses unknown accounts, unknown chains, and signing before connect', async () => {
    const { wallet, backend } = setup();
    const stranger = {
      address: account('x').address,
      publicKey: new Uint8Array(32),
      chains: ['sui:testnet'],
      features: [],
    } as StandardAccount;
    await expect(
      wallet.features['sui:signTransaction'].signTransaction({ transaction: tx('AAAB'), account: stranger, chain: 'sui:testnet' }),
    ).rejects.toThrow(/no connected account/);
    const { accounts: got } = await wallet.features['standard:connect'].connect();
    await expect(
      wallet.features['sui:signTransaction'].signTransaction({ transaction: tx('AAAB'), account: got[0]!, chain: 'eth:1' }),
    ).rejects.toThrow(/does not sign for chain/);
    await expect(
      wallet.features['sui:signTransaction'].signTransaction({ transaction: tx('AAAB'), account: stranger, chain: 'sui:testnet' }),
    ).rejects.toThrow(/no connected account/);
    expect(backend.describe).not.toHaveBeenCalled();
  });

  it('honours an aborted signal', async () => {
    const { wallet, backend } = setup();
    const { accounts: got } = await wallet.features['standard:connect'].connect();
    const ac = new AbortController();
    ac.abort();
    await expect(
      wallet.features['sui:signTransaction'].signTransaction({
        transaction: tx('AAAB'),
        account: got[0]!,
        chain: 'sui:testnet',
        signal: ac.signal,
      }),
    ).rejects.toThrow();
    expect(backend.sign).not.toHaveBeenCalled();
  });
});
