/**
 * Issue 14, FROST's frost-client import on screen: a member brings a group made with frost-client
 * into the app from its credentials file (seed 004's Alice, written to a temporary folder). A
 * wrong path and a file of another kind are said in the form, which stays open; the file's group
 * is listed with its rules and one check code; "Import this group" lands on the group's screen.
 * Each screen is read member-first, checked with axe and photographed (`frost-import-<NN>-<step>`).
 */
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkCodeOfGroupKey } from '../src-main/core/ceremonies/frost/code-checks.ts';
import { seed004AliceToml, SEED004_GROUP } from '../src-main/core/testing/frost-client-seed.ts';
import { expect, setUpVault, test } from './fixtures.ts';
import { expectJournaled, step, task } from './frost-steps.ts';
import { openDetails } from './seal-steps.ts';

test('a group made with frost-client is brought in from its credentials file, through the UI', async ({ launch }) => {
  const dir = mkdtempSync(join(tmpdir(), 'e2e-frost-client-'));
  const credentials = join(dir, 'credentials.toml');
  writeFileSync(credentials, seed004AliceToml(), { mode: 0o600 });
  const notes = join(dir, 'notes.json');
  writeFileSync(notes, '{"group": "treasury"}\n');

  const alice = await launch({ name: 'alice' });
  const page = alice.page;
  await setUpVault(page);
  await page.getByRole('button', { name: 'New ceremony' }).click();
  await page.getByRole('link', { name: 'FROST threshold signing group' }).click();
  await page.getByRole('radio', { name: /Bring a group from frost-client/ }).check();
  const path = page.getByLabel('Path of the frost-client credentials file');
  const readFile = page.getByRole('button', { name: 'Read the file' });

  // ── A wrong path: said next to the path, the form stays open.
  await path.fill(join(dir, 'credentials-old.toml'));
  await readFile.click();
  const error = page.getByRole('alert');
  await expect(error).toContainText(`There is no file ${join(dir, 'credentials-old.toml')}`);
  await expect(path).toHaveAttribute('aria-invalid', 'true');
  await expect(path).toBeFocused();
  await step(alice, 'frost-import-01-wrong-path', 'import from frost-client, wrong path');

  // ── A file of another kind: said the same way.
  await path.fill(notes);
  await readFile.click();
  await expect(error).toContainText('is not a frost-client credentials file');
  await expect(page.getByRole('radio', { name: /DKG: Alice, Bob, Eve/ })).toHaveCount(0);

  // ── The credentials file: its group, with its rules and its one check code.
  await path.fill(credentials);
  await readFile.click();
  const group = page.getByRole('radio', { name: /DKG: Alice, Bob, Eve/ });
  await expect(group).toBeChecked(); // the file's only group
  await expect(page.locator('.choice', { has: group })).toContainText('Any 2 of 3 can sign · Ed25519 · with Bob and Eve');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.locator('.callout .checkcode [aria-hidden]')).toHaveText(checkCodeOfGroupKey(SEED004_GROUP));
  await page.getByLabel('Your name in this group').fill('Alice');
  await step(alice, 'frost-import-02-choose-group', 'import from frost-client, choose the group');

  // ── Imported: the group's usual screen, its rules and who you are.
  await page.getByRole('button', { name: 'Import this group' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'DKG: Alice, Bob, Eve' })).toBeVisible();
  await expect(task(alice).getByRole('heading', { name: 'Your group is ready' })).toBeVisible();
  await expect(task(alice)).toContainText('Any 2 of 3 members can sign together');
  await expect(page.getByText(/You are Alice, member \d of 3 of a group where any 2 of 3 can sign/)).toBeVisible();
  // Its steps say where it came from, both done (no key generation happened here).
  await expect(page.locator('.stepper__step--done')).toHaveText(['✓Made with frost-client (done)', '✓Brought into this app (done)']);
  await step(alice, 'frost-import-03-group-ready', 'imported group, ready');
  // The code the file's preview showed is the group's own, kept under Technical details.
  await openDetails(page);
  await expect(page.locator('.facts__row', { hasText: 'Group key check code' })).toContainText(checkCodeOfGroupKey(SEED004_GROUP));

  // ── And back out for frost-client (under More): main writes the file once the host's one-time code is typed.
  await task(alice).locator('summary', { hasText: 'More' }).click();
  await task(alice).getByRole('button', { name: 'Use this share with frost-client', exact: true }).click();
  await page.getByLabel('I understand the file holds my share in plain text.').check();
  await step(alice, 'frost-import-04-export-for-frost-client', 'export for frost-client');
  await page.getByRole('button', { name: 'Write the frost-client file' }).click();
  const { code, path: exported } = await alice.exportCode();
  await page.getByLabel('One-time code').fill(code);
  await page.getByRole('button', { name: 'Confirm and write the file' }).click();
  await expectJournaled(alice, `Wrote your frost-client config (key package and communication key in clear) to ${exported}`);
  expect(statSync(exported).mode & 0o777).toBe(0o600);
  expect(readFileSync(exported, 'utf8')).toContain(`[group.${SEED004_GROUP}]`);
});
