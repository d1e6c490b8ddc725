import { describe, expect, it } from 'vitest';
import { createSuiClient, networkLabel, parseNetwork } from './network.ts';
import { openChain } from './open-chain.ts';

describe('network configuration', () => {
  it('parses network names as dkg.yaml and users write them', () => {
    expect(parseNetwork('Testnet')).toEqual({ kind: 'testnet' });
    expect(parseNetwork('MAINNET', 'https://rpc.example.org/')).toEqual({ kind: 'mainnet', url: 'https://rpc.example.org' });
    expect(parseNetwork('devnet')).toEqual({ kind: 'devnet' });
    expect(parseNetwork('localnet')).toEqual({ kind: 'localnet' });
    expect(parseNetwork('https://node.example:9000')).toEqual({ kind: 'custom', url: 'https://node.example:9000' });
    expect(parseNetwork('rehearsal')).toEqual({ kind: 'rehearsal', ledgerDir: null });
    expect(parseNetwork('rehearsal:/tmp/ledger')).toEqual({ kind: 'rehearsal', ledgerDir: '/tmp/ledger' });
  });

  it('refuses unknown names and bad URLs with specific errors', () => {
    expect(() => parseNetwork('moonnet')).toThrowError(expect.objectContaining({ code: 'network/unknown' }));
    expect(() => parseNetwork('testnet', 'not a url')).toThrowError(expect.objectContaining({ code: 'network/invalid-url' }));
    expect(() => parseNetwork('testnet', 'ftp://x.example')).toThrowError(expect.objectContaining({ code: 'network/invalid-url' }));
  });

  it('labels rehearsals as such, everywhere', () => {
    expect(networkLabel({ kind: 'rehearsal', ledgerDir: null })).toMatch(/^REHEARSAL/);
    expect(networkLabel({ kind: 'testnet' })).toBe('Sui testnet');
    expect(networkLabel({ kind: 'custom', url: 'https://n.example' })).toBe('Sui full node at https://n.example');
  });

  it('builds a gRPC client for real networks without contacting them', () => {
    const client = createSuiClient({ kind: 'testnet' });
    expect(client.network).toBe('testnet');
    expect(typeof client.core.getObject).toBe('function');
    const json = createSuiClient({ kind: 'custom', url: 'https://node.example', transport: 'jsonrpc' });
    expect(json.network).toBe('custom');
    expect(typeof json.core.executeTransaction).toBe('function');
  });

  it('opens an in-process rehearsal chain with a faucet; real networks have none', async () => {
    const { chain, ledger } = await openChain({ kind: 'rehearsal', ledgerDir: null });
    expect(ledger).not.toBeNull();
    expect(chain.label).toMatch(/REHEARSAL/);
    expect(chain.faucet).toBeTypeOf('function');
    const real = await openChain({ kind: 'mainnet' });
    expect(real.ledger).toBeNull();
    expect(real.chain.faucet).toBeUndefined();
  });
});
