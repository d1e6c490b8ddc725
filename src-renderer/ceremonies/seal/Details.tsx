import { useId } from 'react';
import { useChainPolling, type ChainPolling } from '../../app/useChainPolling.ts';
import { CheckCode } from '../../components/CheckCode.tsx';
import { LastUpdated } from '../../components/LastUpdated.tsx';
import type { CeremonyView } from '../../../src-shared/api/ceremonies.ts';
import { SEAL_FACTS as F, SEAL_TAGS as T } from '../../../src-shared/ceremonies/seal.ts';
import {
  committeeExists,
  fact,
  hasTag,
  isAirGappedMember,
  isRetired,
  members,
  myRotationPart,
  rotationVersions,
  sealView,
  shareEnvNames,
} from './view.ts';

/**
 * What the Seal screens keep under Technical details (the task card says what to do; this is
 * for whoever wants to see how): the key server's start command, a rotation member's part,
 * the relay's role, the message check codes the coordinator received. Facts, files and the
 * activity log follow it there.
 */

/** The key server's start command with the share variables it needs now (MASTER_SHARE_V<k>, one per version). */
function StartCommand({ view }: { view: CeremonyView }) {
  const vars = shareEnvNames(view).map((n) => `${n}=0x…`);
  return (
    <pre className="command mono small">
      {['CONFIG_PATH=key-server-config.yaml', ...vars, 'cargo run --bin key-server'].join(' \\\n  ')}
    </pre>
  );
}

/**
 * A finished committee that a later rotation replaced: its shares are retired. A member who left
 * must stop its key server; one who continues runs with the rotation ceremony's share.
 */
export function RetiredPanel({ view }: { view: CeremonyView }) {
  const id = useId();
  const retired = sealView(view).retired;
  if (!retired) return null;
  const left = retired.stillMember === false;
  return (
    <section className="panel panel--retired" aria-labelledby={`${id}-r`}>
      <h2 id={`${id}-r`}>Rotated away: this committee's shares are retired</h2>
      <p>
        A key rotation moved the key server to a new committee; the chain is at version {retired.version}.{' '}
        {left
          ? 'You are not in the new committee.'
          : retired.stillMember
            ? 'You continue in the new committee: your key server runs with the share from that ceremony.'
            : ''}
      </p>
      {left && (
        <p className="warn-box">
          <strong>Stop your key server</strong> for this committee: it is no longer part of the key server's committee, and its share must
          not serve keys any more. Keep or destroy the retired share as your policy says; it is not needed for anything.
        </p>
      )}
    </section>
  );
}

/** A continuing member's share of the current version: found in the vault, imported, or still missing. */
function oldShareState(view: CeremonyView): 'found' | 'imported' | 'missing' | null {
  const v = fact(view, F.oldShare);
  if (v === null) return null;
  return /found in this vault/.test(v) ? 'found' : /imported/.test(v) ? 'imported' : 'missing';
}

/** Rotation, before finalization: what this member brings (its current share) or receives. */
function RotationPartPanel({ view }: { view: CeremonyView }) {
  const id = useId();
  const part = myRotationPart(view);
  const v = rotationVersions(view);
  const text = fact(view, F.rotationPart);
  if (!part || !v) return null;
  const share = oldShareState(view);
  const name = `MASTER_SHARE_V${v.from}`;
  const processed = fact(view, F.messagesHashCheckCode) !== null;
  return (
    <section className="panel" aria-labelledby={`${id}-p`}>
      <h2 id={`${id}-p`}>
        Your part in the rotation (version {v.from} → {v.to})
      </h2>
      {text && <p>{text}.</p>}
      {part === 'continuing' && share !== 'missing' && (
        <p className="alert alert--success" role="status">
          <span>
            <span aria-hidden="true">✓ </span>
            Your share of version {v.from} ({name}) {share === 'imported' ? 'was imported' : 'was found in this vault'} and matches your
            partial key on chain.{' '}
            {processed
              ? 'It stays in the vault until you clean up.'
              : 'Your DKG message deals it to the new committee; it never leaves this computer.'}
          </span>
        </p>
      )}
      {part === 'continuing' && share === 'missing' && (
        <div className="callout small">
          <p>
            <strong>{name} is not in this vault yet.</strong> It is looked up again when you create your message. If your key server's share
            was made elsewhere (seal-committee-cli, another computer), use “Import {name}” under Next: choose the env file or dkg.yaml that
            holds it. This app reads the file and checks the share against your partial key on chain before it keeps anything; a share that
            does not match is refused.
          </p>
        </div>
      )}
      {part === 'joining' && (
        <p className="small">
          Once everyone is registered, the continuing members deal their shares of version {v.from}. Import the coordinator's message set
          when it comes and process it: you receive your share of version {v.to}.
        </p>
      )}
    </section>
  );
}

function RelayNote({ view }: { view: CeremonyView }) {
  const id = useId();
  const member = members(view).find((m) => hasTag(m, T.airGapped)) ?? members(view).find((m) => hasTag(m, T.relay));
  return (
    <section className="panel" aria-labelledby={`${id}-r`}>
      <h2 id={`${id}-r`}>Relaying for {member ? member.label : 'an air-gapped member'}</h2>
      <p className="small">
        This online computer carries the member's transactions to the chain and chain snapshots back to them. It never holds their DKG keys
        or share. Import the files they bring (requests, signatures); give them the files under “Files to send”.
      </p>
    </section>
  );
}

/** The message check code of each member's message, as the coordinator received it. */
function MessageCodes({ view }: { view: CeremonyView }) {
  const id = useId();
  const rows = sealView(view).members.filter((m) => m.messageCode);
  if (!rows.length) return null;
  return (
    <section className="panel" aria-labelledby={`${id}-mc`}>
      <h2 id={`${id}-mc`}>Message check codes</h2>
      <p className="small">Each member saw the same code when they made their message.</p>
      <ul>
        {rows.map((m) => (
          <li key={m.id}>
            {m.name}: <CheckCode code={m.messageCode!} label={`${m.name}'s message check code`} />
          </li>
        ))}
      </ul>
    </section>
  );
}

export function SealDetails({ view }: { view: CeremonyView }) {
  const sv = sealView(view);
  return (
    <>
      {sv.role === 'relay' && <RelayNote view={view} />}
      {sv.role === 'coordinator' && <MessageCodes view={view} />}
      {sv.role === 'member' && <RotationPartPanel view={view} />}
      {sv.role === 'member' && sv.share && (
        <section className="panel">
          <h2>Starting the key server</h2>
          <StartCommand view={view} />
        </section>
      )}
    </>
  );
}

/**
 * Reads the chain while the screen is open: closely while the ceremony runs, now and then once
 * finished (a later rotation retires its shares, and a member who left must hear it). An
 * air-gapped member never reads the chain.
 */
export function useSealPolling(view: CeremonyView): ChainPolling | null {
  const online = !isAirGappedMember(view);
  const watchFinished = view.status === 'completed' && !isRetired(view);
  const canPoll = online && committeeExists(view) && (view.status === 'active' || watchFinished);
  const polling = useChainPolling(view.id, canPoll, {
    intervalMs: view.status === 'active' ? (view.rehearsal ? 3000 : 8000) : view.rehearsal ? 10_000 : 60_000,
  });
  return canPoll ? polling : null;
}

export function PollingNote({ view }: { view: CeremonyView }) {
  const polling = useSealPolling(view);
  return polling ? <LastUpdated polling={polling} /> : null;
}
