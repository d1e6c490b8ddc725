/**
 * The steps the FROST specs (e2e/frost.spec.ts, e2e/frost-online.spec.ts) take as people would on
 * the member-first screens: read the one task card, compare the group key code, call main
 * directly as any caller could (to prove it refuses what the screen does not offer), and read
 * facts under Technical details.
 */
import { expect, expectAccessible, type Participant } from './fixtures.ts';
import { expectMemberFirst } from './member-first.ts';
import { openDetails, pressByKeyboard } from './seal-steps.ts';

export { carry } from './seal-steps.ts';

/** The task card of the screen (`.panel--next`). */
export const task = (p: Participant) => p.page.locator('.panel--next');

/** Reads one fact under Technical details (opened for it; the member-first check closes it again). */
export async function factValue(p: Participant, label: string): Promise<string> {
  await openDetails(p.page);
  return (await p.page
    .locator('.facts__row', { has: p.page.locator('dt', { hasText: new RegExp(`^${label}$`) }) })
    .locator('dd .mono, dd > span')
    .first()
    .textContent())!.trim();
}

/** The check code shown in the task card (the one code of this moment). */
export async function codeInTask(p: Participant): Promise<string> {
  return (await task(p).locator('.checkcode [aria-hidden]').first().textContent())!.trim();
}

/** A step as the issue asks: member-first reading, axe, and a screenshot `frost-<flow>-<NN>-<step>`. */
export async function step(p: Participant, name: string, where: string): Promise<void> {
  await expectMemberFirst(p.page, where);
  await expectAccessible(p.page);
  await p.shot(name);
}

/** Calls main's API as any caller could (loopback host), for this ceremony; returns 'accepted' or the error code. */
export async function apiAct(p: Participant, action: string, input: Record<string, unknown> = {}): Promise<string> {
  return p.page.evaluate(
    async ({ hash, action, input }) => {
      const id = decodeURIComponent(hash.replace(/^#\/ceremony\//, ''));
      const g = globalThis as unknown as { sessionStorage: { getItem(k: string): string | null } };
      const res = await fetch('/api/call/ceremonies.act', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Ceremony-Token': g.sessionStorage.getItem('ceremony.token') ?? '' },
        body: JSON.stringify({ id, action, input }),
      });
      const reply = (await res.json()) as { ok: boolean; error?: { code: string } };
      return reply.ok ? 'accepted' : reply.error!.code;
    },
    { hash: new URL(p.page.url()).hash, action, input },
  );
}

/**
 * Compares the group key code on the task card: it must read `code`; ticks the members heard
 * (the creator is ticked already for the others), then "Codes match". With `keyboard`, only keys.
 */
export async function confirmGroupCode(p: Participant, code: string, heard: string[], keyboard = false): Promise<void> {
  const compare = task(p).locator('.compare');
  await expect(compare.locator('.compare__code .checkcode [aria-hidden]')).toHaveText(code, { timeout: 60_000 });
  for (const name of heard) {
    const box = compare.getByRole('checkbox', { name, exact: true });
    if (keyboard) {
      await box.focus();
      await p.page.keyboard.press('Space');
    } else await box.check();
    await expect(box).toBeChecked();
  }
  const match = compare.getByRole('button', { name: 'Codes match' });
  if (keyboard) await pressByKeyboard(p, match);
  else await match.click();
  await expect(compare).toBeHidden();
}

/** The journaled comparison, as the activity log (under Technical details) shows it. */
export async function expectJournaled(p: Participant, text: string | RegExp): Promise<void> {
  await openDetails(p.page);
  await expect(p.page.locator('.activity')).toContainText(text);
}

/** Clicks a button of the task card, confirms it in the dialog (which must say `expectInDialog`). */
export async function confirmAction(p: Participant, label: string, expectInDialog?: string | RegExp): Promise<void> {
  await task(p).getByRole('button', { name: label, exact: true }).click();
  const dialog = p.page.getByRole('dialog');
  if (expectInDialog) await expect(dialog).toContainText(expectInDialog);
  await dialog.getByRole('button', { name: label, exact: true }).click();
  await expect(dialog).toBeHidden();
}
