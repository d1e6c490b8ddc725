import { CopyButton } from './CopyButton.tsx';

/** `0x68cf…30ce`: long hex shortened for the main view, the whole value one Copy away. */
export function shortHex(value: string): string {
  const v = value.trim();
  const prefix = v.startsWith('0x') ? '0x' : '';
  const body = v.slice(prefix.length);
  return body.length <= 10 ? v : `${prefix}${body.slice(0, 4)}…${body.slice(-4)}`;
}

export function ShortHex({ value, label }: { value: string; label: string }) {
  return (
    <span className="short-hex">
      <span className="mono" title={value}>
        {shortHex(value)}
      </span>
      <CopyButton value={value} label={label} />
    </span>
  );
}
