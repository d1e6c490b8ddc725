/**
 * The steps the Seal specs (e2e/seal.spec.ts, e2e/seal-rotation.spec.ts) take as people would:
 * settings, vault accounts, saving and importing the ceremony's files, Next actions with their
 * confirmations, and signing with a vault account.
 */
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, type Participant } from './fixtures.ts';

export { importFiles } from './files.ts';

export async function openSettings(page: Page): Promise<void> {
  await page.getByRole('link', { name: /Vault and settings/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Vault and settings' })).toBeVisible();
}

/** Creates a Sui account in the vault through Settings → Wallet and returns its address. */
export async function createAccount(p: Participant, label: string): Promise<string> {
  await openSettings(p.page);
  const wallet = p.page.getByRole('region', { name: 'Wallet' });
  await wallet.getByLabel('Name for the new account').fill(label);
  await wallet.getByRole('button', { name: 'Create account' }).click();
  const row = wallet.getByRole('row', { name: new RegExp(label) });
  await expect(row).toBeVisible();
  const address = (await row.locator('td .mono').textContent())!.trim();
  await p.page.getByRole('link', { name: 'Ceremonies' }).click();
  return address;
}

/** Opens the ceremony screen's Technical details (every file, fact and the activity log). */
export async function openDetails(page: Page): Promise<void> {
  const details = page.locator('details.tech-details').last();
  if (!(await details.evaluate((d) => (d as unknown as { open: boolean }).open))) await details.locator('> summary').click();
}

/** Saves the one file named `name` from the rows matching `rowSelector`; returns where the browser put it. */
async function saveRow(p: Participant, rowSelector: string, name: string | RegExp, dir: string): Promise<string> {
  const row = p.page.locator(rowSelector).filter({ has: p.page.locator('.mono', { hasText: name }) });
  await expect(row).toHaveCount(1);
  const fileName = (await row.locator('.mono').first().textContent())!.trim();
  const [download] = await Promise.all([p.page.waitForEvent('download'), row.getByRole('button', { name: 'Save…' }).click()]);
  const path = join(dir, `${p.name}-${fileName}`);
  await download.saveAs(path);
  return path;
}

/** Saves a file from the "Carry now" tray, which shows only the files due now. */
export async function carry(p: Participant, name: string | RegExp, dir: string): Promise<string> {
  return saveRow(p, '.carry__file', name, dir);
}

/** Saves one of the ceremony's files (by its file name) from the full list under Technical details. */
export async function save(p: Participant, name: string | RegExp, dir: string): Promise<string> {
  if (await p.page.locator('details.tech-details').count()) await openDetails(p.page);
  return saveRow(p, '.file', name, dir);
}

/** Runs a Next action and, when it asks, confirms it in the dialog. */
export async function act(p: Participant, label: string | RegExp, confirmText?: string | RegExp): Promise<void> {
  await p.page
    .locator('.panel--next')
    .getByRole('button', { name: label, exact: typeof label === 'string' })
    .click();
  if (confirmText) {
    const dialog = p.page.getByRole('dialog');
    await expect(dialog).toContainText(confirmText);
    await dialog.getByRole('button').last().click();
    await expect(dialog).toBeHidden();
  }
}

/**
 * Signs the pending transaction with the vault account (renderer confirmation included).
 * `untilGone` also waits for the transaction panel to go (the transaction was submitted).
 */
export async function signWithVault(p: Participant, heading: string | RegExp, opts: { untilGone?: boolean } = {}): Promise<void> {
  const panel = p.page.locator('.panel--tx');
  await expect(panel.getByRole('heading', { name: heading })).toBeVisible();
  await expect(panel.locator('.tx-lines li').first()).toBeAttached();
  await panel.getByRole('button', { name: /^Sign with / }).click();
  const dialog = p.page.getByRole('dialog', { name: 'Sign this transaction?' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Sign', exact: true }).click();
  await expect(dialog).toBeHidden();
  if (opts.untilGone) await expect(panel.getByRole('heading', { name: heading })).toBeHidden({ timeout: 30_000 });
}

/** Opens a hash route (a ceremony the page knows) and waits for its Next panel. */
export async function goTo(page: Page, hash: string): Promise<void> {
  await page.evaluate((h) => ((globalThis as unknown as { location: { hash: string } }).location.hash = h), hash);
  await expect(page.locator('.panel--next')).toBeVisible();
}

/** Phase 1's key generation, with a key server URL and name made from `name`. */
export async function generateKeys(p: Participant, name: string): Promise<void> {
  const slug = name.toLowerCase();
  await act(p, 'Generate DKG keys');
  await p.page.getByLabel('Key server URL').fill(`https://seal-${slug}.example.org`);
  await p.page.getByLabel('Key server name (unique in the committee)').fill(`seal-${slug}`);
  await p.page.getByRole('button', { name: 'Generate my DKG keys' }).click();
  await expect(p.page.locator('.panel--next')).toContainText(`seal-${slug}`);
}

/**
 * The same by keyboard alone: tick another member heard (Space), Tab to "Codes match", Enter.
 * `also` is the name of a member whose code was heard too.
 */
export async function confirmCodeByKeyboard(p: Participant, code: string, also: string): Promise<void> {
  const compare = p.page.locator('.panel--next .compare');
  await expect(compare.locator('.compare__code .checkcode [aria-hidden]')).toHaveText(code, { timeout: 60_000 });
  await compare.getByRole('checkbox', { name: also }).focus();
  await p.page.keyboard.press('Space');
  await expect(compare.getByRole('checkbox', { name: also })).toBeChecked();
  await pressByKeyboard(p, compare.getByRole('button', { name: 'Codes match' }));
  await expect(compare).toBeHidden();
}

/** Moves the focus to `button` with Tab alone (at most 10 presses) and presses it with Enter. */
export async function pressByKeyboard(p: Participant, button: Locator): Promise<void> {
  for (
    let i = 0;
    i < 10 && !(await button.evaluate((b) => b === (b.ownerDocument as unknown as { activeElement: unknown }).activeElement));
    i++
  )
    await p.page.keyboard.press('Tab');
  await expect(button).toBeFocused();
  await p.page.keyboard.press('Enter');
}

/** Compares the code of this moment: it must read `code`; then "Codes match" (the coordinator is ticked by default). */
export async function confirmCode(p: Participant, code: string): Promise<void> {
  const compare = p.page.locator('.panel--next .compare');
  await expect(compare.locator('.compare__code .checkcode [aria-hidden]')).toHaveText(code, { timeout: 60_000 });
  await compare.getByRole('button', { name: 'Codes match' }).click();
  await expect(compare).toBeHidden();
}
