import type { Fact } from '../../src-shared/api/ceremonies.ts';
import { CopyButton } from './CopyButton.tsx';

export function Facts({ facts }: { facts: Fact[] }) {
  if (!facts.length) return null;
  return (
    <dl className="facts">
      {facts.map((f) => (
        <div key={f.label} className="facts__row">
          <dt>{f.label}</dt>
          <dd>
            <span className={f.mono ? 'mono break' : undefined}>{f.value}</span>
            {f.mono && <CopyButton value={f.value} label={f.label} />}
          </dd>
        </div>
      ))}
    </dl>
  );
}
