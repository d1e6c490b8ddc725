import { FROST_SUITES, type FrostSuiteName } from '../../../src-shared/ceremonies/frost.ts';

/** The ciphersuite choice (its label stays with the form: each form says something different). */
export function SuiteSelect({
  id,
  value,
  onChange,
  describedBy,
}: {
  id: string;
  value: FrostSuiteName;
  onChange(v: FrostSuiteName): void;
  describedBy?: string;
}) {
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value as FrostSuiteName)} aria-describedby={describedBy}>
      {FROST_SUITES.map((s) => (
        <option key={s.name} value={s.name}>
          {s.title}
        </option>
      ))}
    </select>
  );
}
