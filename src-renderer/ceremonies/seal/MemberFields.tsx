import type { MemberRow } from './create-draft.ts';

/**
 * One committee member's name and Sui address fields, as both Seal forms list them (a fresh
 * committee's members, a rotation's new members). `title` names the row for people and screen
 * readers ("Member 2", "New member 1"); the party id the address will get is said in its label.
 */
export function MemberFields(props: {
  /** Prefix of the fields' ids, unique in the page. */
  idBase: string;
  title: string;
  partyId: number;
  row: MemberRow;
  error: string | null | undefined;
  onChange: (patch: Partial<Pick<MemberRow, 'label' | 'address'>>) => void;
  onBlur: () => void;
}) {
  const { idBase, title, partyId, row, error } = props;
  return (
    <div className="member-row__fields">
      <label htmlFor={`${idBase}-label`}>{title} name (optional)</label>
      <input
        id={`${idBase}-label`}
        type="text"
        maxLength={100}
        value={row.label}
        onChange={(e) => props.onChange({ label: e.target.value })}
      />
      <label htmlFor={`${idBase}-addr`}>
        {title} Sui address (party {partyId})
      </label>
      <input
        id={`${idBase}-addr`}
        type="text"
        className="mono"
        spellCheck={false}
        autoComplete="off"
        value={row.address}
        onChange={(e) => props.onChange({ address: e.target.value })}
        onBlur={props.onBlur}
        aria-invalid={Boolean(error)}
        aria-describedby={error ? `${idBase}-err` : undefined}
      />
      {error && (
        <p id={`${idBase}-err`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
