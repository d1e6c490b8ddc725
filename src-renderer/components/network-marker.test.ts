import { describe, expect, it } from 'vitest';
import { networkMarkerText } from './NetworkMarker.tsx';

describe('the network marker', () => {
  it('a Seal rehearsal runs on a ledger, not a real network; a FROST or group rehearsal makes a practice key', () => {
    expect(networkMarkerText('rehearsal', 'Rehearsal ledger')).toBe('REHEARSAL: not a real network');
    expect(networkMarkerText('practice', 'Rehearsal')).toBe('REHEARSAL: a practice key, not for real use');
    expect(networkMarkerText('practice', 'Rehearsal')).not.toMatch(/network/);
  });

  it('a real network is named loudly, a test network calmly', () => {
    expect(networkMarkerText('mainnet', 'Sui Mainnet')).toBe('REAL NETWORK: Sui Mainnet');
    expect(networkMarkerText('testnet', 'Sui Testnet')).toBe('Sui Testnet');
  });
});
