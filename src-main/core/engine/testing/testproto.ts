import { z } from 'zod';
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../fsx/atomic.ts';
import { BundleError } from '../../bundles/errors.ts';
import { CeremonyError } from '../../errors.ts';
import type { Json } from '../../encoding/canonical-json.ts';
import type { Bundle } from '../../bundles/format.ts';
import type { Protocol, StepResult, StepContext, CreateContext, Description } from '../protocol.ts';

/**
 * A small protocol used only by tests, to prove the engine: n participants each generate a
 * secret scalar s_i (vault), register P_i = s_i·G, send a Schnorr proof of knowledge of s_i
 * bound to the ceremony, and finalize the group key Σ P_i. It exercises every engine path:
 * create/join from an invitation bundle, secrets, outgoing bundles, imports with sender
 * binding and verification, phase changes and idempotent effects.
 */
export interface TestState {
  [k: string]: Json;
  roster: { id: string; label: string; bundleKey: string | null; point: string | null; proven: boolean }[];
  me: string;
  groupKey: string | null;
  delivered: string[];
}

export interface TestServices {
  /** Folder standing in for a USB stick: effects copy outgoing bundles there. */
  outboxDir?: string;
}

const Point = ed25519.Point;
const n = Point.Fn.ORDER;

function mod(a: bigint): bigint {
  const r = a % n;
  return r < 0n ? r + n : r;
}
function scalarOf(bytes: Uint8Array): bigint {
  return mod(BigInt('0x' + bytesToHex(sha512(bytes))));
}
function challenge(ceremonyId: string, id: string, P: string, R: string): bigint {
  return scalarOf(concatBytes(utf8ToBytes(`testproto-pok/${ceremonyId}/${id}/`), hexToBytes(P), hexToBytes(R)));
}

export function pointOfSecret(secret: Uint8Array): string {
  return Point.BASE.multiply(scalarOf(secret)).toHex();
}

async function mySecret(ctx: StepContext<unknown>): Promise<Uint8Array> {
  return ctx.secret('contribution-secret', { label: 'Test contribution', kind: 'test.secret' }, () =>
    crypto.getRandomValues(new Uint8Array(32)),
  );
}

const createInput = z.object({ participants: z.array(z.string().min(1)).min(2).max(10) }).strict();
const joinInput = z.object({ index: z.number().int().min(1) }).strict();
const noInput = z.object({}).strict();

function describe(state: TestState): Description {
  const registered = state.roster.filter((r) => r.point).length;
  const proven = state.roster.filter((r) => r.proven).length;
  const meEntry = state.roster.find((r) => r.id === state.me)!;
  const next: Description['next'] = [];
  if (!meEntry.point)
    next.push({
      action: 'register',
      label: 'Register',
      description: 'Create your secret and send your public point.',
      confirm: null,
      primary: true,
    });
  else if (registered === state.roster.length && !meEntry.proven)
    next.push({ action: 'contribute', label: 'Send proof', description: 'Prove you know your secret.', confirm: null, primary: true });
  else if (proven === state.roster.length && !state.groupKey)
    next.push({
      action: 'finalize',
      label: 'Finalize',
      description: 'Compute the group key.',
      confirm: 'This ends the ceremony.',
      primary: true,
    });
  return {
    headline: state.groupKey ? 'Done' : `${registered}/${state.roster.length} registered, ${proven} proofs`,
    participants: state.roster.map((r) => ({
      id: r.id,
      label: r.label,
      tags: r.id === state.me ? ['you'] : [],
      state: r.proven ? 'done' : 'waiting',
      status: r.proven ? 'Proof received' : r.point ? 'Registered' : 'Not registered',
      checkCode: null,
    })),
    next,
    facts: state.groupKey ? [{ label: 'Group key', value: state.groupKey, mono: true }] : [],
  };
}

function deliverEffect(artifactId: string): { id: string; kind: string; args: Json } {
  return { id: `deliver:${artifactId}`, kind: 'deliver', args: { artifactId } };
}

export const testProtocol: Protocol<TestState, TestServices> = {
  name: 'test',
  createInput,

  async create(params: z.infer<typeof createInput>, ctx: CreateContext<TestServices>) {
    // A refusal past the schema, as a real protocol's (Seal: a member listed twice).
    if (new Set(params.participants).size !== params.participants.length)
      throw new CeremonyError('api/invalid-input', 'Each participant may be listed once.');
    const id = ctx.newCeremonyId();
    const roster = params.participants.map((label, i) => ({ id: `p${i}`, label, bundleKey: null, point: null, proven: false }));
    const state: TestState = { roster, me: 'p0', groupKey: null, delivered: [] };
    return {
      ceremonyId: id,
      title: 'Test ceremony',
      role: 'creator',
      rehearsal: false,
      me: { id: 'p0', label: params.participants[0]! },
      state,
      summary: `Created for ${roster.length} participants`,
      outgoing: [
        {
          step: 'invite',
          phase: 1,
          payloadType: 'application/json',
          payload: utf8ToBytes(JSON.stringify({ participants: params.participants })),
          artifactId: 'invitation',
          fileName: 'invitation.ceremony',
          description: 'Invitation for the other participants',
        },
      ],
      effects: [deliverEffect('invitation')],
    };
  },

  async join(file, params, ctx) {
    const bundle = file.bundle;
    if (!bundle || bundle.header.step !== 'invite')
      throw new CeremonyError('engine/not-an-invitation', `${file.name} is not a test-ceremony invitation.`);
    const p = joinInput.parse(params);
    const participants = (JSON.parse(new TextDecoder().decode(bundle.payload)) as { participants: string[] }).participants;
    if (p.index >= participants.length) throw new CeremonyError('api/invalid-input', 'No such participant.');
    const roster = participants.map((label, i) => ({
      id: `p${i}`,
      label,
      bundleKey: i === 0 ? bundle.header.sender.publicKey : null,
      point: null,
      proven: false,
    }));
    return {
      ceremonyId: ctx.newCeremonyId(),
      title: 'Test ceremony',
      role: 'member',
      rehearsal: bundle.header.rehearsal,
      me: { id: `p${p.index}`, label: participants[p.index]! },
      state: { roster, me: `p${p.index}`, groupKey: null, delivered: [] },
      summary: `Joined as ${participants[p.index]}`,
    };
  },

  actions: {
    register: {
      input: noInput,
      async run(state: TestState, _input: unknown, ctx: StepContext<TestServices>): Promise<StepResult<TestState>> {
        const me = state.roster.find((r) => r.id === state.me)!;
        if (me.point) throw new CeremonyError('engine/wrong-step', 'You have already registered.');
        const point = pointOfSecret(await mySecret(ctx));
        const roster = state.roster.map((r) => (r.id === state.me ? { ...r, point, bundleKey: ctx.meta.me.bundleKey } : r));
        const all = roster.every((r) => r.point);
        return {
          state: { ...state, roster },
          summary: 'Registered my public point',
          phase: all ? 2 : 1,
          outgoing: [
            {
              step: 'register',
              phase: 1,
              payloadType: 'application/json',
              payload: utf8ToBytes(JSON.stringify({ point })),
              artifactId: 'register',
              fileName: `register-${state.me}.ceremony`,
              description: 'Registration',
            },
          ],
          effects: [deliverEffect('register')],
        };
      },
    },
    contribute: {
      input: noInput,
      async run(state: TestState, _input: unknown, ctx: StepContext<TestServices>): Promise<StepResult<TestState>> {
        if (!state.roster.every((r) => r.point)) throw new CeremonyError('engine/wrong-phase', 'Wait until everyone has registered.');
        const secret = await mySecret(ctx);
        const s = scalarOf(secret);
        // Deterministic nonce from the secret: a re-run after a crash gives the same proof.
        const k = scalarOf(concatBytes(utf8ToBytes('nonce'), secret));
        const P = Point.BASE.multiply(s).toHex();
        const R = Point.BASE.multiply(k).toHex();
        const z_ = mod(k + challenge(ctx.meta.id, state.me, P, R) * s);
        const roster = state.roster.map((r) => (r.id === state.me ? { ...r, proven: true } : r));
        return {
          state: { ...state, roster },
          summary: 'Sent my proof',
          phase: roster.every((r) => r.proven) ? 3 : 2,
          outgoing: [
            {
              step: 'contribution',
              phase: 2,
              payloadType: 'application/json',
              payload: utf8ToBytes(JSON.stringify({ R, z: z_.toString(16) })),
              artifactId: 'contribution',
              fileName: `contribution-${state.me}.ceremony`,
              description: 'Proof',
            },
          ],
          effects: [deliverEffect('contribution')],
        };
      },
    },
    finalize: {
      input: noInput,
      async run(state: TestState): Promise<StepResult<TestState>> {
        if (!state.roster.every((r) => r.proven)) throw new CeremonyError('engine/wrong-phase', 'Proofs are missing.');
        const key = state.roster.reduce((acc, r) => acc.add(Point.fromHex(r.point!)), Point.ZERO).toHex();
        return {
          state: { ...state, groupKey: key },
          summary: 'Computed the group key',
          status: 'completed',
          artifacts: [
            {
              id: 'result',
              name: 'result.json',
              description: 'Group key',
              mime: 'application/json',
              bytes: utf8ToBytes(JSON.stringify({ groupKey: key })),
            },
          ],
          effects: [deliverEffect('result')],
        };
      },
    },
  },

  roster: (state) => state.roster.map((r) => ({ id: r.id, label: r.label, bundleKey: r.bundleKey })),

  async accept(state: TestState, bundle: Bundle, ctx): Promise<StepResult<TestState>> {
    const h = bundle.header;
    const body = JSON.parse(new TextDecoder().decode(bundle.payload)) as Record<string, string>;
    const who = state.roster.find((r) => r.id === h.sender.id)!;
    if (h.step === 'register') {
      const roster = state.roster.map((r) => (r.id === who.id ? { ...r, point: body.point!, bundleKey: h.sender.publicKey } : r));
      return { state: { ...state, roster }, summary: `Registration from ${who.label}`, phase: roster.every((r) => r.point) ? 2 : 1 };
    }
    if (h.step === 'contribution') {
      if (!state.roster.every((r) => r.point))
        throw new BundleError(
          'bundle/wrong-phase',
          `The proof from ${who.label} came before everyone registered; import the registrations first.`,
        );
      const P = who.point!;
      const R = body.R!;
      const zs = BigInt('0x' + body.z!);
      const ok = Point.BASE.multiply(zs).equals(Point.fromHex(R).add(Point.fromHex(P).multiply(challenge(ctx.meta.id, who.id, P, R))));
      if (!ok) throw new BundleError('bundle/rejected-by-protocol', `The proof from ${who.label} is invalid.`, { sender: who.id });
      const roster = state.roster.map((r) => (r.id === who.id ? { ...r, proven: true } : r));
      return { state: { ...state, roster }, summary: `Proof from ${who.label} verified`, phase: roster.every((r) => r.proven) ? 3 : 2 };
    }
    throw new BundleError('bundle/wrong-phase', `A "${h.step}" bundle is not expected now.`);
  },

  describe,
  view: () => ({ protocol: 'test' as const }),

  async runEffect(effect, _state, ctx) {
    const { artifactId } = effect.args as { artifactId: string };
    const dir = ctx.services?.outboxDir;
    if (dir) {
      mkdirSync(dir, { recursive: true });
      const a = ctx.readArtifact(artifactId);
      // Idempotent: the same artifact always lands in the same file with the same bytes.
      writeFileAtomic(join(dir, `${ctx.meta.me.id}-${artifactId}.ceremony`), a);
    }
    return { artifactId };
  },

  applyEffect(state, effect) {
    const { artifactId } = effect.args as { artifactId: string };
    return { state: { ...state, delivered: [...state.delivered, artifactId] }, summary: `Delivered ${artifactId}` };
  },
};
