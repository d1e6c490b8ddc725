import type { Page } from '@playwright/test';
import { expect, expectAccessible, test } from './fixtures.ts';

async function setUpVault(page: Page): Promise<void> {
  await page.getByRole('link', { name: /Vault and settings/ }).click();
  await page.getByRole('button', { name: 'Create the vault' }).click();
  await expect(page.locator('.facts').getByText('Unlocked')).toBeVisible();
}

/** Records every request the page makes outside its own origin (the CSP should stop them; dapp-kit should not even try). */
function watchForeignRequests(page: Page, origin: () => string): string[] {
  const foreign: string[] = [];
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin()) && !u.startsWith('data:') && !u.startsWith('blob:')) foreign.push(u);
  });
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) foreign.push(`CSP: ${m.text()}`);
  });
  return foreign;
}

test('wallet settings: create a vault account; dapp-kit stays off the network', async ({ launch }) => {
  const a = await launch({ name: 'wallet' });
  const foreign = watchForeignRequests(a.page, () => new URL(a.page.url()).origin);
  await setUpVault(a.page);
  const wallet = a.page.getByRole('region', { name: 'Wallet' });
  await expect(wallet.getByText('No Sui account in the vault yet.')).toBeVisible();
  await wallet.getByLabel('Name for the new account').fill('Coordinator');
  await wallet.getByRole('button', { name: 'Create account' }).click();
  await expect(wallet.getByRole('rowheader', { name: 'Coordinator' })).toBeVisible();
  await expect(wallet.locator('td .mono').first()).toHaveText(/^0x[0-9a-f]{64}$/);
  // Import: a path that holds no key is refused with a sentence, and nothing is added.
  await wallet.getByLabel('Path of the key file on this computer').fill('/nonexistent/sui.keystore');
  await wallet.getByRole('button', { name: 'Import the key' }).click();
  await expect(a.page.getByRole('alert').filter({ hasText: 'No file at /nonexistent/sui.keystore' })).toBeVisible();
  await expect(wallet.locator('tbody tr')).toHaveCount(1);
  await expectAccessible(a.page);
  await a.shot('seal-wallet-settings');
  expect(foreign).toEqual([]);
});
