import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCommunicationKeyPair } from '../../../transports/frostd/noise.ts';
import { TEST_RELAY_CERT, TEST_RELAY_KEY } from '../../../transports/frostd/test-tls.fixture.ts';
import { expectCode, tempDataDir } from '../../../vault/test-support.ts';
import { onlineTestEnv } from '../../../testing/frost-online.ts';
import { addressBookAccess, fileInbox, frostdAccess } from './services.ts';

const env = onlineTestEnv({ tls: { cert: TEST_RELAY_CERT, key: TEST_RELAY_KEY } });

describe('services.frost', () => {
  it('frostd over TLS: a relay with a self-signed certificate is reached only when its CA is given (as a file, as mkcert makes it)', async () => {
    expect(env.relay.url).toMatch(/^https:\/\/127\.0\.0\.1:/);
    const key = generateCommunicationKeyPair();
    await expectCode(frostdAccess().client(env.relay.url, key), 'frostd/unreachable');
    const caFile = join(tempDataDir('frostd-ca-'), 'rootCA.pem');
    writeFileSync(caFile, TEST_RELAY_CERT);
    const access = frostdAccess({ caFile });
    const client = await access.client(env.relay.url, key);
    expect(client.loggedIn).toBe(true);
    // The same client (and login) comes back for the same relay and key.
    expect(await access.client(env.relay.url, key)).toBe(client);
    expect(await client.listSessions()).toEqual([]);
    await expectCode(frostdAccess({ caFile: join(tempDataDir('x-'), 'missing.pem') }).client(env.relay.url, key), 'frostd/ca-unreadable');
  });

  it('the address book: none yet, exactly one, or several (then it must be named)', async () => {
    const vault = { unlockedVault: async () => ({ has: () => false, get: async () => new Uint8Array(32) }) };
    await expectCode(addressBookAccess(tempDataDir('nobook-'), vault).open(), 'frost/online-no-address-book');
    const [m] = await env.installs(['Ann']);
    const access = addressBookAccess(m!.dir, m!.core.vault);
    const book = await access.open();
    expect(book.id).toBe(m!.book);
    expect((await book.communicationKey()).length).toBe(32);
    const second = await m!.core.engine.create('frost', 'FROST contacts', false, { mode: 'contacts', name: 'Ann2' });
    await expectCode(access.open(), 'frost/online-several-address-books');
    expect((await access.open(second.id)).state.name).toBe('Ann2');
    await expectCode(access.open('frost-nothere'), 'frost/online-no-address-book');
  });

  it('the run inbox keeps what a step received, per ceremony and run', () => {
    const inbox = fileInbox(tempDataDir('inbox-'));
    expect(inbox.load('frost-1', 'dkg')).toBeNull();
    inbox.save('frost-1', 'dkg', [{ queue: 'participant', sender: 'ab', msg: 'cd' }]);
    expect(inbox.load('frost-1', 'dkg')).toEqual([{ queue: 'participant', sender: 'ab', msg: 'cd' }]);
    expect(inbox.load('frost-1', 'o1')).toBeNull();
  });

  it('the run inbox keeps the send record (how many sent, the one in flight), per ceremony and run', () => {
    const inbox = fileInbox(tempDataDir('inbox-'));
    expect(inbox.loadSends('frost-1', 'dkg')).toBeNull();
    inbox.saveSends('frost-1', 'dkg', { sent: 2, pending: { index: 2, to: 'ab', msg: 'cd' } });
    expect(inbox.loadSends('frost-1', 'dkg')).toEqual({ sent: 2, pending: { index: 2, to: 'ab', msg: 'cd' } });
    inbox.saveSends('frost-1', 'dkg', { sent: 3, pending: null });
    expect(inbox.loadSends('frost-1', 'dkg')).toEqual({ sent: 3, pending: null });
    // The received transcript is a separate file: both survive.
    inbox.save('frost-1', 'dkg', []);
    expect(inbox.loadSends('frost-1', 'dkg')).toEqual({ sent: 3, pending: null });
    expect(inbox.loadSends('frost-1', 'o1')).toBeNull();
  });
});
