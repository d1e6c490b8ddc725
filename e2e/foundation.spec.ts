import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, expectAccessible, test, type Participant, setUpVault } from './fixtures.ts';
import { importFiles, saveFile as saveArtifact } from './files.ts';

test('the home screen renders, passes axe, and the vault is set up through the UI', async ({ launch }) => {
  const a = await launch({ name: 'alice' });
  await expect(a.page.getByRole('heading', { level: 1, name: 'Ceremonies' })).toBeVisible();
  await expect(a.page.getByRole('heading', { name: 'First, set up your vault' })).toBeVisible();
  await expectAccessible(a.page);
  await a.shot('foundation-home-first-run');

  await a.page.getByRole('button', { name: 'Set up the vault' }).click();
  await expect(a.page.getByRole('heading', { level: 1, name: 'Vault and settings' })).toBeVisible();
  await expectAccessible(a.page);
  await a.shot('foundation-vault-setup');
  await a.page.getByRole('button', { name: 'Create the vault' }).click();
  await expect(a.page.locator('.facts').getByText('Unlocked')).toBeVisible();
  // Settings name the build as `ceremony --version` does: version, commit, BLS12-381 backend.
  await expect(a.page.getByRole('region', { name: 'About' })).toContainText(
    /Ceremony \d+\.\d+\.\d+ \(build [0-9a-f]{12}, BLS12-381 by (blst|mcl|noble)\)/,
  );
  await expectAccessible(a.page);
  await a.shot('foundation-vault-ready');

  await a.page.getByRole('link', { name: 'Ceremonies' }).click();
  await expect(a.page.getByRole('heading', { name: 'Join a ceremony' })).toBeVisible();
  await expectAccessible(a.page);
  await a.shot('foundation-home');
});

test('three participants run the engine test ceremony by exchanging bundle files', async ({ launch }) => {
  const usb = mkdtempSync(join(tmpdir(), 'e2e-usb-'));
  const [alice, bob, carol] = [
    await launch({ name: 'alice', testProtocol: true }),
    await launch({ name: 'bob', testProtocol: true }),
    await launch({ name: 'carol', testProtocol: true }),
  ];
  for (const p of [alice, bob, carol]) await setUpVault(p.page);

  // Alice creates; Bob and Carol join from the invitation file after comparing its check code.
  await alice.page.getByRole('button', { name: 'New ceremony' }).click();
  await alice.page.getByRole('link', { name: 'Test ceremony' }).click();
  await alice.page.getByRole('button', { name: 'Create' }).click();
  await expect(alice.page.getByRole('heading', { level: 1, name: 'Test ceremony' })).toBeVisible();
  const invitation = await saveArtifact(alice, 'invitation.ceremony', usb);
  const aliceCode = await alice.page.locator('.file', { hasText: 'invitation.ceremony' }).locator('.checkcode [aria-hidden]').textContent();
  for (const [p, index] of [
    [bob, 1],
    [carol, 2],
  ] as const) {
    await p.page.getByTestId('join-file').setInputFiles(invitation);
    await expect(p.page.locator('.invitation .checkcode [aria-hidden]')).toHaveText(aliceCode!);
    await p.page.getByLabel(/Your position/).fill(String(index));
    await p.page.getByRole('button', { name: 'Join' }).click();
    await expect(p.page.getByRole('heading', { level: 1, name: 'Test ceremony' })).toBeVisible();
  }
  await expectAccessible(bob.page);
  await bob.shot('foundation-ceremony-joined');

  const all = [alice, bob, carol];
  const others = (p: Participant) => all.filter((x) => x !== p);
  for (const p of all) await p.page.getByRole('button', { name: 'Register' }).click();
  const regs = new Map<Participant, string>();
  for (const p of all) regs.set(p, await saveArtifact(p, 'register-', usb));
  for (const p of all)
    await importFiles(
      p,
      others(p).map((o) => regs.get(o)!),
    );
  await expect(alice.page.locator('.stepper__step[aria-current="step"]')).toContainText('Messages');
  await alice.shot('foundation-ceremony-phase2');

  // A tampered file is refused with its reason, and nothing is imported.
  await alice.page.getByTestId('import-files').setInputFiles({
    name: 'junk.ceremony',
    mimeType: 'application/json',
    buffer: Buffer.from('{"format":"ceremony-bundle","version":1,'),
  });
  await expect(alice.page.locator('.import-summary')).toContainText('cut short or damaged');

  for (const p of all) await p.page.getByRole('button', { name: 'Send proof' }).click();
  const proofs = new Map<Participant, string>();
  for (const p of all) proofs.set(p, await saveArtifact(p, 'contribution-', usb));
  for (const p of all)
    await importFiles(
      p,
      others(p).map((o) => proofs.get(o)!),
    );

  // Finalizing asks for confirmation first.
  const keys: string[] = [];
  for (const p of all) {
    await p.page.getByRole('button', { name: 'Finalize' }).click();
    const dialog = p.page.getByRole('dialog');
    await expect(dialog).toContainText('This ends the ceremony.');
    await dialog.getByRole('button', { name: 'Finalize' }).click();
    await expect(p.page.getByRole('heading', { name: 'Done' })).toBeVisible();
    keys.push((await p.page.locator('.facts dd .mono').first().textContent())!);
  }
  expect(new Set(keys).size).toBe(1);
  await expectAccessible(carol.page);
  await carol.shot('foundation-ceremony-done');
});
