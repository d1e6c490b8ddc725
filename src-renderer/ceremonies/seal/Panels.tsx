import { AggregatorExport } from './AggregatorExport.tsx';
import { useId, type ReactNode } from 'react';
import { useChainPolling, type ChainPolling } from '../../app/useChainPolling.ts';
import { saveArtifact } from '../../app/save-artifact.ts';
import { CheckCode } from '../../components/CheckCode.tsx';
import { CopyButton } from '../../components/CopyButton.tsx';
import { LastUpdated } from '../../components/LastUpdated.tsx';
import type { CeremonyView } from '../../../src-shared/api/ceremonies.ts';
import { SEAL_ARTIFACTS as A, SEAL_FACTS as F, SEAL_TAGS as T } from '../../../src-shared/ceremonies/seal.ts';
import { coordinatorAdvice } from './advice.ts';
import { PendingTransactionPanel } from './PendingTransaction.tsx';
import { ShareHandoff } from './ShareHandoff.tsx';
import {
  checkCodeIn,
  committeeExists,
  fact,
  hasTag,
  isAirGappedMember,
  isFinalized,
  isRetired,
  isRotation,
  me,
  members,
  myRotationPart,
  partialKeyServers,
  partyOf,
  role,
  rotationVersions,
  shareEnvNames,
} from './view.ts';

/** A code to read aloud over the trusted channel, large, with what it covers. */
function ReadAloud({ label, code, children }: { label: string; code: string; children: ReactNode }) {
  return (
    <div className="read-aloud">
      <div className="read-aloud__code">
        <CheckCode code={code} label={label} />
      </div>
      <div>
        <strong>{label}</strong>
        <div className="small">{children}</div>
      </div>
    </div>
  );
}

function SaveFile({ view, artifactId, children }: { view: CeremonyView; artifactId: string; children: ReactNode }) {
  const a = view.artifacts.find((x) => x.id === artifactId);
  if (!a) return null;
  return (
    <button type="button" className="btn" onClick={() => void saveArtifact(view.id, a)}>
      {children} ({a.name})
    </button>
  );
}

function Mono({ label, value }: { label: string; value: string }) {
  return (
    <div className="facts__row">
      <dt>{label}</dt>
      <dd>
        <span className="mono break small">{value}</span>
        <CopyButton value={value} label={label} />
      </dd>
    </div>
  );
}

const YES = (text: string) => (
  <>
    <span aria-hidden="true">✓ </span>
    {text}
  </>
);

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
function RetiredPanel({ view }: { view: CeremonyView }) {
  const id = useId();
  const text = fact(view, F.retired);
  if (!text) return null;
  const left = /stop your key server/i.test(text);
  return (
    <section className="panel panel--retired" aria-labelledby={`${id}-r`}>
      <h2 id={`${id}-r`}>Rotated away: this committee's shares are retired</h2>
      <p>{text}</p>
      {left && (
        <p className="warn-box">
          <strong>Stop your key server</strong> for this committee: it is no longer part of the key server's committee, and its share must
          not serve keys any more. Keep or destroy the retired share as your policy says; it is not needed for anything.
        </p>
      )}
    </section>
  );
}

/** Coordinator dashboard: one row per member, one column per phase, read from the chain and imports. */
function Dashboard({ view }: { view: CeremonyView }) {
  const ms = members(view);
  const rotation = isRotation(view);
  const leaving = view.participants.filter((p) => p.tags.includes(T.leaving));
  const done = (tag: string) => ms.filter((m) => hasTag(m, tag)).length;
  return (
    <table className={rotation ? 'roster dashboard dashboard--rotation' : 'roster dashboard'}>
      <caption>
        Committee progress: {done(T.registered)} of {ms.length} registered, {done(T.messageReceived)} messages, {done(T.proposed)} proposals
      </caption>
      <thead>
        <tr>
          <th scope="col">Member (party)</th>
          {rotation && <th scope="col">In the rotation</th>}
          <th scope="col">Registered on chain</th>
          <th scope="col">Message</th>
          <th scope="col">Proposed</th>
          <th scope="col">API credentials</th>
        </tr>
      </thead>
      <tbody>
        {ms.map((m) => (
          <tr key={m.id} className={`roster__row roster__row--${m.state}`}>
            <th scope="row">
              {m.label} <span className="muted">({partyOf(m)})</span>
              {hasTag(m, T.airGapped) && <span className="tag">air-gapped</span>}
            </th>
            {rotation && <td>{hasTag(m, T.continuing) ? 'Continuing' : hasTag(m, T.joining) ? 'Joining' : '—'}</td>}
            <td>{hasTag(m, T.registered) ? YES('Registered') : <span className="muted">Not yet</span>}</td>
            <td>
              {rotation && hasTag(m, T.joining) ? (
                <span className="muted">Deals nothing</span>
              ) : hasTag(m, T.messageReceived) ? (
                <>
                  {YES('Received')} {m.checkCode && <CheckCode code={m.checkCode} label={`${m.label}'s message check code`} />}
                </>
              ) : (
                <span className="muted">Not yet</span>
              )}
            </td>
            <td>{hasTag(m, T.proposed) ? YES('Proposed') : <span className="muted">Not yet</span>}</td>
            <td>{hasTag(m, T.credentials) ? YES('Received') : <span className="muted">Not yet</span>}</td>
          </tr>
        ))}
        {leaving.map((p) => (
          <tr key={p.id} className="roster__row roster__row--inactive">
            <th scope="row">{p.label}</th>
            <td>Leaving</td>
            <td colSpan={4} className="muted dashboard__note">
              {p.status}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CoordinatorPanels({ view, polling }: { view: CeremonyView; polling: ChainPolling | null }) {
  const id = useId();
  const advice = coordinatorAdvice(view);
  const committeeCode = checkCodeIn(fact(view, F.committeeCheckCode));
  const rotationCode = checkCodeIn(fact(view, F.rotationCheckCode));
  const hashCode = checkCodeIn(fact(view, F.messagesHashCheckCode));
  const keyServer = isFinalized(view) ? fact(view, F.keyServerObjId) : null;
  return (
    <>
      <RetiredPanel view={view} />
      <section className="panel panel--advice" aria-labelledby={`${id}-tell`}>
        <h2 id={`${id}-tell`}>What to tell members next</h2>
        {advice.announce ? (
          <div className="announce">
            <p>{advice.announce}</p>
            <CopyButton value={advice.announce} label="announcement" />
          </div>
        ) : (
          <p className="muted">Nothing to announce yet.</p>
        )}
        {committeeCode && view.phase === 1 && !isFinalized(view) && (
          <ReadAloud label="Committee check code" code={committeeCode}>
            Covers the committee id, network, threshold and member addresses. Every member sees the same code after joining.
          </ReadAloud>
        )}
        {rotationCode && committeeExists(view) && view.phase === 1 && !isFinalized(view) && (
          <ReadAloud label="Rotation check code" code={rotationCode}>
            Covers the key server, the current committee and who continues, leaves and joins.
          </ReadAloud>
        )}
        {hashCode && view.phase === 3 && !isFinalized(view) && (
          <ReadAloud label="messages_hash check code" code={hashCode}>
            Every member sees this code after processing the message set; all must match before anyone proposes.
          </ReadAloud>
        )}
        {advice.waiting && <p className="waiting">{advice.waiting}</p>}
        {advice.todo && <p className="small">{advice.todo}</p>}
        {committeeExists(view) && (
          <div className="row">
            {view.phase === 1 && (
              <SaveFile view={view} artifactId={A.invitation}>
                Save the invitation
              </SaveFile>
            )}
            {view.phase === 1 && (
              <SaveFile view={view} artifactId={A.dkgYaml}>
                Save dkg.yaml
              </SaveFile>
            )}
            {view.phase === 3 && !isFinalized(view) && (
              <SaveFile view={view} artifactId={A.messageSet}>
                Save the message set
              </SaveFile>
            )}
          </div>
        )}
        {polling && <LastUpdated polling={polling} />}
      </section>

      {keyServer && (
        <section className="panel" aria-labelledby={`${id}-ks`}>
          <h2 id={`${id}-ks`}>Key server on chain</h2>
          <dl className="facts">
            <Mono label="KEY_SERVER_OBJ_ID" value={keyServer} />
            {fact(view, F.keyServerPk) && <Mono label="KEY_SERVER_PK" value={fact(view, F.keyServerPk)!} />}
            {fact(view, F.committeeVersion) && (
              <div className="facts__row">
                <dt>Committee version</dt>
                <dd>
                  {fact(view, F.committeeVersion)}
                  {isRotation(view) ? ' (the rotation is finalized; KEY_SERVER_PK did not change)' : ''}
                </dd>
              </div>
            )}
          </dl>
          <h3>Partial key servers</h3>
          <ul className="partials">
            {partialKeyServers(view).map((p) => (
              <li key={p.partyId}>
                <span className="muted">Party {p.partyId}:</span> <span className="small break">{p.value}</span>
              </li>
            ))}
          </ul>
          <div className="row">
            <AggregatorExport view={view} />
          </div>
        </section>
      )}
      {committeeExists(view) && <Dashboard view={view} />}
    </>
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

function MemberPanels({ view, polling }: { view: CeremonyView; polling: ChainPolling | null }) {
  const id = useId();
  const airGapped = isAirGappedMember(view);
  const committeeCode = checkCodeIn(fact(view, F.committeeCheckCode));
  const registrationsCode = checkCodeIn(fact(view, F.registrationsCheckCode));
  const rotationCode = checkCodeIn(fact(view, F.rotationCheckCode));
  const hashCode = checkCodeIn(fact(view, F.messagesHashCheckCode));
  const pk = fact(view, F.keyServerPk);
  const keyServer = isFinalized(view) ? fact(view, F.keyServerObjId) : null;
  const share = fact(view, F.share);
  const processed = hashCode !== null;
  const rotation = isRotation(view);
  const part = myRotationPart(view);
  const versions = rotationVersions(view);
  const plan = fact(view, F.keyServerConfig);
  const proposed = Boolean(me(view)?.tags.includes(T.proposed));
  const messageCode = checkCodeIn(fact(view, F.messageCheckCode));
  const messagePanel = messageCode && !processed && !view.next.some((a) => a.action === 'process') && (
    <section className="panel" aria-labelledby={`${id}-m`}>
      <h2 id={`${id}-m`}>Send your message to the coordinator</h2>
      <ReadAloud label="Your message check code" code={messageCode}>
        The coordinator sees this code next to your name after importing your message. Compare it over your trusted channel.
      </ReadAloud>
      <div className="row">
        <SaveFile view={view} artifactId={A.messageBundle}>
          Save the message
        </SaveFile>
        <SaveFile view={view} artifactId={A.messageJson}>
          Save it for seal-committee-cli
        </SaveFile>
      </div>
      <p className="small">Then import the message set the coordinator sends back (Import what others sent).</p>
    </section>
  );
  // The current step first: after finalization the key server and the share; while proposing the codes to compare.
  const committeePanel = (
    <section className="panel" aria-labelledby={`${id}-c`}>
      <h2 id={`${id}-c`}>{airGapped ? 'Committee (from the files you imported)' : 'Committee, checked against the chain'}</h2>
      {airGapped && (
        <p className="callout small">
          This computer stays offline. It learns about the chain only from the files your relay or coordinator gives you; compare each
          file's check code with what they announce.
        </p>
      )}
      {committeeCode && (
        <ReadAloud label="Committee check code" code={committeeCode}>
          Compare it with the code your coordinator read aloud. If they differ, stop: you are not looking at the same committee.
        </ReadAloud>
      )}
      {rotationCode && (
        <ReadAloud label="Rotation check code" code={rotationCode}>
          Covers the key server being rotated, its current committee and partial keys, and KEY_SERVER_PK. Compare it with your
          coordinator's.
        </ReadAloud>
      )}
      {registrationsCode && (
        <ReadAloud label="Registrations check code" code={registrationsCode}>
          The registered keys of every member{airGapped ? ', from the chain snapshot you imported' : ''}. Compare it with your
          coordinator's.
        </ReadAloud>
      )}
      {polling && <LastUpdated polling={polling} />}
    </section>
  );
  const comparePanel = (
    <>
      {processed && (
        <section className="panel panel--compare" aria-labelledby={`${id}-k`}>
          <h2 id={`${id}-k`}>Compare with the other members</h2>
          {hashCode && (
            <ReadAloud label="messages_hash check code" code={hashCode}>
              Everyone processed the same messages if everyone reads the same code. Compare before you propose.
            </ReadAloud>
          )}
          <dl className="facts">
            {pk && <Mono label={rotation ? 'KEY_SERVER_PK (unchanged by the rotation)' : 'KEY_SERVER_PK'} value={pk} />}
            {fact(view, F.messagesHash) && <Mono label="messages_hash" value={fact(view, F.messagesHash)!} />}
          </dl>
        </section>
      )}
    </>
  );
  const configButtons = (
    <div className="row">
      <SaveFile view={view} artifactId={A.keyServerConfig}>
        Save the key server config
      </SaveFile>
      {keyServer && (
        <SaveFile view={view} artifactId={A.apiCredentials}>
          Save the credentials bundle
        </SaveFile>
      )}
    </div>
  );
  // Rotation, processed, not finalized yet: the key server switches over (continuing) or starts (joining) now.
  const rotationServerPanel = rotation && processed && !keyServer && versions && (
    <section className="panel" aria-labelledby={`${id}-rs`}>
      <h2 id={`${id}-rs`}>{part === 'joining' ? 'Start your key server' : 'Update your key server for the rotation'}</h2>
      {plan && <p>{plan}.</p>}
      {part === 'joining' ? (
        <p>
          Start it with <code>key-server-config.yaml</code> (committee_state Active) and your new share, MASTER_SHARE_V{versions.to}. It
          serves once the chain reaches version {versions.to}.
        </p>
      ) : (
        <p>
          Restart it with the new <code>key-server-config.yaml</code> (committee_state Rotation, target_version {versions.to}) and{' '}
          <strong>both</strong> shares: it serves with MASTER_SHARE_V{versions.from} until the chain reaches version {versions.to}, then
          switches to MASTER_SHARE_V{versions.to} by itself. Once the rotation is finalized this app rewrites the config to Active with
          MASTER_SHARE_V{versions.to} only.
        </p>
      )}
      <StartCommand view={view} />
      {configButtons}
    </section>
  );
  const keyServerPanel = keyServer && (
    <section className="panel" aria-labelledby={`${id}-ks`}>
      <h2 id={`${id}-ks`}>Your key server</h2>
      <dl className="facts">
        <Mono label="KEY_SERVER_OBJ_ID" value={keyServer} />
        {fact(view, F.committeeVersion) && (
          <div className="facts__row">
            <dt>Committee version</dt>
            <dd>{fact(view, F.committeeVersion)}</dd>
          </div>
        )}
      </dl>
      {rotation && part === 'continuing' ? (
        <p>
          The rotation is finalized: the chain is at version {fact(view, F.committeeVersion)}. <code>key-server-config.yaml</code> is
          rewritten to committee_state Active: restart your key server with it and {shareEnvNames(view).join(' and ')} only. Your share of
          version {versions?.from ?? '…'} is retired.
        </p>
      ) : (
        <p>
          <code>key-server-config.yaml</code> is ready (committee mode, Active). Start the key server with it and your share:
        </p>
      )}
      <StartCommand view={view} />
      {configButtons}
    </section>
  );
  if (isRetired(view)) {
    return (
      <>
        <RetiredPanel view={view} />
        {committeePanel}
      </>
    );
  }
  if (keyServer) {
    return (
      <>
        {keyServerPanel}
        {share && <ShareHandoff view={view} />}
        {comparePanel}
        {committeePanel}
      </>
    );
  }
  if (rotationServerPanel && proposed) {
    return (
      <>
        {rotationServerPanel}
        {share && <ShareHandoff view={view} />}
        {comparePanel}
        <RotationPartPanel view={view} />
        {committeePanel}
      </>
    );
  }
  // Phase 1 starts with comparing the committee; later, the rotation panel says what this member brings.
  return (
    <>
      {messagePanel}
      {comparePanel}
      {rotationServerPanel}
      {view.phase === 1 && committeePanel}
      <RotationPartPanel view={view} />
      {view.phase !== 1 && committeePanel}
    </>
  );
}

function RelayPanels({ view, polling }: { view: CeremonyView; polling: ChainPolling | null }) {
  const id = useId();
  const member = members(view).find((m) => hasTag(m, T.airGapped)) ?? members(view).find((m) => hasTag(m, T.relay));
  return (
    <section className="panel" aria-labelledby={`${id}-r`}>
      <h2 id={`${id}-r`}>Relaying for {member ? member.label : 'an air-gapped member'}</h2>
      <p className="small">
        This online computer carries the member's transactions to the chain and chain snapshots back to them. It never holds their DKG keys
        or share. Import the files they bring (requests, signatures); give them the files under “Files to send”.
      </p>
      {polling && <LastUpdated polling={polling} />}
    </section>
  );
}

/** The Seal ceremony's panels under "Next", by role; polls the chain while it waits on it. */
export function SealPanels({ view }: { view: CeremonyView }) {
  const r = role(view);
  const online = !isAirGappedMember(view);
  // While active, the chain is watched closely. A finished committee is still read now and then:
  // a later rotation retires its shares, and the member who left must hear it.
  const watchFinished = view.status === 'completed' && !isRetired(view);
  const canPoll = online && committeeExists(view) && (view.status === 'active' || watchFinished);
  const polling = useChainPolling(view.id, canPoll, {
    intervalMs: view.status === 'active' ? (view.rehearsal ? 3000 : 8000) : view.rehearsal ? 10_000 : 60_000,
  });
  const p = canPoll ? polling : null;
  return (
    <>
      <PendingTransactionPanel view={view} />
      {r === 'coordinator' && <CoordinatorPanels view={view} polling={p} />}
      {r === 'member' && <MemberPanels view={view} polling={p} />}
      {r === 'relay' && <RelayPanels view={view} polling={p} />}
    </>
  );
}
