import { useId } from 'react';
import { useChainPolling, type ChainPolling } from '../../app/useChainPolling.ts';
import { CheckCode } from '../../components/CheckCode.tsx';
import { LastUpdated } from '../../components/LastUpdated.tsx';
import type { CeremonyView } from '../../../src-shared/api/ceremonies.ts';
import { sealView } from './view.ts';

/**
 * What the Seal screens keep under Technical details (the task card says what to do; this is
 * for whoever wants to see how): the key server's start command, a rotation member's part,
 * the relay's role, the message check codes the coordinator received. Facts, files and the
 * activity log follow it there.
 */

/** The key server's start command with the share variables it needs now (MASTER_SHARE_V<k>, one per version). */
function StartCommand({ envNames }: { envNames: string[] }) {
  const vars = envNames.map((n) => `${n}=0x…`);
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

/** Rotation: what this member brings (its current share, found, imported or still missing) or receives. */
function RotationPartPanel({ view }: { view: CeremonyView }) {
  const id = useId();
  const sv = sealView(view);
  const mine = sv.myRotation;
  const v = sv.rotation;
  if (!mine || !v || sv.partyId === null) return null;
  const share = mine.part === 'continuing' ? mine.oldShare : null;
  const name = `MASTER_SHARE_V${v.fromVersion}`;
  const processed = sv.share !== null;
  const text =
    mine.part === 'continuing'
      ? `Continuing: party ${mine.oldPartyId} of version ${v.fromVersion} → party ${sv.partyId} of version ${v.toVersion}; you deal with your share of version ${v.fromVersion}`
      : `Joining: party ${sv.partyId} of version ${v.toVersion}; you deal nothing and receive a share`;
  return (
    <section className="panel" aria-labelledby={`${id}-p`}>
      <h2 id={`${id}-p`}>
        Your part in the rotation (version {v.fromVersion} → {v.toVersion})
      </h2>
      <p>{text}.</p>
      {share !== null && share !== 'missing' && (
        <p className="alert alert--success" role="status">
          <span>
            <span aria-hidden="true">✓ </span>
            Your share of version {v.fromVersion} ({name}) {share === 'imported' ? 'was imported' : 'was found in this vault'} and matches
            your partial key on chain.{' '}
            {processed
              ? 'It stays in the vault until you clean up.'
              : 'Your DKG message deals it to the new committee; it never leaves this computer.'}
          </span>
        </p>
      )}
      {share === 'missing' && (
        <div className="callout small">
          <p>
            <strong>{name} is not in this vault yet.</strong> It is looked up again when you create your message. If your key server's share
            was made elsewhere (seal-committee-cli, another computer), use “Import {name}” under Next: choose the env file or dkg.yaml that
            holds it. This app reads the file and checks the share against your partial key on chain before it keeps anything; a share that
            does not match is refused.
          </p>
        </div>
      )}
      {mine.part === 'joining' && (
        <p className="small">
          Once everyone is registered, the continuing members deal their shares of version {v.fromVersion}. Import the coordinator's message
          set when it comes and process it: you receive your share of version {v.toVersion}.
        </p>
      )}
    </section>
  );
}

function RelayNote({ view }: { view: CeremonyView }) {
  const id = useId();
  const member = sealView(view).me;
  return (
    <section className="panel" aria-labelledby={`${id}-r`}>
      <h2 id={`${id}-r`}>Relaying for {member ? member.name : 'an air-gapped member'}</h2>
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
          <StartCommand envNames={sv.share.envNames} />
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
  const sv = sealView(view);
  const online = !(sv.role === 'member' && sv.me?.airGapped);
  const watchFinished = view.status === 'completed' && !sv.retired;
  const canPoll = online && sv.committeeId !== null && (view.status === 'active' || watchFinished);
  // A rehearsal's ledger is this computer's own model: reading it every second costs little and
  // keeps a rehearsal (and the end-to-end tests, which wait on it) moving at the pace of its people.
  const polling = useChainPolling(view.id, canPoll, {
    intervalMs: view.status === 'active' ? (view.rehearsal ? 1000 : 8000) : view.rehearsal ? 10_000 : 60_000,
  });
  return canPoll ? polling : null;
}

export function PollingNote({ view }: { view: CeremonyView }) {
  const polling = useSealPolling(view);
  return polling ? <LastUpdated polling={polling} /> : null;
}
