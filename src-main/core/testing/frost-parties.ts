// Test-only helpers for the FROST ceremony tests (not product code; only *.test.ts import this).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { ed25519Signer, encodeBundle, parseBundle } from '../bundles/codec.ts';
import { canonicalJson } from '../encoding/canonical-json.ts';
import type { ImportOutcome } from '../../../src-shared/api/bundles.ts';
import { sealEnvelope, type SealedEnvelope } from '../ceremonies/frost/envelope.ts';
import { bundlesOf, closeAll, readState, startParty, type Party } from '../rehearsal/frost.ts';

export async function parties(names: readonly string[]): Promise<Party[]> {
  const root = mkdtempSync(join(tmpdir(), 'frostapp-'));
  const out: Party[] = [];
  for (const n of names) out.push(await startParty(n, join(root, n.replace(/\W+/g, '_'))));
  return out;
}

export { closeAll };

export async function secretOf(p: Party, name: string): Promise<Uint8Array> {
  return (await p.core.vault.unlockedVault()).get(`${p.id}/${name}`);
}

/** The bundle of `p` made for `step`. */
export function bundleFor(p: Party, step: string): Uint8Array {
  const b = bundlesOf(p)
    .map((f) => f.bytes)
    .find((bytes) => parseBundle(bytes).header.step === step);
  if (!b) throw new Error(`${p.name} has no ${step} bundle`);
  return b;
}

/**
 * A bundle `p` could have made (p's own member id, signed with p's real bundle key) with the
 * template's step and a payload of our choosing: what a malicious or buggy member's app sends.
 */
export async function forge(
  p: Party,
  template: Uint8Array,
  mutate: (payload: Record<string, unknown>) => Record<string, unknown> | void = () => undefined,
): Promise<Uint8Array> {
  const b = parseBundle(template);
  const payload = JSON.parse(new TextDecoder().decode(b.payload)) as Record<string, unknown>;
  const next = mutate(payload) ?? payload;
  const s = readState(p);
  const me = s.members.find((m) => m.id === s.me)!;
  const h = b.header;
  return encodeBundle(
    {
      protocol: h.protocol,
      ceremonyId: h.ceremonyId,
      phase: h.phase,
      step: h.step,
      sender: { id: me.id, label: me.name },
      createdAt: h.createdAt,
      rehearsal: h.rehearsal,
      payloadType: h.payloadType,
      payload: utf8ToBytes(canonicalJson(next)),
    },
    ed25519Signer(await secretOf(p, 'bundle-identity')),
  ).bytes;
}

/** Seals a plaintext as `from` for `to`, as the envelope of a round-2 package would be. */
export async function sealAs(from: Party, to: Party, plaintext: Uint8Array, purpose: string): Promise<SealedEnvelope> {
  const s = readState(to);
  return sealEnvelope({
    plaintext,
    senderSecret: await secretOf(from, 'comm-key'),
    recipientPublic: hexToBytes(s.members.find((m) => m.id === s.me)!.commKey!),
    context: { ceremony: to.id, purpose, from: readState(from).me, to: s.me },
    entropy: new Uint8Array(32).fill(9),
  });
}

export async function importInto(p: Party, name: string, bytes: Uint8Array): Promise<ImportOutcome> {
  return p.core.engine.importFile(p.id, name, bytes);
}
