import { useId } from 'react';
import { asText, bytesToHex } from './bytes.ts';
import { groupedHex } from './words.ts';

/**
 * A message as the requester checks it before sending: as text when it is text, with its exact
 * bytes (hex) one click away; a message that is not text shows its bytes, grouped by two so no
 * long run of hex fills the screen.
 */
export function MessagePreview({ bytes, title }: { bytes: Uint8Array; title: string }) {
  const id = useId();
  const text = asText(bytes);
  const hex = (
    <>
      <label htmlFor={`${id}-hex`}>As hex</label>
      <textarea
        id={`${id}-hex`}
        className="mono break"
        readOnly
        rows={Math.min(10, Math.ceil(bytes.length / 20) + 1)}
        value={groupedHex(bytesToHex(bytes), bytes.length) || '(empty)'}
      />
    </>
  );
  return (
    <section className="panel form form--inline" aria-labelledby={`${id}-h`}>
      <h4 id={`${id}-h`}>{title}</h4>
      <p className="muted small">{bytes.length} bytes</p>
      <MessageText id={`${id}-text`} text={text} />
      {text === null ? (
        hex
      ) : (
        <details>
          <summary>Its exact bytes (hex)</summary>
          {hex}
        </details>
      )}
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
