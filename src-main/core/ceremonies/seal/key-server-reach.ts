import type { KeyServerReach } from '../../../../src-shared/ceremonies/seal.ts';
import { CeremonyError } from '../../errors.ts';
import { probeUrl } from '../../transports/http/probe.ts';

/** Long enough for a distant server, short enough not to keep a form waiting. */
export const KEY_SERVER_PROBE_MS = 3000;

/**
 * Whether a member's key server URL answers now. Information only: a key server cannot run before
 * it has its share, so "not reachable" during the ceremony is expected and gates nothing.
 */
export async function checkKeyServerUrl(text: string, timeoutMs = KEY_SERVER_PROBE_MS): Promise<KeyServerReach> {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new CeremonyError(
      'seal/key-server-url-not-http',
      `"${text}" is not a URL: give your key server's address, e.g. https://seal.example.org.`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new CeremonyError(
      'seal/key-server-url-not-http',
      `A key server URL starts with https:// (or http://), not ${url.protocol}//: give your key server's web address.`,
    );
  return probeUrl(url, timeoutMs);
}
