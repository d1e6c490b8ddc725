import { useId, type ReactNode } from 'react';
import { useChainPolling, type ChainPolling } from '../../app/useChainPolling.ts';
import { saveArtifact } from '../../app/save-artifact.ts';
import { CheckCode } from '../../components/CheckCode.tsx';
import { CopyButton } from '../../components/CopyButton.tsx';
import { LastUpdated } from '../../components/LastUpdated.tsx';
import type { CeremonyView } from '../../../src-shared/api/ceremonies.ts';
import { SEAL_ARTIFACTS as A, SEAL_FACTS as F, SEAL_TAGS as T } from '../../../src-shared/protocols/seal.ts';
import { coordinatorAdvice } from './advice.ts';
import { PendingTransactionPanel } from './PendingTransaction.tsx';
import { ShareHandoff } from './ShareHandoff.tsx';
import { checkCodeIn, committeeExists, fact, hasTag, isAirGappedMember, isFinalized, isRotation, members, partialKeyServers, partyOf, role } from './view.ts';

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

/** Coordinator dashboard: one row per member, one column per phase, read from the chain and imports. */
function Dashboard({ view }: { view: CeremonyView }) {
  const ms = members(view);
  const rotation = isRotation(view);
  const leaving = view.participants.filter((p) => p.tags.includes(T.leaving));
  const done = (tag: string) => ms.filter((m) => hasTag(m, tag)).length;
  return (
    <table className="roster dashboard">
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
            <td colSpan={5} className="muted">
              Leaving: {p.status}
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
        {rotationCode && view.phase === 1 && !isFinalized(view) && (
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
            {view.phase === 1 && <SaveFile view={view} artifactId={A.invitation}>Save the invitation</SaveFile>}
            {view.phase === 1 && <SaveFile view={view} artifactId={A.dkgYaml}>Save dkg.yaml</SaveFile>}
            {view.phase === 3 && !isFinalized(view) && <SaveFile view={view} artifactId={A.messageSet}>Save the message set</SaveFile>}
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
            <SaveFile view={view} artifactId={A.aggregatorConfig}>Save the aggregator config</SaveFile>
          </div>
        </section>
      )}
      {committeeExists(view) && <Dashboard view={view} />}

    </>
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
  const messageCode = checkCodeIn(fact(view, F.messageCheckCode));
  const messagePanel = messageCode && !processed && !view.next.some((a) => a.action === 'process') && (
    <section className="panel" aria-labelledby={`${id}-m`}>
      <h2 id={`${id}-m`}>Send your message to the coordinator</h2>
      <ReadAloud label="Your message check code" code={messageCode}>
        The coordinator sees this code next to your name after importing your message. Compare it over your trusted channel.
      </ReadAloud>
      <div className="row">
        <SaveFile view={view} artifactId={A.messageBundle}>Save the message</SaveFile>
        <SaveFile view={view} artifactId={A.messageJson}>Save it for seal-committee-cli</SaveFile>
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
          This computer stays offline. It learns about the chain only from the files your relay or coordinator gives you; compare each file's check code with what they announce.
        </p>
      )}
      {committeeCode && (
        <ReadAloud label="Committee check code" code={committeeCode}>
          Compare it with the code your coordinator read aloud. If they differ, stop: you are not looking at the same committee.
        </ReadAloud>
      )}
      {rotationCode && (
        <ReadAloud label="Rotation check code" code={rotationCode}>
          {fact(view, F.rotationPart) ?? 'Key rotation'}. Compare the code with your coordinator's.
        </ReadAloud>
      )}
      {registrationsCode && (
        <ReadAloud label="Registrations check code" code={registrationsCode}>
          The registered keys of every member{airGapped ? ', from the chain snapshot you imported' : ''}. Compare it with your coordinator's.
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
            {pk && <Mono label="KEY_SERVER_PK" value={pk} />}
            {fact(view, F.messagesHash) && <Mono label="messages_hash" value={fact(view, F.messagesHash)!} />}
          </dl>
        </section>
      )}
    </>
  );
  const keyServerPanel = (
    <>
      {keyServer && (
        <section className="panel" aria-labelledby={`${id}-ks`}>
          <h2 id={`${id}-ks`}>Your key server</h2>
          <dl className="facts">
            <Mono label="KEY_SERVER_OBJ_ID" value={keyServer} />
          </dl>
          <p>
            <code>key-server-config.yaml</code> is ready (committee mode, Active). Start the key server with it and your share:
          </p>
          <pre className="command mono small">CONFIG_PATH=key-server-config.yaml MASTER_SHARE_V0=0x… cargo run --bin key-server</pre>
          <div className="row">
            <SaveFile view={view} artifactId={A.keyServerConfig}>Save the key server config</SaveFile>
            <SaveFile view={view} artifactId={A.apiCredentials}>Save the credentials bundle</SaveFile>
          </div>
        </section>
      )}
    </>
  );
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
  return (
    <>
      {messagePanel}
      {comparePanel}
      {committeePanel}
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
        This online computer carries the member's transactions to the chain and chain snapshots back to them. It never holds their DKG keys or share. Import the files they bring (requests, signatures); give them the files under “Files to send”.
      </p>
      {polling && <LastUpdated polling={polling} />}
    </section>
  );
}

/** The Seal ceremony's panels under "Next", by role; polls the chain while it waits on it. */
export function SealPanels({ view }: { view: CeremonyView }) {
  const r = role(view);
  const online = !isAirGappedMember(view);
  const canPoll = online && view.status === 'active' && committeeExists(view);
  const polling = useChainPolling(view.id, canPoll, { intervalMs: view.rehearsal ? 3000 : 8000 });
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
