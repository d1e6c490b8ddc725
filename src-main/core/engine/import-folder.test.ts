import { mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Engine } from './engine.ts';
import { MemorySecretStore } from './secret-store.ts';
import { testProtocol } from './testing/testproto.ts';
import { importCandidates, MAX_FOLDER_BYTES, MAX_FOLDER_FILES } from './scan-folder.ts';
import { ed25519Signer, encodeBundle } from '../bundles/codec.ts';
import { MAX_BUNDLE_BYTES } from '../bundles/format.ts';
import { catchError } from '../testing/catch-error.ts';

// One ceremony of the engine's test protocol, set up once for this file (Bob and Carol registered).
let root: string;
let usb: string;
const parties: { engine: Engine; secrets: MemorySecretStore; id: string }[] = [];

function engineFor(name: string, secrets: MemorySecretStore): Engine {
  return new Engine({ dataDir: join(root, name), secrets, protocols: [testProtocol], services: { test: { outboxDir: usb } } });
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'import-folder-'));
  usb = join(root, 'usb');
  for (const [i, name] of ['A', 'B', 'C'].entries()) {
    const secrets = new MemorySecretStore();
    const engine = engineFor(name, secrets);
    const id =
      i === 0
        ? (await engine.create('test', 'T', false, { participants: ['Alice', 'Bob', 'Carol'] })).id
        : (await engine.join('inv', new Uint8Array(readFileSync(join(usb, 'p0-invitation.ceremony'))), { index: i })).id;
    parties.push({ engine, secrets, id });
  }
  for (const p of parties.slice(1)) await p.engine.act(p.id, 'register', {});
});

/** A 12 MiB bundle (the size of a Seal message set at n=256) from Bob, whose payload is not the JSON the protocol expects. */
async function hugeBundleFromBob(): Promise<Uint8Array> {
  const bob = parties[1]!;
  const sk = await bob.secrets.get(`${bob.id}/bundle-identity`);
  return encodeBundle(
    {
      protocol: 'test',
      ceremonyId: parties[0]!.id,
      phase: 1,
      step: 'register',
      sender: { id: 'p1', label: 'Bob' },
      createdAt: new Date().toISOString(),
      rehearsal: false,
      payloadType: 'application/json',
      // A fixed filler, not random bytes: the protocol's error quotes the payload's start, and a
      // random start could hold a line break the message assertion below would trip on.
      payload: new Uint8Array(12 * 1024 * 1024).fill(0x78),
    },
    ed25519Signer(sk),
  ).bytes;
}

describe('folder import', () => {
  it('imports the good files of a folder that also holds a bad 12 MiB bundle and a vanished file, naming each bad one', async () => {
    const stick = join(root, 'stick-huge');
    mkdirSync(stick);
    writeFileSync(join(stick, '0-huge-from-bob.ceremony'), await hugeBundleFromBob());
    writeFileSync(join(stick, '1-reg-bob.ceremony'), readFileSync(join(usb, 'p1-register.ceremony')));
    writeFileSync(join(stick, '2-gone.ceremony'), readFileSync(join(usb, 'p2-register.ceremony')));
    writeFileSync(join(stick, '3-reg-carol.ceremony'), readFileSync(join(usb, 'p2-register.ceremony')));
    // Candidates are only listed up front; each file is read at its turn, so one removed
    // in between fails on its own.
    const candidates = importCandidates(stick);
    rmSync(join(stick, '2-gone.ceremony'));
    const A = parties[0]!;
    const s = await A.engine.importFiles(A.id, candidates);
    expect(s.accepted).toBe(2);
    const byFile = Object.fromEntries(s.outcomes.map((o) => [o.file, o]));
    // The bundle itself verifies (12 MiB of strict base64 and a good signature); the test
    // protocol then fails on its payload with a plain exception, which stays this file's outcome.
    expect(byFile['0-huge-from-bob.ceremony']!.accepted).toBe(false);
    expect(byFile['0-huge-from-bob.ceremony']!.error).toMatchObject({ code: 'engine/import-failed' });
    expect(byFile['0-huge-from-bob.ceremony']!.error!.message).toMatch(/^0-huge-from-bob\.ceremony could not be imported: [\s\S]*JSON/);
    expect(byFile['2-gone.ceremony']!.error).toMatchObject({ code: 'engine/import-failed' });
    expect(byFile['2-gone.ceremony']!.error!.message).toContain('2-gone.ceremony');
  });

  it(`refuses a folder of more than ${MAX_FOLDER_FILES} candidate files, naming the limit`, () => {
    const stick = join(root, 'stick-many');
    mkdirSync(stick);
    for (let i = 0; i < MAX_FOLDER_FILES; i++) writeFileSync(join(stick, `f${i}.json`), '');
    expect(importCandidates(stick)).toHaveLength(MAX_FOLDER_FILES);
    writeFileSync(join(stick, 'one-more.ceremony'), '');
    const e = catchError(() => importCandidates(stick));
    expect(e).toMatchObject({ code: 'engine/folder-too-many-files' });
    expect((e as Error).message).toContain(String(MAX_FOLDER_FILES));
  });

  it("refuses a folder whose files add up to more than 256 MiB; a single oversize file is that file's outcome, unread", () => {
    const stick = join(root, 'stick-big');
    mkdirSync(stick);
    // Sparse files: the sizes are real to stat, but nothing is written to disk.
    const sparse = (name: string, size: number) => {
      writeFileSync(join(stick, name), '');
      truncateSync(join(stick, name), size);
    };
    sparse('too-big.ceremony', MAX_BUNDLE_BYTES + 1);
    const perFile = 40 * 1024 * 1024;
    const fit = Math.floor(MAX_FOLDER_BYTES / perFile);
    for (let i = 0; i < fit; i++) sparse(`part${i}.ceremony`, perFile);
    expect(importCandidates(stick)).toHaveLength(fit + 1);
    sparse(`part${fit}.ceremony`, perFile);
    const e = catchError(() => importCandidates(stick));
    expect(e).toMatchObject({ code: 'engine/folder-too-large' });
    expect((e as Error).message).toContain('256 MiB');
  });
});
