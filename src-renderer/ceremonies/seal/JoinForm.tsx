import { useEffect, useId, useState } from 'react';
import { bridge } from '../../bridge.ts';
import type { WalletAccount } from '../../../src-shared/api/wallet.ts';
import type { JoinFormProps } from '../types.ts';
import { normalizeAddress } from './create-draft.ts';
import { AccountsDatalist } from './AccountsDatalist.tsx';

type Mode = 'member' | 'air-gapped' | 'relay';

/**
 * Joining a Seal committee from its invitation bundle or dkg.yaml: as a member (online or on an
 * air-gapped computer), or as the online relay of an air-gapped member. The committee is then
 * checked against the chain (or, air-gapped, against the chain snapshots the relay sends).
 */
export function SealJoinForm({ busy, invitation, onJoin }: JoinFormProps) {
  const id = useId();
  const [mode, setMode] = useState<Mode>('member');
  const [accounts, setAccounts] = useState<WalletAccount[]>([]);
  const [address, setAddress] = useState('');
  const [network, setNetwork] = useState('');
  const [showNetwork, setShowNetwork] = useState(false);
  const [submitted, setSubmitted] = useState(false);

  useEffect(() => {
    void bridge.call('wallet.accounts', {}).then(setAccounts, () => undefined);
  }, []);

  const addrTrim = address.trim();
  const addrProblem = addrTrim
    ? normalizeAddress(addrTrim)
      ? null
      : 'Not a Sui address (0x followed by up to 64 hex digits).'
    : mode === 'relay'
      ? 'Enter the address of the member you relay for.'
      : null;
  const showAddrProblem = addrProblem && (submitted || (addrTrim.length > 2 && !/^0x[0-9a-fA-F]*$/.test(addrTrim)));

  return (
    <form
      className="form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setSubmitted(true);
        if (addrProblem) return;
        onJoin({
          role: mode === 'relay' ? 'relay' : 'member',
          airGapped: mode === 'air-gapped',
          ...(addrTrim ? { address: addrTrim } : {}),
          ...(network.trim() ? { network: network.trim() } : {}),
        });
      }}
    >
      {invitation?.rehearsal && <p className="tag tag--rehearsal">REHEARSAL: this committee lives on a rehearsal ledger, not on Sui.</p>}
      <p className="small form-note">
        After joining you see the <strong>committee check code</strong>: it covers the committee id, network, threshold and members. Compare
        it with the one your coordinator reads aloud before you generate keys.
      </p>
      <fieldset>
        <legend>How does this computer take part?</legend>
        <label className="choice">
          <input type="radio" name={`${id}-mode`} checked={mode === 'member'} onChange={() => setMode('member')} />
          <span>
            <strong>I am a committee member</strong> and this computer is online. It checks the committee on chain, registers, and sends my
            transactions.
          </span>
        </label>
        <label className="choice">
          <input type="radio" name={`${id}-mode`} checked={mode === 'air-gapped'} onChange={() => setMode('air-gapped')} />
          <span>
            <strong>I am a committee member and this computer stays offline</strong> (air-gapped). My DKG secrets never touch a networked
            machine; files travel by USB to an online relay.
          </span>
        </label>
        <label className="choice">
          <input type="radio" name={`${id}-mode`} checked={mode === 'relay'} onChange={() => setMode('relay')} />
          <span>
            <strong>I relay for an air-gapped member</strong>: this online computer reads the chain and submits that member's transactions.
            It never holds their DKG secrets.
          </span>
        </label>
      </fieldset>

      <label htmlFor={`${id}-addr`}>
        {mode === 'relay'
          ? "The air-gapped member's Sui address"
          : 'Your Sui address on the committee (optional: the vault account on the member list is found)'}
      </label>
      <input
        id={`${id}-addr`}
        type="text"
        className="mono"
        list={`${id}-accounts`}
        spellCheck={false}
        autoComplete="off"
        value={address}
        onChange={(e) => setAddress(e.target.value)}
        aria-invalid={Boolean(showAddrProblem)}
        aria-describedby={showAddrProblem ? `${id}-addr-err` : undefined}
      />
      <AccountsDatalist id={`${id}-accounts`} accounts={accounts} />
      {showAddrProblem && (
        <p id={`${id}-addr-err`} className="field-error">
          {addrProblem}
        </p>
      )}
      {mode !== 'relay' && accounts.length === 0 && (
        <p className="small muted form-note">
          Your vault holds no Sui account. That is fine: give your address here and sign your transactions elsewhere, or add the key under
          Vault and settings → Wallet first.
        </p>
      )}

      <button type="button" className="btn btn--small btn--ghost" aria-expanded={showNetwork} onClick={() => setShowNetwork((v) => !v)}>
        {showNetwork ? 'Use the network the invitation names' : 'Use another network address…'}
      </button>
      {showNetwork && (
        <>
          <label htmlFor={`${id}-net`}>
            Network: your own full node URL, or for a rehearsal rehearsal:&lt;ledger folder on this computer&gt;
          </label>
          <input
            id={`${id}-net`}
            type="text"
            className="mono"
            spellCheck={false}
            value={network}
            onChange={(e) => setNetwork(e.target.value)}
          />
        </>
      )}

      <button className="btn btn--primary" type="submit" disabled={busy}>
        {mode === 'relay' ? 'Join as relay' : 'Join the committee'}
      </button>
    </form>
  );
}
