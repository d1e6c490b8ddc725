import { describe, expect, it } from 'vitest';
import { expectCode } from '../../vault/test-support.ts';
import { checkJoinRequest } from '../../crypto/group/join.ts';
import { makeOperator, makeRequest, runGenesis } from '../../crypto/group/test-support.ts';
import { decodeJoinRequestFile, encodeJoinRequestFile, joinRequestFileName, looksLikeJoinRequest } from './join-request-file.ts';

describe('join request files', () => {
  const ops = ['alice', 'bob', 'carol'].map(makeOperator);
  const { group } = runGenesis(ops, 2);
  const newbie = makeOperator('newbie');
  const signed = makeRequest(group, newbie, ['alice', 'bob']);

  it('round-trip and still verify', () => {
    const bytes = encodeJoinRequestFile(signed);
    expect(looksLikeJoinRequest(bytes)).toBe(true);
    const back = decodeJoinRequestFile(bytes);
    expect(back).toEqual(signed);
    expect(checkJoinRequest(group, back).moniker).toBe('newbie');
    expect(joinRequestFileName('newbie')).toBe('join-request-newbie.json');
  });

  it('refuse damaged files with a specific error', async () => {
    const text = new TextDecoder().decode(encodeJoinRequestFile(signed));
    await expectCode(() => decodeJoinRequestFile(new TextEncoder().encode(text.slice(0, 100))), 'group/join-request-malformed');
    await expectCode(
      () => decodeJoinRequestFile(new TextEncoder().encode(text.replace('"version": 1', '"version": 2'))),
      'group/join-request-malformed',
    );
    await expectCode(
      () => decodeJoinRequestFile(new TextEncoder().encode(text.replace('"rehearsal"', '"extra": 1, "rehearsal"'))),
      'group/join-request-malformed',
    );
    expect(looksLikeJoinRequest(new TextEncoder().encode('{"format":"ceremony-bundle"}'))).toBe(false);
  });
});
