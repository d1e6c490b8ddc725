import { afterEach, describe, expect, it, vi } from 'vitest';
import { NoNetworkTransport, offlineClients, walletNetworkOf, WALLET_NETWORKS } from './offline-client.ts';

afterEach(() => vi.unstubAllGlobals());

describe('offline dapp-kit clients', () => {
  it('refuse every request without fetching', async () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    const transport = new NoNetworkTransport();
    const clients = offlineClients(transport);
    expect(Object.keys(clients)).toEqual([...WALLET_NETWORKS]);
    await expect(clients.testnet.getReferenceGasPrice()).rejects.toThrow(/does not reach the network/);
    await expect(clients.rehearsal.getChainIdentifier()).rejects.toThrow(/does not reach the network/);
    expect(transport.requests).toEqual(['suix_getReferenceGasPrice', 'sui_getCheckpoint']);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('maps ceremony network names to dapp-kit networks', () => {
    expect(walletNetworkOf('Testnet')).toBe('testnet');
    expect(walletNetworkOf('mainnet')).toBe('mainnet');
    expect(walletNetworkOf('rehearsal:/tmp/ledger')).toBe('rehearsal');
    expect(walletNetworkOf('https://node.example:443')).toBe('custom');
    expect(walletNetworkOf('https://testnet.example:443')).toBe('custom');
    // The labels transaction files carry.
    expect(walletNetworkOf('REHEARSAL (not a real network)')).toBe('rehearsal');
    expect(walletNetworkOf('Sui devnet via https://node.example')).toBe('devnet');
    expect(walletNetworkOf('Sui full node at https://node.example')).toBe('custom');
  });
});
