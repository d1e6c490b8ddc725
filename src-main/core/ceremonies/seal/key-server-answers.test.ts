import { describe, expect, it } from 'vitest';
import type { GetAnswer } from '../../transports/http/get.ts';
import { healthVersion, readPartialPk, readService, versionAtLeast } from './key-server-answers.ts';

const answer = (status: number, body: unknown, headers: Record<string, string> = {}): GetAnswer => ({
  answered: true,
  status,
  headers,
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
const pk = (byte: number) => Buffer.alloc(96, byte);
const onChain = new Map([
  [0, pk(1).toString('hex')],
  [1, pk(2).toString('hex')],
]);
const KS = `0x${'ab'.repeat(32)}`;

/** The key server's answers as seal's server.rs and errors.rs write them, and what else may answer at a URL. */
describe('reading a key server: /v1/debug/committee_partial_pk', () => {
  it('compares the Base64 partial key with the member on chain, and names another member whose key it is', () => {
    expect(readPartialPk(answer(200, { partial_pk: pk(1).toString('base64') }), 0, onChain)).toMatchObject({
      check: 'matches',
      served: pk(1).toString('hex'),
    });
    expect(readPartialPk(answer(200, { partial_pk: pk(2).toString('base64') }), 0, onChain)).toMatchObject({
      check: 'another-member',
      otherPartyId: 1,
    });
    expect(readPartialPk(answer(200, { partial_pk: pk(3).toString('base64') }), 0, onChain)).toMatchObject({
      check: 'differs',
      otherPartyId: null,
    });
  });

  it('tells a server outside committee mode, a key server error, a gateway and something else apart', () => {
    expect(readPartialPk(answer(400, 'Unsupported'), 0, onChain).check).toBe('not-committee-mode');
    const failure = readPartialPk(answer(503, { error: 'Failure', message: 'Internal server error, please try again later' }), 0, onChain);
    expect(failure).toMatchObject({
      check: 'key-server-error',
      detail: 'answers 503 Failure: Internal server error, please try again later',
    });
    expect(readPartialPk(answer(401, 'Unauthorized'), 0, onChain).check).toBe('needs-api-key');
    expect(readPartialPk(answer(403, ''), 0, onChain).check).toBe('needs-api-key');
    expect(readPartialPk(answer(404, '<html>Not Found</html>'), 0, onChain)).toMatchObject({
      check: 'not-a-key-server',
      detail: 'answers 404 (<html>Not Found</html>)',
    });
    expect(readPartialPk(answer(200, { partial_pk: pk(1).subarray(0, 48).toString('base64') }), 0, onChain).check).toBe('not-a-key-server');
    expect(readPartialPk(answer(200, 'OK'), 0, onChain).check).toBe('not-a-key-server');
    expect(readPartialPk({ answered: false, detail: 'no answer within 3 s' }, 0, onChain)).toMatchObject({
      check: 'no-answer',
      detail: 'no answer within 3 s',
    });
  });
});

describe('reading a key server: /v1/service?service_id=KEY_SERVER_OBJ_ID', () => {
  it('committee mode answers InvalidServiceId; a 200 names the key server it answers for', () => {
    expect(readService(answer(400, { error: 'InvalidServiceId', message: 'Invalid service ID' }), KS).check).toBe('committee-mode');
    expect(readService(answer(200, { service_id: KS, pop: 'AAAA' }), KS)).toMatchObject({ check: 'this-key-server', serviceId: KS });
    const other = `0x${'cd'.repeat(32)}`;
    expect(readService(answer(200, { service_id: other, pop: 'AAAA' }), KS)).toMatchObject({
      check: 'another-key-server',
      serviceId: other,
    });
    expect(readService(answer(426, { error: 'DeprecatedSDKVersion', message: 'Deprecated SDK version' }), KS).check).toBe(
      'key-server-error',
    );
    expect(readService(answer(200, { hello: 1 }), KS).check).toBe('not-a-key-server');
    expect(readService(answer(401, ''), KS).check).toBe('needs-api-key');
  });
});

describe('the version it reports', () => {
  it('compares major.minor.patch with the aggregator floor and reads /health', () => {
    expect(versionAtLeast('0.6.2', '0.6.2')).toBe(true);
    expect(versionAtLeast('0.6.10', '0.6.2')).toBe(true);
    expect(versionAtLeast('1.0.0-rc1', '0.6.2')).toBe(true);
    expect(versionAtLeast('0.5.14', '0.6.2')).toBe(false);
    expect(versionAtLeast('unknown', '0.6.2')).toBe(false);
    expect(healthVersion(answer(200, { name: 'key-server', version: '0.6.10', status: 'up' }))).toBe('0.6.10');
    expect(healthVersion(answer(404, ''))).toBeNull();
  });
});
