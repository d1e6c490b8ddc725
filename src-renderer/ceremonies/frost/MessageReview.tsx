import type { FrostView } from '../../../src-shared/ceremonies/frost.ts';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { CheckCode } from '../../components/CheckCode.tsx';
import { groupedHex } from './words.ts';

/**
 * The message a signer approves, read to its end before "I have read" can be ticked: text in a
 * scrolling box (a binary message: its size, a hex preview and the fingerprint), with the
 * fingerprint to compare with the requester. The box is focusable so the keyboard scrolls it.
 */
export function MessageReview({
  message,
  read,
  onRead,
}: {
  /** The message waiting for this signer's approval, as the FROST view gives it. */
  message: Pick<NonNullable<FrostView['pendingApproval']>, 'messageText' | 'messageHex' | 'bytes' | 'fingerprint' | 'from'>;
  read: boolean;
  onRead(read: boolean): void;
}) {
  const { messageText: text, messageHex: hex, bytes, fingerprint, from } = message;
  const id = useId();
  const box = useRef<HTMLDivElement>(null);
  const [atEnd, setAtEnd] = useState(false);
  const check = useCallback(() => {
    const el = box.current;
    if (el && el.scrollTop + el.clientHeight >= el.scrollHeight - 2) setAtEnd(true);
  }, []);
  // A message that fits in the box is read without scrolling.
  useEffect(check, [check, text, hex]);
  return (
    <div className="message-review">
      <p>
        <strong>{from}</strong> asks you to sign this message ({bytes} bytes
        {text === null ? '; it is not text' : ''}).
      </p>
      <div
        ref={box}
        className="message-review__box"
        tabIndex={0}
        role="region"
        aria-label="The message to sign"
        aria-describedby={`${id}-hint`}
        onScroll={check}
      >
        {text !== null ? <pre className="message-review__text">{text}</pre> : <pre className="mono">{groupedHex(hex, 256)}</pre>}
      </div>
      <p className="small muted" id={`${id}-hint`}>
        {atEnd
          ? 'You reached the end of the message.'
          : 'Scroll to the end of the message (or focus it and use the arrow keys) to continue.'}
      </p>
      <div className="message-review__fingerprint">
        Message fingerprint <CheckCode code={fingerprint} label="Message fingerprint" />
        <p className="small">Ask {from} to read you the fingerprint on their screen: it must be the same.</p>
      </div>
      <label className="choice">
        <input type="checkbox" checked={read} disabled={!atEnd} onChange={(e) => onRead(e.target.checked)} />
        <span>I have read this message to its end and I agree to sign exactly it.</span>
      </label>
    </div>
  );
}
