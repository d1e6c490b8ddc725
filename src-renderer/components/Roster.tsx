import type { ParticipantView } from '../../src-shared/api/ceremonies.ts';
import { CheckCode } from './CheckCode.tsx';

const STATE_LABEL: Record<ParticipantView['state'], string> = {
  waiting: 'Waiting',
  done: 'Done',
  problem: 'Problem',
  inactive: 'Not taking part',
};

export function Roster({ participants }: { participants: ParticipantView[] }) {
  // Participants not taking part (a member leaving in a key rotation) are listed but not counted.
  const counted = participants.filter((p) => p.state !== 'inactive');
  const done = counted.filter((p) => p.state === 'done').length;
  return (
    <table className="roster">
      <caption>
        Participants{' '}
        <span className="muted">
          ({done} of {counted.length} done with the current step)
        </span>
      </caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Status</th>
          <th scope="col">Check code</th>
        </tr>
      </thead>
      <tbody>
        {participants.map((p) => (
          <tr key={p.id} className={`roster__row roster__row--${p.state}`}>
            <th scope="row">
              <span className="roster__name">{p.label}</span>
              {p.tags.map((t) => (
                <span key={t} className={`tag tag--${t}`}>
                  {t}
                </span>
              ))}
              {p.label !== p.id && <div className="mono muted small break">{p.id}</div>}
            </th>
            <td>
              <span className={`dot dot--${p.state}`} aria-hidden="true" />
              <span className="visually-hidden">{STATE_LABEL[p.state]}: </span>
              {p.status}
            </td>
            <td>{p.checkCode ? <CheckCode code={p.checkCode} label={`${p.label}'s check code`} /> : <span className="muted">—</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
