import { create } from 'zustand';
import type { DescribedTransaction, WalletAccount } from '../../src-shared/api/wallet.ts';

/**
 * The one signing confirmation on screen at a time. The vault wallet puts a request here and
 * waits; SignConfirmDialog shows it and settles it. A second request while one is open is
 * refused rather than queued, so a person never approves something they did not see.
 */
export interface SigningRequest {
  account: WalletAccount;
  tx: DescribedTransaction;
  settle(approved: boolean): void;
}

interface SigningState {
  request: SigningRequest | null;
  ask(account: WalletAccount, tx: DescribedTransaction): Promise<boolean>;
}

export const useSigningRequest = create<SigningState>((set, get) => ({
  request: null,
  ask(account, tx) {
    if (get().request) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      set({
        request: {
          account,
          tx,
          settle: (approved) => {
            set({ request: null });
            resolve(approved);
          },
        },
      });
    });
  },
}));
