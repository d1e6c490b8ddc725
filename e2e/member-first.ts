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
  await expectKeyboardReach(page, where);
}

/**
 * Issue 13, acceptance 3, at every member-first step: the step's task works by keyboard alone.
 * From the top of the page, Tab alone reaches the primary button (or, when it waits on something,
 * such as reading a message to its end, the task card's first control), and the focus shows. The
 * focus (where it was) and scroll position are put back, so the step reads and looks the same
 * afterwards and a keyboard flow around it goes on from where it was.
 */
export async function expectKeyboardReach(page: Page, where: string): Promise<void> {
  const card = page.locator('.panel--next');
  if ((await card.count()) === 0) return;
  const primary = card.locator('.btn--primary:visible:enabled');
  const target = (await primary.count())
    ? primary.first()
    : card
        .locator('button:visible:enabled, a[href]:visible, input:visible:enabled, select:visible:enabled, [tabindex="0"]:visible')
        .first();
  if ((await target.count()) === 0) return; // nothing to do on this step but wait
  // The walk: from a throwaway starting point at the top of the page, the real Tabs, then one look
  // at where the focus landed and whether it shows (a look per Tab costs seconds per step). A
  // screen that polls may disable its buttons for a moment (a refresh), which takes the focus
  // away: then the walk is made again, up to three times; a real failure fails every time.
  let scrollY = 0;
  let landed = { reached: false, ring: false };
  for (let attempt = 0; attempt < 3 && !landed.reached; attempt++) {
    scrollY = await page.evaluate(() => {
      const g = globalThis as unknown as {
        scrollY: number;
        keyboardWalkFrom: unknown;
        document: {
          activeElement: unknown;
          getElementById(id: string): { remove(): void } | null;
          createElement(t: string): { id: string; tabIndex: number; focus(): void };
          body: { prepend(e: unknown): void };
        };
      };
      // Where the person's focus was, to give it back (a step may sit in the middle of a keyboard flow).
      if (!g.document.getElementById('keyboard-walk-start')) g.keyboardWalkFrom = g.document.activeElement;
      g.document.getElementById('keyboard-walk-start')?.remove();
      const start = g.document.createElement('span');
      start.id = 'keyboard-walk-start';
      start.tabIndex = -1;
      g.document.body.prepend(start);
      start.focus();
      return g.scrollY;
    });
    // How many Tabs it should take, from the document order of what can take the focus.
    const presses = await target.evaluate((el) => {
      type E = { tabIndex: number; disabled?: boolean; closest(s: string): unknown; checkVisibility(): boolean };
      const doc = (el as unknown as { ownerDocument: { querySelectorAll(s: string): Iterable<E> } }).ownerDocument;
      const focusable = [...doc.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]')].filter(
        (e) => e.tabIndex >= 0 && !e.disabled && e.checkVisibility() && !e.closest('[inert], [aria-hidden="true"]'),
      );
      return focusable.indexOf(el as unknown as E) + 1;
    });
    for (let i = 0; i < presses; i++) await page.keyboard.press('Tab');
    // Focus and its ring read in one turn of the page, so a re-render cannot come between them.
    landed =
      presses > 0
        ? await target.evaluate((el) => {
            const doc = el.ownerDocument as unknown as { activeElement: unknown };
            const s = (
              globalThis as unknown as { getComputedStyle(e: unknown): { outlineStyle: string; outlineWidth: string; boxShadow: string } }
            ).getComputedStyle(el);
            return {
              reached: el === doc.activeElement,
              ring: (s.outlineStyle !== 'none' && s.outlineWidth !== '0px') || s.boxShadow !== 'none',
            };
          })
        : { reached: false, ring: false };
  }
  const label = (await target.textContent())?.trim() || (await target.getAttribute('aria-label')) || 'the task';
  expect(landed.reached, `${where}: Tab alone reaches "${label}"`).toBe(true);
  expect(landed.ring, `${where}: the keyboard focus on "${label}" shows`).toBe(true);
  await page.evaluate((y) => {
    type Focusable = { blur?(): void; focus?(o: { preventScroll: boolean }): void };
    const g = globalThis as unknown as {
      scrollTo(x: number, y: number): void;
      keyboardWalkFrom: Focusable | null;
      document: { body: unknown; activeElement: Focusable | null; getElementById(id: string): { remove(): void } | null };
    };
    const from = g.keyboardWalkFrom;
    if (from && from !== g.document.body && from.focus) from.focus({ preventScroll: true });
    else g.document.activeElement?.blur?.();
    g.document.getElementById('keyboard-walk-start')?.remove();
    g.scrollTo(0, y);
  }, scrollY);
}
