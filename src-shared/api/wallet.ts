import { z } from 'zod';
import { defineCalls } from './define.ts';
import { Empty } from './common.ts';

/**
 * The app's Sui wallet: account keys kept in the vault, used to sign the ceremony's
 * transactions. The renderer registers a wallet-standard wallet (for @mysten/dapp-kit) whose
 * methods call these; private keys never leave main.
 */
export const WalletAccount = z.object({
  address: z.string().regex(/^0x[0-9a-f]{64}$/),
  scheme: z.enum(['ED25519', 'Secp256k1', 'Secp256r1']),
  /** Base64 of the public key (without the scheme flag), as wallet-standard accounts carry it. */
  publicKey: z.string(),
  label: z.string(),
});
export type WalletAccount = z.infer<typeof WalletAccount>;

export const DescribedTransaction = z.object({
  digest: z.string(),
  sender: z.string(),
  /** One human line per command ("seal_committee::register(committee, enc_pk 0x…, …)"). */
  lines: z.array(z.string()),
  /** The most the transaction can cost its sender: the gas budget, in MIST (10^-9 SUI), as decimal digits. */
  gasBudgetMist: z.string().regex(/^\d+$/),
});
export type DescribedTransaction = z.infer<typeof DescribedTransaction>;

export const walletCalls = defineCalls({
  'wallet.accounts': { summary: 'Sui accounts whose keys are in the vault', input: Empty, output: z.array(WalletAccount) },
  'wallet.importFile': {
    summary: 'Import a Sui key from a file main reads (a sui.keystore, or a file holding suiprivkey1…)',
    input: z.object({ path: z.string().min(1), address: z.string().optional(), label: z.string().max(100).optional() }),
    output: WalletAccount,
  },
  'wallet.generate': {
    summary: 'Create a new Ed25519 Sui account in the vault',
    input: z.object({ label: z.string().min(1).max(100) }),
    output: WalletAccount,
  },
  'wallet.describeTransaction': {
    summary: 'What a transaction does, for the confirmation before signing',
    input: z.object({ transaction: z.string().min(1).max(2_000_000) }),
    output: DescribedTransaction,
  },
  'wallet.signTransaction': {
    summary: 'Sign a fully built transaction (base64 TransactionData bytes or Transaction JSON) with a vault account',
    input: z.object({ address: z.string(), transaction: z.string().min(1).max(2_000_000), chain: z.string().max(64).optional() }),
    output: z.object({ bytes: z.string(), signature: z.string(), digest: z.string() }),
  },
});
