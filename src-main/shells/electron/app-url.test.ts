import { describe, expect, it } from 'vitest';
import { isAppUrl } from './app-url.ts';

describe('isAppUrl', () => {
  it('accepts the app origin and its paths, not an origin that only starts with it', () => {
    expect(isAppUrl('app://ceremony/index.html', 'app://ceremony', undefined, true)).toBe(true);
    expect(isAppUrl('app://ceremony', 'app://ceremony', undefined, true)).toBe(true);
    expect(isAppUrl('app://ceremony.evil/x', 'app://ceremony', undefined, true)).toBe(false);
    expect(isAppUrl('app://ceremonyx/', 'app://ceremony', undefined, true)).toBe(false);
  });
  it('trusts ELECTRON_RENDERER_URL only in an unpackaged build, with the same boundary', () => {
    expect(isAppUrl('http://localhost:5173/src/main.tsx', 'app://ceremony', 'http://localhost:5173', false)).toBe(true);
    expect(isAppUrl('http://localhost:51730/x', 'app://ceremony', 'http://localhost:5173', false)).toBe(false);
    expect(isAppUrl('http://localhost:5173/src/main.tsx', 'app://ceremony', 'http://localhost:5173', true)).toBe(false);
  });
});
