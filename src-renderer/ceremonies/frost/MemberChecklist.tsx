/**
 * Checkboxes to choose the members who take part in a refresh or a repair. Your own box is ticked
 * and cannot be unticked: these steps need you in them.
 */
export function MemberChecklist({
  legend,
  members,
  chosen,
  me,
  onChange,
}: {
  legend: string;
  members: { id: string; label: string }[];
  chosen: string[];
  me: string | null;
  onChange(chosen: string[]): void;
}) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      {members.map((m) => (
        <label key={m.id} className="choice">
          <input
            type="checkbox"
            checked={chosen.includes(m.id)}
            disabled={m.id === me}
            onChange={(e) => onChange(e.target.checked ? [...chosen, m.id] : chosen.filter((x) => x !== m.id))}
          />
          <span>
            {m.label}
            {m.id === me ? ' (you)' : ''}
          </span>
        </label>
      ))}
    </fieldset>
  );
}
