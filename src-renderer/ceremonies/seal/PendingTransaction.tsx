import { useEffect, useState } from 'react';
import { bridge } from '../../bridge.ts';
import { useApp } from '../../app/store.ts';
import { TransactionPanel, type PendingTransaction } from '../../components/TransactionPanel.tsx';
import { ShortHex } from '../../components/ShortHex.tsx';
import type { CeremonyView } from '../../../src-shared/api/ceremonies.ts';
import { SEAL_ARTIFACTS, SEAL_TX_TITLES, SealTxFile, type SealView } from '../../../src-shared/ceremonies/seal.ts';
import { saveArtifact } from '../../app/save-artifact.ts';
import { sealView } from './view.ts';

function decodeJson(base64: string): unknown {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return JSON.parse(new TextDecoder().decode(bytes));
}

/** The relay's words: the same transactions, seen from the computer that carries them. */
const RELAY_TEXT: Record<string, { heading: string; intro: string }> = {
  register: {
    heading: 'Registration to carry',
    intro:
      "The air-gapped member's registration: their DKG public keys and key server URL and name, to be recorded in the committee once they sign it.",
  },
  propose: {
    heading: 'Proposal to carry',
    intro:
      "The air-gapped member's proposal: KEY_SERVER_PK, the partial public keys and the messages_hash, to be recorded on chain once they sign it.",
  },
};

const PURPOSE_TEXT: Record<string, { heading: string; intro: string }> = {
  publish: {
    heading: 'Transaction 1 of 2: publish the committee package',
    intro: 'Publishes the seal_committee package from the bytecode dump. Your address pays the gas and receives the upgrade capability.',
  },
  'init-committee': {
    heading: 'Transaction 2 of 2: create the committee',
    intro:
      'Calls init_committee with the threshold and the member addresses, in party order. After this the invitation for members exists.',
  },
  register: {
    heading: 'Register on chain',
    intro:
      "Records your key server's name and address in the committee, with the public keys this app made for the ceremony. A member registers once; it cannot be changed afterwards.",
  },
  'init-rotation': {
    heading: 'Start the rotation',
    intro:
      'Calls init_rotation: creates the new committee (its threshold and members, in party order) that will take over the key server. Only a member of the current committee may send it.',
  },
  propose: {
    heading: 'Propose the result',
    intro:
      'Records KEY_SERVER_PK, the partial public keys and the messages_hash on chain. Every member must propose the same values; the committee finalizes with the last proposal.',
  },
};

/** Where the pending transaction stands once signed, in the words of its title. */
function signedStatus(p: NonNullable<SealView['pendingTx']>): string {
  const title = SEAL_TX_TITLES[p.purpose];
  if (p.status === 'submitting') return `${title} (submitting)`;
  if (p.status === 'signed') return `${title} (signed, waiting for the relay to submit it)`;
  return title;
}

/**
 * The Seal ceremony's pending transaction (SealView.pendingTx and its artifact tx-<purpose>.json):
 * the generic TransactionPanel with words for each step and role.
 */
export function PendingTransactionPanel({ view }: { view: CeremonyView }) {
  const sv = sealView(view);
  const p = sv.pendingTx;
  const [tx, setTx] = useState<PendingTransaction | null>(null);
  const [missing, setMissing] = useState(false);
  const txArtifact = p ? (view.artifacts.find((a) => a.id === p.artifactId) ?? null) : null;
  const digest = p?.digest ?? null;
  const purpose = p?.purpose ?? null;

  useEffect(() => {
    if (!digest || !purpose) return;
    let live = true;
    const found = (t: PendingTransaction | null) => {
      if (!live) return;
      setTx(t);
      setMissing(t === null);
    };
    void (async () => {
      if (!txArtifact) return found(null);
      const r = await bridge.call('ceremonies.readArtifact', { id: view.id, artifactId: txArtifact.id }).catch(() => null);
      let parsed;
      try {
        parsed = r ? SealTxFile.safeParse(decodeJson(r.base64)) : null;
      } catch {
        parsed = null;
      }
      if (!parsed?.success || parsed.data.digest !== digest) return found(null);
      const d = parsed.data;
      found({
        purpose,
        txBytes: d.txBytes,
        digest: d.digest,
        sender: d.sender.toLowerCase(),
        artifact: { id: txArtifact.id, name: txArtifact.name },
        network: d.network ?? (view.rehearsal ? 'rehearsal' : 'custom'),
      });
    })();
    return () => {
      live = false;
    };
    // txArtifact is named by its id and fingerprint
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [view.id, digest, purpose, txArtifact?.id, txArtifact?.fingerprint, view.rehearsal]);

  const lastError = sv.lastTxError;
  const errorBox = lastError ? (
    <p className="alert alert--error" role="alert">
      The last transaction failed: {SEAL_TX_TITLES[lastError.purpose]}: {lastError.message}
    </p>
  ) : null;
  if (!p) return errorBox;
  if (!tx || tx.digest !== p.digest) {
    return (
      <>
        {errorBox}
        <section className="panel panel--tx" aria-label="Transaction to sign">
          {missing ? (
            <p className="alert alert--error">The transaction file for digest {p.digest} is missing from this ceremony's files.</p>
          ) : (
            <p aria-busy="true">Loading the transaction to sign…</p>
          )}
        </section>
      </>
    );
  }
  const r = sv.role;
  const airGappedMember = r === 'member' && sv.me?.airGapped === true;
  const words = (r === 'relay' ? RELAY_TEXT[tx.purpose] : undefined) ??
    PURPOSE_TEXT[tx.purpose] ?? { heading: `Transaction to sign: ${tx.purpose}`, intro: '' };
  const carry = (id: string, label: string) => {
    const a = view.artifacts.find((x) => x.id === id);
    return a ? (
      <button type="button" className="btn" onClick={() => void saveArtifact(view.id, a)}>
        {label} ({a.name})
      </button>
    ) : null;
  };
  // Signed already (submitting, or an air-gapped signature on its way to the relay): no signing again.
  if (!view.next.some((a) => a.action === 'submit-signature')) {
    return (
      <>
        {errorBox}
        <section className="panel panel--tx" aria-label={words.heading}>
          <h2>{words.heading}</h2>
          <p role="status">{signedStatus(p)}</p>
          <p className="small">
            Digest <ShortHex value={tx.digest} label="transaction digest" />
          </p>
          {airGappedMember && (tx.purpose === 'register' || tx.purpose === 'propose') && (
            <div className="row">{carry(SEAL_ARTIFACTS.txSignature(tx.purpose), 'Save the signature for your relay')}</div>
          )}
        </section>
      </>
    );
  }
  const intro = (
    <>
      <p>{words.intro}</p>
      {airGappedMember && (
        <p className="callout small">
          This computer is offline: signing here writes a signature file to carry to your relay, which submits it. Nothing leaves this
          computer otherwise.
        </p>
      )}
      {r === 'relay' && (
        <div className="callout small">
          <p>
            The member signs it on their air-gapped computer: carry the unsigned-transaction file to them, then import the signature file
            they give back (Import what others sent). If their Sui key is in this vault instead, sign here.
          </p>
          {(tx.purpose === 'register' || tx.purpose === 'propose') && (
            <div className="row">{carry(SEAL_ARTIFACTS.unsignedTx(tx.purpose), 'Save the transaction for the member')}</div>
          )}
        </div>
      )}
    </>
  );
  return (
    <>
      {errorBox}
      <TransactionPanel
        ceremonyId={view.id}
        tx={tx}
        heading={words.heading}
        intro={intro}
        rehearsal={view.rehearsal}
        elsewhereOpen={r === 'relay' ? false : undefined}
        noKeyHint={
          r === 'relay' ? (
            <p className="small">This vault holds no key for the member's address, as expected: the member signs.</p>
          ) : undefined
        }
        footer={
          view.next.some((a) => a.action === 'cancel-transaction') && (
            <p className="small tx-cancel">
              Wrong transaction, or its gas object was spent meanwhile?{' '}
              <button
                type="button"
                className="btn btn--small"
                onClick={async () => {
                  const v = await useApp
                    .getState()
                    .run('Discarding the transaction', 'ceremonies.act', { id: view.id, action: 'cancel-transaction', input: {} });
                  if (v) useApp.getState().showView(v);
                }}
              >
                Discard it and prepare again
              </button>
            </p>
          )
        }
      />
    </>
  );
}
