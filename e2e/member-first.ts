/**
 * Issue 13, acceptance 1: a member-first screen at 1200x820, read with Technical details
 * closed, is at most two window heights tall, shows no run of 16 or more hex, base64 or bech32
 * characters, at most one check code and at most one primary button.
 */
import type { Page } from '@playwright/test';
import { expect } from './fixtures.ts';

/**
 * 16+ characters of an encoding: hex; or the base64/bech32 alphabet with a digit in the run
 * (plain words have none). Text is cut at spaces, slashes, dots and dashes first, so a file path
 * does not read as one long run.
 */
const LONG_HEX = /[0-9a-fA-F]{16,}/;
const LONG_ENCODED = /(?=[A-Za-z0-9+=_]*\d)[A-Za-z0-9+=_]{16,}/;
const CHECK_CODE = /\b\d{4}-\d{4}-\d{4}\b/g;

export interface ScreenReading {
  height: number;
  longRuns: string[];
  codes: string[];
}

/** What a person sees on the ceremony screen (or a page that is one form, as New ceremony) with Technical details closed. */
export async function readScreen(page: Page): Promise<ScreenReading> {
  await expect(page.locator('.panel--next, main .form').first()).toBeVisible();
  for (const d of await page.locator('details.tech-details[open]').all()) await d.locator('> summary').click(); // its own summary, not a nested disclosure's
  // Text for screen readers only (the announcer, spoken check codes) is left out: it is not on screen.
  const { text, height } = await page.evaluate(() => {
    type El = { style: { display: string }; innerText: string };
    const d = (
      globalThis as unknown as {
        document: { body: El; documentElement: { scrollHeight: number }; querySelectorAll(s: string): Iterable<El> };
      }
    ).document;
    const hidden = [...d.querySelectorAll('.visually-hidden')];
    const before = hidden.map((e) => e.style.display);
    for (const e of hidden) e.style.display = 'none';
    const read = { text: d.body.innerText, height: d.documentElement.scrollHeight };
    hidden.forEach((e, i) => (e.style.display = before[i]!));
    return read;
  });
  const words = text.split(/[\s/.-]+/);
  return {
    height,
    longRuns: words.filter((w) => LONG_HEX.test(w) || LONG_ENCODED.test(w)),
    codes: [...new Set(text.match(CHECK_CODE) ?? [])],
  };
}

export async function expectMemberFirst(page: Page, where: string): Promise<void> {
  const r = await readScreen(page);
  const viewport = page.viewportSize()!;
  expect(r.height, `${where}: page height ${r.height} px at ${viewport.width}x${viewport.height}`).toBeLessThanOrEqual(2 * viewport.height);
  expect(r.longRuns, `${where}: long hex/base64/bech32 in view`).toEqual([]);
  expect(r.codes.length, `${where}: check codes in view: ${r.codes.join(', ')}`).toBeLessThanOrEqual(1);
  // One task, one primary button.
  const primaries = await page.locator('.btn--primary:visible').allTextContents();
  expect(primaries.length, `${where}: primary buttons ${primaries.join(', ')}`).toBeLessThanOrEqual(1);
}
