import { useEffect, useState } from 'react';
import { bridge } from '../../bridge.ts';
import { ShortHex } from '../../components/ShortHex.tsx';
import { suiAmount } from '../../components/sui-amount.ts';
import type { SealRegisterFunds } from '../../../src-shared/ceremonies/seal.ts';

type Reading = { ceremonyId: string; attempt: number } & (
  { state: 'read'; funds: SealRegisterFunds } | { state: 'failed'; reason: string }
);

/** Enough SUI for the registration, when its fee is known; an empty account never is. */
function fundsLow(f: SealRegisterFunds): boolean {
  if (f.selfFunding) return false;
  const balance = BigInt(f.balanceMist);
  return f.feeMist === null ? balance === 0n : balance < BigInt(f.feeMist);
}

/**
 * One line before registering: what the account holds and what registering costs at most, read
 * from the chain by main. Information next to the Register button, never a gate: the reading is
 * one moment's (the person may be sending SUI right now) and main refuses a transaction whose gas
 * cannot be paid with its own error, so the button stays.
 */
export function RegisterFunds({ ceremonyId }: { ceremonyId: string }) {
  const [attempt, setAttempt] = useState(0);
  const [last, setLast] = useState<Reading | null>(null);
  useEffect(() => {
    bridge.call('seal.registerFunds', { ceremonyId }).then(
      (funds) => setLast({ ceremonyId, attempt, state: 'read', funds }),
      (e: unknown) => setLast({ ceremonyId, attempt, state: 'failed', reason: e instanceof Error ? e.message : String(e) }),
    );
  }, [ceremonyId, attempt]);
  const read = () => setAttempt((a) => a + 1);
  const reading = last?.ceremonyId === ceremonyId && last.attempt === attempt ? last : null;

  if (!reading)
    return (
      <p className="small" role="status">
        Reading your balance…
      </p>
    );
  if (reading.state === 'failed')
    return (
      <p className="small" role="status">
        Could not read your balance: {reading.reason}{' '}
        <button type="button" className="btn btn--small" onClick={read}>
          Try again
        </button>
      </p>
    );
  const f = reading.funds;
  if (f.selfFunding)
    return (
      <p className="small register-funds" role="status">
        This rehearsal funds your account itself.
      </p>
    );
  const has = `Your account has ${suiAmount(f.balanceMist)}`;
  const fee = f.feeMist === null ? null : suiAmount(f.feeMist);
  if (!fundsLow(f))
    return (
      <p className="small register-funds" role="status">
        {has}
        {fee ? `; registering costs at most ${fee}.` : '.'}
      </p>
    );
  return (
    <div className="warn-box register-funds" role="status">
      <p>
        {has}; registering needs {fee ? `at most ${fee}` : 'SUI for its fee'}. Send SUI to your address{' '}
        <ShortHex value={f.address} label="your address" />
        {f.faucetUrl && (
          <>
            {' '}
            or{' '}
            <a href={f.faucetUrl} target="_blank" rel="noreferrer">
              get test SUI from the faucet
            </a>
          </>
        )}
        , then{' '}
        <button type="button" className="btn btn--small" onClick={read}>
          Check again
        </button>
      </p>
    </div>
  );
}
