/**
 * A check code people read aloud to compare ("0412-9938-1175"). Screen readers get the digits
 * spaced so they are spoken one by one.
 */
export function CheckCode({ code, label }: { code: string; label?: string }) {
  const spoken = code.replace(/-/g, ', ').split('').join(' ');
  return (
    <span className="checkcode" title={label ? `${label}: ${code}` : code}>
      <span aria-hidden="true">{code}</span>
      <span className="visually-hidden">
        {label ? `${label}: ` : 'Check code: '}
        {spoken}
      </span>
    </span>
  );
}
