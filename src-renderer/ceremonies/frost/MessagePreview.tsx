import { useId } from 'react';
import { asText, bytesToHex } from './bytes.ts';

/** A message shown the two ways people check it: as text (when it is text) and as hex. */
export function MessagePreview({ bytes, title }: { bytes: Uint8Array; title: string }) {
  const id = useId();
  const text = asText(bytes);
  return (
    <section className="panel form form--inline" aria-labelledby={`${id}-h`}>
      <h4 id={`${id}-h`}>{title}</h4>
      <p className="muted small">{bytes.length} bytes</p>
      <MessageText id={`${id}-text`} text={text} />
      <label htmlFor={`${id}-hex`}>As hex</label>
      <textarea
        id={`${id}-hex`}
        className="mono break"
        readOnly
        rows={Math.min(10, Math.ceil(bytes.length / 22) + 1)}
        value={bytesToHex(bytes) || '(empty)'}
      />
    </section>
  );
}

export function MessageText({ id, text }: { id: string; text: string | null }) {
  return text === null ? (
    <p id={id}>This message is not text: compare its hex form.</p>
  ) : (
    <>
      <label htmlFor={id}>As text</label>
      <textarea id={id} readOnly rows={Math.min(10, Math.max(2, text.split('\n').length + 1))} value={text} />
    </>
  );
}
