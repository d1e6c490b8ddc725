import { mkdtempSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { Engine } from './engine.ts';
import { MemorySecretStore } from './secret-store.ts';
import { testProtocol } from './testing/testproto.ts';
import { ed25519Signer, encodeBundle, parseBundle, type NewBundle } from '../bundles/codec.ts';
import { isCeremonyError } from '../errors.ts';
import { ceremonyCalls, isDamagedCeremony } from '../../../src-shared/api/ceremonies.ts';

interface Party {
  engine: Engine;
  secrets: MemorySecretStore;
  dir: string;
  id: string;
}

let root: string;
let usb: string;
let A: Party, B: Party, C: Party;

function party(name: string): Omit<Party, 'id'> {
  const dir = join(root, name);
  const secrets = new MemorySecretStore();
  return { dir, secrets, engine: new Engine({ dataDir: dir, secrets, protocols: [testProtocol], services: { test: { outboxDir: usb } } }) };
}
const usbFile = (name: string) => new Uint8Array(readFileSync(join(usb, name)));
const stateBytes = (p: Party) => readFileSync(join(p.dir, 'ceremonies', p.id, 'state.json'), 'utf8');

async function setup(): Promise<void> {
  root = mkdtempSync(join(tmpdir(), 'engine-'));
  usb = join(root, 'usb');
  const a = party('A');
  A = { ...a, id: (await a.engine.create('test', 'T', false, { participants: ['Alice', 'Bob', 'Carol'] })).id };
  const b = party('B');
  B = { ...b, id: (await b.engine.join('inv', usbFile('p0-invitation.ceremony'), { index: 1 })).id };
  const c = party('C');
  C = { ...c, id: (await c.engine.join('inv', usbFile('p0-invitation.ceremony'), { index: 2 })).id };
}

/** A bundle signed with someone's real identity key, with chosen contents. */
async function forge(from: Party, fromId: string, over: Partial<NewBundle>): Promise<Uint8Array> {
  const sk = await from.secrets.get(`${from.id}/bundle-identity`);
  return encodeBundle(
    {
      protocol: 'test',
      ceremonyId: A.id,
      phase: 1,
      step: 'register',
      sender: { id: fromId, label: 'x' },
      createdAt: new Date().toISOString(),
      rehearsal: false,
      payloadType: 'application/json',
      payload: utf8ToBytes(JSON.stringify({ point: ed25519.Point.BASE.toHex() })),
      ...over,
    },
    ed25519Signer(sk),
  ).bytes;
}

describe('engine', () => {
  beforeEach(setup);

  it('runs a whole ceremony through a USB folder imported in any order', async () => {
    for (const p of [A, B, C]) await p.engine.act(p.id, 'register', {});
    // One import of the whole stick per party; it holds invitations, registrations (and own files).
    for (const p of [A, B, C]) {
      const s = await p.engine.importFolder(p.id, usb);
      expect(s.accepted).toBe(2);
    }
    for (const p of [A, B, C]) await p.engine.act(p.id, 'contribute', {});
    for (const p of [A, B, C]) {
      const s = await p.engine.importFolder(p.id, usb);
      expect(s.accepted).toBe(2);
      // Skipped: the registrations imported before, the invitation (for joiners), own bundles.
      expect(s.skipped).toBe(5);
      expect(s.rejected).toBe(0);
      // Own files on the stick are refused as such, never imported.
      expect(s.outcomes.filter((o) => o.error?.code === 'bundle/own-bundle')).toHaveLength(p === A ? 3 : 2);
    }
    const keys = new Set<string>();
    for (const p of [A, B, C]) {
      const v = await p.engine.act(p.id, 'finalize', {});
      expect(v.status).toBe('completed');
      expect(v.phases.every((x) => x.state === 'done')).toBe(true);
      expect(v.journalIntact).toBe(true);
      keys.add(v.facts[0]!.value);
    }
    expect(keys.size).toBe(1);
  });

  it('imports a folder where later-phase files sort before earlier ones', async () => {
    for (const p of [A, B, C]) await p.engine.act(p.id, 'register', {});
    // C has all registrations and sends its proof; A gets C's proof before B's registration.
    await C.engine.importFolder(C.id, usb);
    await C.engine.act(C.id, 'contribute', {});
    const stick = join(root, 'stick2');
    mkdirSync(stick);
    writeFileSync(join(stick, '0-proof-from-carol.ceremony'), usbFile('p2-contribution.ceremony'));
    writeFileSync(join(stick, '1-reg-bob.ceremony'), usbFile('p1-register.ceremony'));
    writeFileSync(join(stick, '2-reg-carol.ceremony'), usbFile('p2-register.ceremony'));
    writeFileSync(join(stick, 'notes.txt'), 'not a bundle');
    const s = await A.engine.importFolder(A.id, stick);
    expect(s.accepted).toBe(3);
    expect(s.rejected).toBe(0);
  });

  describe('refuses bad bundles with a specific error and changes nothing', () => {
    const expectRefused = async (bytes: Uint8Array, code: string) => {
      const before = stateBytes(A);
      const inboxBefore = readdirSync(join(A.dir, 'ceremonies', A.id)).includes('inbox')
        ? readdirSync(join(A.dir, 'ceremonies', A.id, 'inbox'))
        : [];
      const o = await A.engine.importFile(A.id, 'f.ceremony', bytes);
      expect(o.accepted).toBe(false);
      expect(o.error?.code).toBe(code);
      expect(o.error!.message.length).toBeGreaterThan(15);
      expect(stateBytes(A)).toBe(before);
      const inboxAfter = readdirSync(join(A.dir, 'ceremonies', A.id)).includes('inbox')
        ? readdirSync(join(A.dir, 'ceremonies', A.id, 'inbox'))
        : [];
      expect(inboxAfter).toEqual(inboxBefore);
    };

    it('wrong ceremony', async () => expectRefused(await forge(B, 'p1', { ceremonyId: 'test-ffffffffff' }), 'bundle/wrong-ceremony'));
    it('wrong protocol', async () => expectRefused(await forge(B, 'p1', { protocol: 'seal' }), 'bundle/wrong-protocol'));
    it('rehearsal bundle in a real ceremony', async () =>
      expectRefused(await forge(B, 'p1', { rehearsal: true }), 'bundle/rehearsal-mismatch'));
    it('own bundle', async () => {
      await A.engine.act(A.id, 'register', {});
      await expectRefused(usbFile('p0-register.ceremony'), 'bundle/own-bundle');
    });
    it('unknown sender', async () => expectRefused(await forge(B, 'p7', {}), 'bundle/unknown-sender'));
    it('sender key differs from the one seen before', async () => {
      await B.engine.act(B.id, 'register', {});
      expect((await A.engine.importFile(A.id, 'r', usbFile('p1-register.ceremony'))).accepted).toBe(true);
      // C signs a bundle claiming to be Bob.
      await expectRefused(
        await forge(C, 'p1', { step: 'contribution', phase: 2, payload: utf8ToBytes('{}') }),
        'bundle/sender-key-mismatch',
      );
    });
    it('duplicate and equivocation', async () => {
      await B.engine.act(B.id, 'register', {});
      expect((await A.engine.importFile(A.id, 'r', usbFile('p1-register.ceremony'))).accepted).toBe(true);
      await expectRefused(usbFile('p1-register.ceremony'), 'bundle/duplicate');
      await expectRefused(await forge(B, 'p1', {}), 'bundle/equivocation');
    });
    it('a step that is not expected in this phase', async () => {
      await expectRefused(
        await forge(B, 'p1', { step: 'contribution', phase: 2, payload: utf8ToBytes('{"R":"00","z":"1"}') }),
        'bundle/wrong-phase',
      );
    });
    it('a cheating participant (invalid proof) is named', async () => {
      for (const p of [A, B, C]) await p.engine.act(p.id, 'register', {});
      await A.engine.importFolder(A.id, usb);
      const bad = await forge(B, 'p1', {
        step: 'contribution',
        phase: 2,
        payload: utf8ToBytes(JSON.stringify({ R: ed25519.Point.BASE.toHex(), z: '5' })),
      });
      await expectRefused(bad, 'bundle/rejected-by-protocol');
      const o = await A.engine.importFile(A.id, 'f', bad);
      expect(o.error?.message).toContain('Bob');
    });
    it('tampered file', async () => {
      await B.engine.act(B.id, 'register', {});
      const bytes = usbFile('p1-register.ceremony');
      const doc = JSON.parse(new TextDecoder().decode(bytes));
      doc.header.sender.label = 'Mallory';
      await expectRefused(utf8ToBytes(JSON.stringify(doc)), 'bundle/bad-signature');
    });
  });

  it('rejects unknown actions and invalid input with clear errors', async () => {
    await expect(A.engine.act(A.id, 'explode', {})).rejects.toSatisfy((e) => isCeremonyError(e, 'engine/unknown-action'));
    await expect(A.engine.act(A.id, 'register', { extra: 1 })).rejects.toSatisfy((e) => isCeremonyError(e, 'api/invalid-input'));
    await expect(A.engine.act(A.id, 'contribute', {})).rejects.toSatisfy((e) => isCeremonyError(e, 'engine/wrong-phase'));
  });

  it('refuses to join the same ceremony twice', async () => {
    await expect(B.engine.join('inv', usbFile('p0-invitation.ceremony'), { index: 1 })).rejects.toSatisfy((e) =>
      isCeremonyError(e, 'engine/already-joined'),
    );
  });

  it('notes a file the person saved out (these bytes only), across engines on the same folder; an unknown file is refused', async () => {
    const inv = A.engine.view(A.id).artifacts[0]!;
    expect(inv.saved).toBe(false);
    const changed: (string | null)[] = [];
    const other = new Engine({ dataDir: A.dir, secrets: A.secrets, protocols: [testProtocol], onChange: (id) => changed.push(id) });
    await other.noteSaved(A.id, inv.id);
    await other.noteSaved(A.id, inv.id); // idempotent: no second mark, no second change
    expect(changed).toEqual([A.id]);
    expect(A.engine.view(A.id).artifacts.find((a) => a.id === inv.id)!.saved).toBe(true);
    expect(JSON.parse(readFileSync(join(A.dir, 'ceremonies', A.id, 'saved.json'), 'utf8'))).toEqual([inv.fingerprint]);
    // The mark is for these bytes: a file with other contents under the same id is not "saved".
    writeFileSync(join(A.dir, 'ceremonies', A.id, 'saved.json'), JSON.stringify(['0'.repeat(64)]));
    expect(A.engine.view(A.id).artifacts.find((a) => a.id === inv.id)!.saved).toBe(false);
    await expect(A.engine.noteSaved(A.id, 'no-such-file')).rejects.toSatisfy((e) => isCeremonyError(e, 'engine/no-artifact'));
  });

  it('lists ceremonies and signs outgoing bundles with the ceremony identity', async () => {
    expect(A.engine.list().map((c) => c.id)).toEqual([A.id]);
    const inv = parseBundle(usbFile('p0-invitation.ceremony'));
    expect(inv.header.sender.publicKey).toBe(A.engine.view(A.id) && JSON.parse(stateBytes(A)).meta.me.bundleKey);
  });
});

describe('engine: a damaged ceremony folder', () => {
  beforeEach(setup);
  it('is listed as damaged with what to do (not hidden); the others are listed as before', async () => {
    const second = (await A.engine.create('test', 'Second', false, { participants: ['Alice', 'Bob'] })).id;
    const path = join(A.dir, 'ceremonies', A.id, 'state.json');
    const full = readFileSync(path, 'utf8');
    writeFileSync(path, full.slice(0, full.length >> 1)); // truncated, e.g. a disk that filled up
    const all = ceremonyCalls['ceremonies.list'].output.parse(A.engine.listAll());
    expect(all.map((c) => c.id).sort()).toEqual([A.id, second].sort());
    const damaged = all.find((c) => c.id === A.id)!;
    expect(isDamagedCeremony(damaged)).toBe(true);
    expect(damaged).toMatchObject({ damaged: true, problem: expect.stringContaining(`The state file of ceremony "${A.id}" is damaged`) });
    expect((damaged as { problem: string }).problem).toContain('from a backup copy');
    // The core's own look-ups see only what they can open.
    expect(A.engine.list().map((c) => c.id)).toEqual([second]);
    // A state that is JSON but not a ceremony state is listed the same way.
    writeFileSync(path, '{}\n');
    const other = A.engine.listAll().find((c) => c.id === A.id)!;
    expect(other).toMatchObject({ damaged: true, problem: expect.stringContaining('not a ceremony state this app can read') });
  });
});

describe('engine: no-op steps', () => {
  beforeEach(setup);
  it('an action that changes nothing commits nothing (no journal line, same state file)', async () => {
    const before = stateBytes(A);
    const noop = {
      ...testProtocol,
      actions: {
        ...testProtocol.actions,
        poll: { input: testProtocol.actions.register!.input, run: async (s: never) => ({ state: s, summary: 'Polled' }) },
      },
    };
    const e = new Engine({ dataDir: A.dir, secrets: A.secrets, protocols: [noop] });
    const v = await e.act(A.id, 'poll', {});
    expect(v.activity.some((x) => x.summary === 'Polled')).toBe(false);
    expect(stateBytes(A)).toBe(before);
  });
});

describe('a refused create', () => {
  it('leaves nothing behind: no folder and no identity key in the vault', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'engine-refused-'));
    const secrets = new MemorySecretStore();
    const engine = new Engine({ dataDir: dir, secrets, protocols: [testProtocol], services: { test: { outboxDir: join(dir, 'usb') } } });
    const e = await engine.create('test', 'T', false, { participants: ['Alice', 'Alice'] }).catch((x: unknown) => x);
    expect(isCeremonyError(e, 'api/invalid-input')).toBe(true);
    expect(secrets.secrets.size).toBe(0);
    expect(engine.listAll()).toEqual([]);
  });
});
