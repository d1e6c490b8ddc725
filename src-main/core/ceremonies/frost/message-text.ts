import { hexToBytes } from '@noble/hashes/utils.js';

/** The message as people should read it: UTF-8 text when it is text, else a note to compare the hex. */
export function messageAsText(hex: string): string {
  const bytes = hexToBytes(hex);
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    // Control characters other than line breaks and tabs could hide content: show them escaped.
    return text.replace(
      // eslint-disable-next-line no-control-regex
      /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g,
      (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`,
    );
  } catch {
    return '(this message is not text; compare its hex form)';
  }
}
