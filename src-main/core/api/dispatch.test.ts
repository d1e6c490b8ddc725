import { describe, expect, it } from 'vitest';
import { createDispatch, type Handlers } from './dispatch.ts';
import { CeremonyError } from '../errors.ts';

const info = {
  name: 'Ceremony',
  version: '1',
  commit: 'abc',
  blsBackend: 'noble',
  shell: 'cli',
  platform: 'linux',
  dataDir: '/d',
  nativeDialogs: false,
  protocols: [],
};

function dispatchWith(partial: Partial<Handlers>) {
  const errors: string[] = [];
  const d = createDispatch(partial as Handlers, { internalError: (c) => errors.push(c) });
  return { d, errors };
}

describe('API dispatch (the validated boundary)', () => {
  it('refuses unknown calls and invalid inputs before any handler runs', async () => {
    let ran = false;
    const { d } = dispatchWith({ 'ceremonies.get': () => ((ran = true), {} as never) });
    expect(await d('vault.get', {})).toMatchObject({ ok: false, error: { code: 'api/unknown-call' } });
    expect(await d('__proto__', {})).toMatchObject({ ok: false, error: { code: 'api/unknown-call' } });
    expect(await d('ceremonies.get', { id: '../../etc' })).toMatchObject({ ok: false, error: { code: 'api/invalid-input' } });
    expect(await d('ceremonies.get', { id: 42 })).toMatchObject({ ok: false, error: { code: 'api/invalid-input' } });
    expect(ran).toBe(false);
    await d('ceremonies.get', { id: 'seal-0123456789' });
    expect(ran).toBe(true);
  });

  it('drops undeclared output keys, so nothing outside the contract reaches the renderer', async () => {
    const { d } = dispatchWith({ 'app.info': () => ({ ...info, secretKey: 'deadbeef' }) as never });
    const r = await d('app.info', {});
    expect(r.ok).toBe(true);
    expect(JSON.stringify(r)).not.toContain('deadbeef');
  });

  it('turns CeremonyErrors into {code, message} and hides internal errors', async () => {
    const { d, errors } = dispatchWith({
      'vault.status': () => {
        throw new CeremonyError('vault/locked', 'The vault is locked.');
      },
      'vault.list': () => {
        throw new Error('at /secret/path: boom');
      },
      'app.info': () => ({ version: 1 }) as never,
    });
    expect(await d('vault.status', {})).toEqual({
      ok: false,
      error: { code: 'vault/locked', message: 'The vault is locked.', details: {} },
    });
    const internal = await d('vault.list', {});
    expect(internal).toMatchObject({ ok: false, error: { code: 'api/internal' } });
    expect(JSON.stringify(internal)).not.toContain('/secret/path');
    expect(await d('app.info', {})).toMatchObject({ ok: false, error: { code: 'api/internal' } });
    expect(errors).toEqual(['vault.list', 'app.info']);
  });
});
