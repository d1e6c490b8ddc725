import type { SealShareHandoff } from '../../../src-shared/ceremonies/seal.ts';

/** Each way the share can leave the vault, in the member's words. */
const DONE: Record<SealShareHandoff['method'], string> = {
  'env-file': 'share file written to',
  'dkg-yaml': 'share file (dkg.yaml layout) written to',
  clipboard: 'share copied to the clipboard',
  backup: 'encrypted backup written to',
  'key-server-package': 'encrypted package for your key-server operator written to',
};

/**
 * Where the share went so far, in words, with the time on this computer's clock ("share file
 * written to /…/alice.env (6 Dec 2026, 10:04)"); null before the first hand-off. The path stays
 * whole: it is how the member finds the file.
 */
export function handoffsSoFar(handoffs: readonly SealShareHandoff[], locale?: string): string | null {
  if (!handoffs.length) return null;
  const when = (at: string) => new Date(at).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
  return handoffs.map((h) => `${DONE[h.method]}${h.where ? ` ${h.where}` : ''} (${when(h.at)})`).join('; ');
}
