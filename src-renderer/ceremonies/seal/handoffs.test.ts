import { describe, expect, it } from 'vitest';
import { handoffsSoFar } from './handoffs.ts';

describe('handoffsSoFar', () => {
  it('says where the share went in words, with a readable time, and nothing before the first hand-off', () => {
    expect(handoffsSoFar([])).toBeNull();
    const at = '2026-12-06T10:04:00.000Z';
    const said = handoffsSoFar(
      [
        { method: 'env-file', where: '/home/alice/ceremony-exports/master-share-v0.env', at },
        { method: 'clipboard', where: null, at },
      ],
      'en-GB',
    )!;
    expect(said).toContain('share file written to /home/alice/ceremony-exports/master-share-v0.env (');
    expect(said).toContain('; share copied to the clipboard (');
    expect(said).toContain('6 Dec 2026');
    expect(said).not.toContain('T10:04');
    expect(said).not.toMatch(/env-file|clipboard at/);
  });
});
