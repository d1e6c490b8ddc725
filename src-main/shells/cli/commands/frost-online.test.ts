import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import { hexToBytes } from '@noble/hashes/utils.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFrostClientGroup, parseFrostClientConfig, stringifyFrostClientConfig } from '../../../core/formats/frost/config-toml.ts';
import { generateCommunicationKeyPair } from '../../../core/transports/frostd/noise.ts';
import { FrostdTestRelay } from '../../../core/transports/frostd/test-relay.ts';
import { runCli } from '../test-support.ts';

// Three operators, each with a frost-client config that knows the other two, talk through a test
// relay: `ceremony frost online-dkg` makes a 2-of-3 group, `online-sign` signs with two of them.

let relay: FrostdTestRelay;
beforeAll(async () => {
  relay = await FrostdTestRelay.start();
});
afterAll(() => relay.close());

const dir = mkdtempSync(join(tmpdir(), 'frost-online-'));
const names = ['Alice', 'Bob', 'Carol'] as const;
const keys = names.map(() => generateCommunicationKeyPair());
const configPath = (name: string) => join(dir, `${name.toLowerCase()}.toml`);
for (const [i, name] of names.entries()) {
  const contacts = Object.fromEntries(names.flatMap((n, j) => (j === i ? [] : [[n, { name: n, publicKey: keys[j]!.publicKey }]])));
  writeFileSync(configPath(name), stringifyFrostClientConfig({ version: 0, communicationKey: keys[i]!, contacts, groups: {} }));
}

const run = (...argv: string[]) => runCli([...argv, '--poll-ms', '25']);

const groupsOf = (name: string) => parseFrostClientConfig(readFileSync(configPath(name), 'utf8')).groups;

describe('ceremony frost online-dkg / online-sign (frost-client TOML configs, test relay)', () => {
  it('refuses an unclear role and a threshold mismatch before any share is sent', async () => {
    const noRole = await run('frost', 'online-dkg', '--config', configPath('Alice'), '--server', relay.url, '--threshold', '2');
    expect(noRole.code).toBe(1);
    expect(noRole.err).toMatch(/create the session \(--create --participants …\) or join it \(--join\)/);
    const [creator, joiner] = await Promise.all([
      run(
        'frost',
        'online-dkg',
        '--config',
        configPath('Alice'),
        '--server',
        relay.url,
        '-t',
        '2',
        '--create',
        '--participants',
        'Bob,Carol',
        '--timeout-min',
        '0.03',
      ),
      run('frost', 'online-dkg', '--config', configPath('Bob'), '--server', relay.url, '-t', '3', '--join', '--json'),
    ]);
    expect(joiner.code).toBe(1);
    // The relay does not carry the threshold (message_count is 1, as frost-client sends it): each
    // side refuses the other's round-1 package, made for another threshold, before any share. The
    // creator then closes the session, and frostd drops its messages: a joiner that had not read
    // the creator's package yet learns only that the session closed (a race frostd decides).
    const joinerError = (JSON.parse(joiner.out) as { ok: false; error: { code: string } }).error.code;
    expect(['frostd/threshold-mismatch', 'frostd/session-closed']).toContain(joinerError);
    if (joinerError === 'frostd/threshold-mismatch')
      expect(joiner.err.split('\n').pop()).toBe(
        'ceremony: Alice is running this DKG with a threshold of 2, but you chose 3. No share was sent; agree on one threshold and start again.',
      );
    expect(creator.code).toBe(1);
    expect(creator.err).toMatch(/Bob is running this DKG with a threshold of 3, but you chose 2\. No share was sent/);
    expect(relay.sessionIds()).toEqual([]); // the failed creator closed its session
  }, 30_000);

  it('2-of-3 DKG: one creator, two joiners; every config gets the same group, as frost-client writes it', async () => {
    const results = await Promise.all([
      run(
        'frost',
        'online-dkg',
        '--config',
        configPath('Alice'),
        '--server',
        relay.url,
        '-t',
        '2',
        '--create',
        '--participants',
        'Bob,Carol',
        '-d',
        'Board',
        '--json',
        '--pacing-ms',
        '100',
      ),
      run(
        'frost',
        'online-dkg',
        '--config',
        configPath('Bob'),
        '--server',
        relay.url,
        '-t',
        '2',
        '--join',
        '--participants',
        'Alice,me,Carol',
        '-d',
        'Board',
        '--pacing-ms',
        '100',
      ),
      run(
        'frost',
        'online-dkg',
        '--config',
        configPath('Carol'),
        '--server',
        relay.url,
        '-t',
        '2',
        '--join',
        '-d',
        'Board',
        '--pacing-ms',
        '100',
      ),
    ]);
    for (const r of results) expect(r.code, r.err).toBe(0);
    const data = JSON.parse(results[0]!.out) as { groupKey: string; members: unknown[]; sessionClosed: boolean };
    expect(data.members).toHaveLength(3);
    expect(data.sessionClosed).toBe(true); // results[0] is the creator's
    expect(relay.sessionIds()).toEqual([]);
    expect(results[1]!.out).toContain(`Group created: ${data.groupKey}`);
    for (const name of names) {
      const groups = groupsOf(name);
      expect(Object.keys(groups)).toEqual([data.groupKey]);
      const g = openFrostClientGroup(data.groupKey, groups[data.groupKey]!);
      expect(g.description).toBe('Board');
      expect(g.serverUrl).toBe(relay.url);
      expect(g.keyPackage.minSigners).toBe(2);
      expect(Object.keys(g.participants)).toHaveLength(3);
    }
    expect(relay.sessionIds()).toEqual([]); // closed by the creator once all confirmed
  }, 60_000);

  it('signing: Alice coordinates and signs in one process, Bob signs only the agreed message; the signature verifies', async () => {
    const groupKey = Object.keys(groupsOf('Alice'))[0]!;
    const message = join(dir, 'minutes.txt');
    writeFileSync(message, 'Decisions: allocate $10 to Jam.\n');
    const sigFile = join(dir, 'minutes.sig');
    const [coord, bob] = await Promise.all([
      run(
        'frost',
        'online-sign',
        '--config',
        configPath('Alice'),
        '--coordinate',
        '--sign',
        '--signers',
        'me,Bob',
        '-m',
        message,
        '-o',
        sigFile,
        '--json',
      ),
      run('frost', 'online-sign', '--config', configPath('Bob'), '--sign', '--expect-message', message),
    ]);
    expect(coord.code, coord.err).toBe(0);
    expect(bob.code, bob.err).toBe(0);
    const sig = new Uint8Array(readFileSync(sigFile));
    expect(ed25519.verify(sig, readFileSync(message), hexToBytes(groupKey))).toBe(true);
    expect(JSON.parse(coord.out)).toMatchObject({ group: groupKey, signed: { messageText: 'Decisions: allocate $10 to Jam.\n' } });
    expect(bob.out).toMatch(/^Signed for Alice: "Decisions: allocate \$10 to Jam\.\\n"/);
    // A signer must say what it will sign.
    const blind = await run('frost', 'online-sign', '--config', configPath('Carol'), '--sign');
    expect(blind.code).toBe(1);
    expect(blind.err).toMatch(/--expect-message FILE/);
  }, 60_000);
});
