import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { parseDocument } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SealCommitteeHealth } from '../../../../src-shared/ceremonies/seal.ts';
import { createApp, type AppCore } from '../../../core/app/create-app.ts';
import { DEFAULT_REHEARSAL_PASSPHRASE, runSealRehearsal, type RehearsalResult } from '../../../core/rehearsal/seal.ts';
import { TEST_SCRYPT } from '../../../core/vault/index.ts';
import { createInlineRunner } from '../../../core/workers/inline.ts';
import { WORKER_TASKS } from '../../../core/workers/registry.ts';
import { keyServerEnv, SealKeyServerStandIn } from '../../../standins/seal-key-server/key-server.ts';
import { runCli } from '../test-support.ts';

/**
 * Issue 17, acceptance 5: the committee health check of a finished 2-of-3 rehearsal whose members'
 * URLs are stand-in key servers (real HTTP on 127.0.0.1, written from seal's server.rs), each
 * started from its member's hand-over output (key-server-config.yaml and MASTER_SHARE_V0 from
 * dkg.yaml), so the partial key it serves is G2·share, not read from the chain. Member 0's server
 * sits behind a gateway asking for the API key the member sent the coordinator.
 */
describe('committee health check (seal.checkKeyServers, ceremony seal health)', () => {
  let r: RehearsalResult;
  let servers: SealKeyServerStandIn[];
  let coordinator: AppCore;
  let cred: { api_key_name: string; api_key: string };
  const env = { CEREMONY_VAULT_PASSPHRASE: DEFAULT_REHEARSAL_PASSPHRASE };
  const handOver = (i: number) => ({
    mode: 'committee' as const,
    configYaml: readFileSync(r.members[i]!.keyServerConfig, 'utf8'),
    env: keyServerEnv(readFileSync(r.members[i]!.dkgYaml, 'utf8')),
  });
  const check = async () => {
    const res = await coordinator.dispatch('seal.checkKeyServers', { ceremonyId: r.coordinator.ceremonyId });
    if (!res.ok) throw new Error(res.error.message);
    return SealCommitteeHealth.parse(res.value);
  };
  const health = (dataDir: string) => runCli(['seal', 'health', '-c', r.members[0]!.dkgYaml, '--data-dir', dataDir], env);

  beforeAll(async () => {
    servers = await Promise.all([0, 1, 2].map(() => SealKeyServerStandIn.listen()));
    r = await runSealRehearsal({
      dir: join(mkdtempSync(join(tmpdir(), 'seal-health-')), 'out'),
      members: 3,
      threshold: 2,
      kdf: TEST_SCRYPT,
      runner: createInlineRunner(WORKER_TASKS),
      serverUrl: (i) => servers[i]!.url,
    });
    servers.forEach((s, i) => s.configure(handOver(i)));
    // The API key member 0 sent the coordinator, as the aggregator config written from it holds it.
    const agg = parseDocument(readFileSync(r.coordinator.aggregatorConfig, 'utf8')).toJS() as {
      api_credentials: Record<string, { api_key_name: string; api_key: string }>;
    };
    cred = agg.api_credentials['rehearsal-server-0']!;
    servers[0]!.requireApiKey(cred.api_key_name, cred.api_key);
    coordinator = await createApp({ dataDir: r.coordinator.dataDir, shell: 'cli', kdf: TEST_SCRYPT });
    await coordinator.vault.unlock(DEFAULT_REHEARSAL_PASSPHRASE);
  }, 120_000);

  afterAll(async () => {
    await coordinator?.close();
    for (const s of servers ?? []) await s.close().catch(() => {});
  });

  it('reports every key server OK: it answers, serves its on-chain partial key, in committee mode, with its version', async () => {
    const h = await check();
    expect(h).toMatchObject({ ok: true, keyServerObjId: r.keyServerObjId, version: 0, network: 'REHEARSAL (not a real network)' });
    expect(h.members.map((m) => [m.partyId, m.ok, m.problem])).toEqual([
      [0, true, null],
      [1, true, null],
      [2, true, null],
    ]);
    for (const m of h.members) {
      expect(m.url).toBe(servers[m.partyId]!.url);
      expect(m.address).toBe(r.members[m.partyId]!.address);
      expect(m.serverName).toBe(`rehearsal-server-${m.partyId}`);
      expect(m.reachable).toBe(true);
      expect(m.partialPk).toMatchObject({ check: 'matches', served: `0x${servers[m.partyId]!.partialPk()}`, otherMember: null });
      expect(m.partialPk.onChain).toBe(m.partialPk.served);
      expect(m.service.check).toBe('committee-mode');
      expect(m.version).toBe('0.6.10');
      expect(m.apiKeyHeader).toBe('x-api-key');
    }
    // The gateway saw the key on both /v1/ routes; the reply carries only the header's name.
    const v1 = servers[0]!.seen.filter((s) => s.path.startsWith('GET /v1/'));
    expect(v1.map((s) => s.path).sort()).toEqual(['GET /v1/debug/committee_partial_pk', `GET /v1/service?service_id=${r.keyServerObjId}`]);
    for (const s of v1) {
      expect(s.headers['x-api-key']).toBeTruthy();
      expect(JSON.stringify(h)).not.toContain(String(s.headers['x-api-key']));
      expect(s.headers['client-sdk-version']).toBe('0.6.0');
    }

    const cli = await health(r.coordinator.dataDir);
    expect(cli.code, cli.err).toBe(0);
    expect(cli.out).toContain('3 of 3 key servers OK');
    expect(cli.out.split('\n').filter((l) => l.startsWith('OK '))).toHaveLength(3);
  });

  it('outside the coordinator install it checks without API keys and names the member whose gateway asks for one', async () => {
    const cli = await health(r.members[1]!.dataDir);
    expect(cli.code).toBe(1);
    expect(cli.out).toContain("(not the coordinator's install: checked without the members' API keys)");
    expect(cli.out).toContain('2 of 3 key servers OK');
    expect(cli.out).toMatch(/^FAIL {2}party 0 \(0x.{4}….{4}\) rehearsal-server-0 /m);
    expect(cli.out).toContain('key server asks for an API key, and this install holds none for them.');
    expect(cli.out).toContain('What to do: Import party 0');
  });

  it('names the member serving a wrong partial key, the one that is unreachable and the one answering for another key server', async () => {
    // Bob's server runs with a share that is not his; Carol's is down; Alice's URL reaches an
    // independent (open-mode) key server of another object id.
    servers[1]!.configure({ ...handOver(1), env: { MASTER_SHARE_V0: `0x${'11'.repeat(32)}` } });
    await servers[2]!.close();
    const otherKeyServer = `0x${'ab'.repeat(32)}`;
    servers[0]!.configure({ mode: 'open', keyServerObjectId: otherKeyServer, masterKey: new Uint8Array(32).fill(7) });

    // That server answers /v1/service for its own key server, with a proof of possession of its key (ibe.rs).
    const own = await fetch(`${servers[0]!.url}/v1/service?service_id=${otherKeyServer}`, {
      headers: { 'Client-Sdk-Version': '0.6.0', [cred.api_key_name]: cred.api_key },
    });
    expect(own.status).toBe(200);
    const body = (await own.json()) as { service_id: string; pop: string };
    expect(body.service_id).toBe(otherKeyServer);
    const pk = bls12_381.G2.Point.BASE.multiply((7n * (256n ** 32n - 1n)) / 255n);
    const msg = new Uint8Array([
      ...new TextEncoder().encode('SUI-SEAL-IBE-BLS12381-POP-00'),
      ...pk.toBytes(true),
      ...Buffer.from('ab'.repeat(32), 'hex'),
    ]);
    const h1 = bls12_381.G1.hashToCurve(msg, { DST: 'BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_' }) as unknown as InstanceType<
      typeof bls12_381.G1.Point
    >;
    const pop = bls12_381.G1.Point.fromBytes(Buffer.from(body.pop, 'base64'));
    expect(bls12_381.fields.Fp12.eql(bls12_381.pairing(pop, bls12_381.G2.Point.BASE), bls12_381.pairing(h1, pk))).toBe(true);

    const h = await check();
    expect(h.ok).toBe(false);
    const [a, b, c] = h.members;
    expect(a).toMatchObject({ ok: false, partialPk: { check: 'not-committee-mode' }, service: { check: 'committee-mode' } });
    // The rehearsal's members keep their default labels, so the roster names them by party and address.
    expect(h.members.map((m) => m.name)).toEqual(
      r.members.map((m) => `party ${m.partyId} (${m.address.slice(0, 6)}…${m.address.slice(-4)})`),
    );
    expect(a!.problem).toBe(
      `${a!.name}'s URL answers as a key server that is not in committee mode: it serves another key server, not this committee's.`,
    );
    expect(a!.whatToDo).toContain(`Ask ${a!.name} to start the key server for ${r.keyServerObjId.slice(0, 6)}`);
    expect(b).toMatchObject({ ok: false, reachable: true, partialPk: { check: 'differs' } });
    expect(b!.problem).toBe(`${b!.name}'s key server serves a partial key that is not the one on chain for them.`);
    expect(b!.whatToDo).toContain('check MASTER_SHARE_V0');
    expect(c).toMatchObject({
      ok: false,
      reachable: false,
      partialPk: { check: 'no-answer', served: null },
      service: { check: 'no-answer' },
    });
    expect(c!.problem).toContain(`${c!.name}'s key server does not answer at ${c!.url}: nothing is listening`);

    const cli = await health(r.coordinator.dataDir);
    expect(cli.code).toBe(1);
    expect(cli.out).toContain('0 of 3 key servers OK');
    for (const m of h.members) {
      expect(cli.out).toContain(`FAIL  ${m.name} rehearsal-server-${m.partyId} ${m.url}`);
      expect(cli.out).toContain(`      ${m.problem}\n      What to do: ${m.whatToDo}`);
    }

    // Swapped shares are named as such: Bob's URL now serves Carol's partial key.
    servers[1]!.configure(handOver(2));
    const swapped = (await check()).members[1]!;
    expect(swapped.partialPk).toMatchObject({ check: 'another-member', otherMember: c!.name });
    expect(swapped.problem).toBe(`${b!.name}'s URL serves the partial key of ${c!.name}: the key servers or their shares are mixed up.`);
  });

  it("names the member whose gateway refuses the API key they sent, and the one running a key server older than the aggregator's floor", async () => {
    servers[0]!.configure(handOver(0));
    servers[0]!.requireApiKey('x-api-key', 'a key the member never sent');
    servers[1]!.configure(handOver(1));
    servers[1]!.reportVersion('0.5.14');
    const [a, b] = (await check()).members;
    expect(a).toMatchObject({ ok: false, apiKeyHeader: 'x-api-key', partialPk: { check: 'needs-api-key' } });
    expect(a!.problem).toBe(`${a!.name}'s key server refuses the API key they sent you (header x-api-key).`);
    expect(a!.whatToDo).toBe(
      `Ask ${a!.name} for their current API credentials (api-credentials-0.ceremony), import them, then check again.`,
    );
    expect(b).toMatchObject({ ok: false, version: '0.5.14', partialPk: { check: 'matches' } });
    expect(b!.problem).toBe(`${b!.name}'s key server is version 0.5.14; the aggregator refuses key servers older than 0.6.2 by default.`);
  });
});
