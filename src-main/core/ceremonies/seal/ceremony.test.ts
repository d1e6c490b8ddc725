import { describe, expect, it } from 'vitest';
import { SEAL_FACTS } from '../../../../src-shared/protocols/seal.ts';
import { factOf, view } from './drive.ts';
import { makeWorld } from './test-support.ts';

describe('a whole Seal ceremony through the API (rehearsal ledger folder)', () => {
  it('3 members, threshold 2, one air-gapped behind a relay: everyone ends finalized with the same key', async () => {
    const w = await makeWorld(3, 2, { airGapped: [1] });
    const d = w.driver;
    await d.runAll();
    const coord = await view(d.coordinator);
    expect(coord.status).toBe('completed');
    const ksId = factOf(coord, SEAL_FACTS.keyServerObjId);
    expect(ksId).toMatch(/^0x[0-9a-f]{64}$/);
    const pks = new Set<string>();
    for (const j of d.joined) {
      const v = await view(j.me);
      expect(v.status, v.headline).toBe('completed');
      expect(factOf(v, SEAL_FACTS.keyServerObjId)).toBe(ksId);
      pks.add(factOf(v, SEAL_FACTS.keyServerPk)!);
      expect(v.artifacts.map((a) => a.name)).toContain('key-server-config.yaml');
    }
    expect(pks.size).toBe(1);
  }, 60_000);
});
