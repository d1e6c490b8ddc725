import { TechnicalDetails } from '../../components/TechnicalDetails.tsx';
import type { SealCommitteeHealth, SealKeyServerHealth } from '../../../src-shared/ceremonies/seal.ts';

/**
 * The coordinator's committee health check: main asks every member's key server (with the API
 * keys in the vault) and answers with one typed row per member. The rows say who is fine and,
 * for the others, what is wrong and what to do; URLs, partial keys and versions sit under
 * Technical details.
 */

const CHECK_WORDS: Record<SealKeyServerHealth['partialPk']['check'], string> = {
  matches: 'the partial key on chain',
  'another-member': "another member's partial key",
  differs: 'a partial key on chain for nobody',
  'not-committee-mode': 'none (not in committee mode)',
  'key-server-error': 'an error',
  'needs-api-key': 'nothing without an API key',
  'not-a-key-server': 'no Seal key server answer',
  'no-answer': 'no answer',
};

function checkedAt(iso: string, locale?: string): string {
  return new Date(iso).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
}

/** One row per member by name: OK, or the problem next to what to do. */
export function KeyServerHealthRows({ health, locale }: { health: SealCommitteeHealth; locale?: string }) {
  const good = health.members.filter((m) => m.ok).length;
  return (
    <>
      <table className="roster dashboard key-server-health">
        <caption>
          {good} of {health.members.length} key servers OK (checked {checkedAt(health.checkedAt, locale)})
        </caption>
        <thead>
          <tr>
            <th scope="col">Member</th>
            <th scope="col">Key server</th>
          </tr>
        </thead>
        <tbody>
          {health.members.map((m) => (
            <tr key={m.partyId} className={`roster__row key-server-health__row key-server-health__row--${m.ok ? 'ok' : 'bad'}`}>
              <th scope="row">{m.name}</th>
              {m.ok ? (
                <td>
                  <span aria-hidden="true">✓ </span>OK{m.version ? <span className="muted"> (version {m.version})</span> : null}
                </td>
              ) : (
                <td>
                  <p className="field-error">{m.problem}</p>
                  <p className="small">What to do: {m.whatToDo}</p>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <TechnicalDetails>
        <p className="small">
          Key server {health.keyServerObjId}, committee version {health.version}, {health.network}.
        </p>
        <ul className="small key-server-health__details">
          {health.members.map((m) => (
            <li key={m.partyId}>
              {m.name}: {m.serverName} at {m.url}; /health {m.reachDetail}; /v1/debug/committee_partial_pk served{' '}
              {CHECK_WORDS[m.partialPk.check]} ({m.partialPk.detail}); on chain {m.partialPk.onChain}
              {m.partialPk.served && m.partialPk.served !== m.partialPk.onChain ? `, served ${m.partialPk.served}` : ''}; /v1/service{' '}
              {m.service.detail}; version {m.version ?? 'not reported'}
              {m.gitVersion ? ` (${m.gitVersion})` : ''}; {m.apiKeyHeader ? `API key sent in ${m.apiKeyHeader}` : 'no API key held'}.
            </li>
          ))}
        </ul>
      </TechnicalDetails>
    </>
  );
}
