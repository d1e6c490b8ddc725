import { bytesToHex } from '@noble/hashes/utils.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCeremonyError } from '../../errors.ts';
import { FROSTD_MAX_MSG_SIZE, uuidToBytes, parseUuid } from './api.ts';
import { FrostdClient, frostdBaseUrl } from './client.ts';
import { generateCommunicationKeyPair } from './noise.ts';
import { FrostdTestRelay } from './test-relay.ts';
import { TEST_RELAY_CERT, TEST_RELAY_KEY } from './test-tls.fixture.ts';
import { frostdTlsFetch } from './tls-fetch.ts';
import { xeddsaSign } from './xeddsa.ts';

let t = 1_700_000_000_000;
const now = () => t;
let relay: FrostdTestRelay;
beforeAll(async () => {
  relay = await FrostdTestRelay.start({ now });
});
afterAll(() => relay.close());

const alice = generateCommunicationKeyPair();
const bob = generateCommunicationKeyPair();
const carol = generateCommunicationKeyPair();
const bytes = (...b: number[]) => Uint8Array.from(b);

async function loggedIn(key = alice): Promise<FrostdClient> {
  const c = new FrostdClient({ server: relay.url });
  await c.login(key);
  return c;
}

async function expectCode(p: Promise<unknown>, code: string): Promise<void> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(isCeremonyError(e), `expected ${code}, got ${String(e)}`).toBe(true);
  expect((e as { code: string }).code).toBe(code);
}

/** A raw POST, to see exactly what the relay answers. */
async function post(path: string, body: string | undefined, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  const r = await fetch(`${relay.url}/${path}`, { method: 'POST', headers, ...(body === undefined ? {} : { body }) });
  return { status: r.status, text: await r.text() };
}

describe('frostd client ↔ test relay: login', () => {
  it('logs in with an XEd25519 signature over the challenge bytes and gets a token', async () => {
    const c = new FrostdClient({ server: relay.url });
    const token = await c.login(alice);
    expect(parseUuid(token)).toBe(token);
    expect(c.loggedIn).toBe(true);
    expect(await c.listSessions()).toEqual([]);
  });

  it('refuses a signature by another key, a reused challenge and an expired challenge (Unauthorized)', async () => {
    const c = new FrostdClient({ server: relay.url });
    let ch = await c.challenge();
    await expectCode(c.loginWith(ch, alice.publicKey, xeddsaSign(bob.privateKey, uuidToBytes(ch))), 'frostd/unauthorized');
    // A failed signature check does not consume the challenge (frostd checks the signature first) …
    await c.loginWith(ch, alice.publicKey, xeddsaSign(alice.privateKey, uuidToBytes(ch)));
    // … a successful login does.
    await expectCode(c.loginWith(ch, alice.publicKey, xeddsaSign(alice.privateKey, uuidToBytes(ch))), 'frostd/unauthorized');
    ch = await c.challenge();
    t += 10_000; // challenges live 10 s
    await expectCode(c.loginWith(ch, alice.publicKey, xeddsaSign(alice.privateKey, uuidToBytes(ch))), 'frostd/unauthorized');
    // The signature is over the 16 raw bytes of the UUID, not its text.
    ch = await c.challenge();
    await expectCode(c.loginWith(ch, alice.publicKey, xeddsaSign(alice.privateKey, new TextEncoder().encode(ch))), 'frostd/unauthorized');
  });

  it('answers argument errors as frostd does (InvalidArgument "pubkey" / "signature or pubkey")', async () => {
    const challenge = (JSON.parse((await post('challenge', 'null')).text) as { challenge: string }).challenge;
    const short = await post('login', JSON.stringify({ challenge, pubkey: 'abcd', signature: '00'.repeat(64) }));
    expect(short.status).toBe(500);
    expect(JSON.parse(short.text)).toEqual({
      code: 1,
      msg: 'invalid or missing argument: pubkey',
      error: { code: 'InvalidArgument', err: 'pubkey' },
    });
    const empty = await post('login', JSON.stringify({ challenge, pubkey: '', signature: '' }));
    expect(JSON.parse(empty.text)).toMatchObject({ code: 1, error: { code: 'InvalidArgument', err: 'signature or pubkey' } });
  });

  it('renews an expired access token (1 h) by logging in again, once', async () => {
    const c = await loggedIn(bob);
    t += 60 * 60 * 1000;
    const before = relay.log.filter((l) => l.endpoint === 'login').length;
    expect(await c.listSessions()).toEqual([]);
    expect(relay.log.filter((l) => l.endpoint === 'login').length).toBe(before + 1);
    expect(relay.log.some((l) => l.endpoint === 'list_sessions' && l.error === 'Unauthorized')).toBe(true);
  });

  it('logout invalidates the token on the server', async () => {
    const c = new FrostdClient({ server: relay.url });
    const token = await c.login(carol);
    await c.logout();
    expect(c.loggedIn).toBe(false);
    const r = await post('list_sessions', 'null', { 'content-type': 'application/json', authorization: `Bearer ${token}` });
    expect(r.status).toBe(500);
    expect(JSON.parse(r.text)).toEqual({
      code: 2,
      msg: 'client did not provide proper authorization credentials',
      error: { code: 'Unauthorized' },
    });
  });
});

describe('frostd client ↔ test relay: HTTP surface', () => {
  it('rejects like axum: auth before body, then content type (415), syntax (400), shape (422); 404 and 405', async () => {
    const c = await loggedIn();
    const token = (c as unknown as { token: string }).token;
    const auth = { authorization: `Bearer ${token}` };
    expect((await post('send', 'not json')).status).toBe(500); // no token: Unauthorized comes first
    expect((await post('send', '{}', { ...auth, 'content-type': 'text/plain' })).status).toBe(415);
    const bad = await post('send', '{nope', { ...auth, 'content-type': 'application/json' });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/^Failed to parse the request body as JSON/);
    const shape = await post('send', JSON.stringify({ session_id: 'x' }), { ...auth, 'content-type': 'application/json' });
    expect(shape.status).toBe(422);
    expect(shape.text).toMatch(/^Failed to deserialize the JSON body/);
    expect((await post('nowhere', 'null')).status).toBe(404);
    expect((await fetch(`${relay.url}/challenge`)).status).toBe(405);
    // /challenge reads no body at all, like frostd (frost-client posts `null`, curl posts nothing).
    expect((await post('challenge', undefined, {})).status).toBe(200);
  });

  it('message_count must be 1..255 (0 → InvalidArgument, 256 → 422); the client refuses both locally', async () => {
    const c = await loggedIn();
    const token = (c as unknown as { token: string }).token;
    const h = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const zero = await post('create_new_session', JSON.stringify({ pubkeys: [], message_count: 0 }), h);
    expect(JSON.parse(zero.text)).toMatchObject({ code: 1, error: { err: 'message_count' } });
    expect((await post('create_new_session', JSON.stringify({ pubkeys: [], message_count: 256 }), h)).status).toBe(422);
    await expectCode(c.createNewSession([bob.publicKey], 0), 'frostd/invalid-message-count');
    await expectCode(c.createNewSession([bob.publicKey], 256), 'frostd/invalid-message-count');
  });
});

describe('frostd client ↔ test relay: sessions and queues', () => {
  it('creator becomes coordinator; participants and coordinator list it; strangers cannot see it', async () => {
    const a = await loggedIn(alice);
    const b = await loggedIn(bob);
    const c = await loggedIn(carol);
    const id = await a.createNewSession([bob.publicKey, carol.publicKey], 1);
    expect(await a.listSessions()).toContain(id);
    expect(await b.listSessions()).toContain(id);
    const info = await b.getSessionInfo(id);
    expect(info.messageCount).toBe(1);
    expect(info.pubkeys.map(bytesToHex)).toEqual([bytesToHex(bob.publicKey), bytesToHex(carol.publicKey)]);
    expect(bytesToHex(info.coordinatorPubkey)).toBe(bytesToHex(alice.publicKey));
    const stranger = await loggedIn(generateCommunicationKeyPair());
    await expectCode(stranger.getSessionInfo(id), 'frostd/session-not-found');
    await expectCode(stranger.send(id, [], bytes(1)), 'frostd/not-in-session');
    await expectCode(stranger.receive(id, false), 'frostd/not-in-session');
    await expectCode(c.closeSession(id), 'frostd/not-coordinator');
    await a.closeSession(id);
  });

  it('per-recipient FIFO queues, coordinator queue for empty recipients, draining receive', async () => {
    const a = await loggedIn(alice);
    const b = await loggedIn(bob);
    const c = await loggedIn(carol);
    const id = await a.createNewSession([bob.publicKey, carol.publicKey], 1);
    await b.send(id, [carol.publicKey], bytes(1));
    await a.send(id, [carol.publicKey, bob.publicKey], bytes(2)); // the coordinator may send, and fan out
    await b.send(id, [carol.publicKey], bytes(3));
    await c.send(id, [], bytes(4)); // → coordinator queue
    await expectCode(b.send(id, [alice.publicKey], bytes(5)), 'frostd/not-in-session'); // the coordinator is not addressable by key
    expect(relay.queueSizes(id)).toEqual({ [bytesToHex(carol.publicKey)]: 3, [bytesToHex(bob.publicKey)]: 1, coordinator: 1 });
    const got = await c.receive(id, false);
    expect(got.map((m) => [bytesToHex(m.sender), m.msg[0]])).toEqual([
      [bytesToHex(bob.publicKey), 1],
      [bytesToHex(alice.publicKey), 2],
      [bytesToHex(bob.publicKey), 3],
    ]);
    expect(await c.receive(id, false)).toEqual([]); // drained
    expect(await b.receive(id, true)).toHaveLength(1); // not the coordinator: as_coordinator reads its own queue
    expect(await a.receive(id, false)).toEqual([]); // the coordinator is no participant here: its own queue is empty
    const forCoordinator = await a.receive(id, true);
    expect(forCoordinator.map((m) => [bytesToHex(m.sender), m.msg[0]])).toEqual([[bytesToHex(carol.publicKey), 4]]);
    await a.closeSession(id);
  });

  it('message size: 65 535 bytes pass, 65 536 are refused by the relay (InvalidArgument) and by the client', async () => {
    const a = await loggedIn(alice);
    const id = await a.createNewSession([alice.publicKey], 1);
    await a.send(id, [alice.publicKey], new Uint8Array(FROSTD_MAX_MSG_SIZE));
    expect((await a.receive(id, false))[0]!.msg.length).toBe(FROSTD_MAX_MSG_SIZE);
    await expectCode(a.send(id, [alice.publicKey], new Uint8Array(FROSTD_MAX_MSG_SIZE + 1)), 'frostd/message-too-large');
    const token = (a as unknown as { token: string }).token;
    const r = await post('send', JSON.stringify({ session_id: id, recipients: [], msg: '00'.repeat(FROSTD_MAX_MSG_SIZE + 1) }), {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
    });
    expect(JSON.parse(r.text)).toEqual({
      code: 1,
      msg: 'invalid or missing argument: msg is too big',
      error: { code: 'InvalidArgument', err: 'msg is too big' },
    });
    await a.closeSession(id);
  });

  it('close_session is for the coordinator only and drops undelivered messages', async () => {
    const a = await loggedIn(alice);
    const b = await loggedIn(bob);
    const id = await a.createNewSession([alice.publicKey, bob.publicKey], 1);
    await a.send(id, [bob.publicKey], bytes(9));
    await expectCode(b.closeSession(id), 'frostd/not-coordinator');
    await a.closeSession(id);
    await expectCode(b.receive(id, false), 'frostd/session-not-found');
    await expectCode(b.getSessionInfo(id), 'frostd/session-not-found');
    expect(await b.listSessions()).not.toContain(id);
  });

  it('sessions expire 24 h after the last send or productive receive; the coordinator keeps a stale list entry', async () => {
    const a = await loggedIn(alice);
    const b = await loggedIn(bob);
    const id = await a.createNewSession([bob.publicKey], 1);
    const day = 24 * 60 * 60 * 1000;
    t += day - 1000;
    await a.send(id, [bob.publicKey], bytes(1)); // sliding timeout renewed
    t += day - 1000;
    expect(await b.receive(id, false)).toHaveLength(1); // productive receive renews it too
    t += day - 1000;
    expect(await b.receive(id, false)).toEqual([]); // an empty receive does not
    t += 2000;
    await expectCode(b.receive(id, false), 'frostd/session-not-found');
    expect(await b.listSessions()).not.toContain(id);
    // frostd's expiry task only cleans the participants' index: the coordinator still lists it.
    expect(await a.listSessions()).toContain(id);
    await expectCode(a.getSessionInfo(id), 'frostd/session-not-found');
  });
});

describe('frostd client: addresses and TLS', () => {
  it('takes host:port like frost-client (https implied); plain http only on loopback', () => {
    expect(frostdBaseUrl('frostd.example.org:2744')).toBe('https://frostd.example.org:2744');
    expect(frostdBaseUrl('http://127.0.0.1:2744')).toBe('http://127.0.0.1:2744');
    expect(() => frostdBaseUrl('http://frostd.example.org:2744')).toThrow(/TLS/);
    expect(frostdBaseUrl('http://frostd.example.org:2744', true)).toBe('http://frostd.example.org:2744');
    expect(() => frostdBaseUrl('https://frostd.example.org/api')).toThrow(/path/);
  });

  it('talks https to a relay with a self-signed certificate when given that certificate, and refuses without it', async () => {
    const tls = await FrostdTestRelay.start({ tls: { cert: TEST_RELAY_CERT, key: TEST_RELAY_KEY } });
    try {
      expect(tls.url.startsWith('https://127.0.0.1:')).toBe(true);
      const trusted = new FrostdClient({ server: tls.url.replace('https://', ''), fetch: frostdTlsFetch({ ca: TEST_RELAY_CERT }) });
      await trusted.login(alice);
      const id = await trusted.createNewSession([alice.publicKey], 1);
      await trusted.send(id, [alice.publicKey], bytes(7));
      expect((await trusted.receive(id, false))[0]!.msg).toEqual(bytes(7));
      const untrusted = new FrostdClient({ server: tls.url });
      await expectCode(untrusted.challenge(), 'frostd/unreachable');
    } finally {
      await tls.close();
    }
  });

  it('reports an unreachable server and non-frostd answers clearly', async () => {
    const gone = new FrostdClient({ server: 'http://127.0.0.1:1' });
    await expectCode(gone.challenge(), 'frostd/unreachable');
    const teapot = new FrostdClient({
      server: 'http://127.0.0.1:9',
      fetch: async () => ({ status: 418, text: async () => 'I am a teapot' }),
    });
    await expectCode(teapot.challenge(), 'frostd/http-error');
    const garbage = new FrostdClient({
      server: 'http://127.0.0.1:9',
      fetch: async () => ({ status: 200, text: async () => '{"challenge":"nope"}' }),
    });
    await expectCode(garbage.challenge(), 'frostd/bad-response');
  });
});
