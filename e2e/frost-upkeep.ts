/**
 * Issue 14 on a group's upkeep, through the member-first screens (e2e/frost.spec.ts runs them on
 * its group): renewing the shares (a refresh asked by one member, agreed to by the others,
 * commitments and new shares carried on a stick) and rebuilding a lost share (a repair: the
 * member who lost it joins from the request on a fresh install, each helper compares its hello
 * code in person, "Codes match" journaled, and carries its part until the newcomer says the
 * share is back). Every step is read member-first, checked with axe and saved as a screenshot.
 */
import { expect, type Participant, setUpVault } from './fixtures.ts';
import { importFiles } from './files.ts';
import { carry, codeInTask, confirmAction, expectJournaled, factValue, step, task } from './frost-steps.ts';

const current = (p: Participant) => p.page.locator('.stepper__step[aria-current="step"]');
const heading = (p: Participant, name: string) => task(p).getByRole('heading', { name, exact: true });

/** Alice, Bob and Carol of a 2-of-3 group renew their shares; Carol asks (the refresh form is open on her screen). */
export async function renewShares(all: [Participant, Participant, Participant], groupKey: string, usb: string): Promise<void> {
  const [alice, bob, carol] = all;
  const names = ['Alice', 'Bob', 'Carol'];
  await carol.page.getByRole('button', { name: 'Start the refresh' }).click();
  await expect(current(carol)).toContainText('Exchange commitments');
  await expect(heading(carol, 'Renewing the shares: exchange commitments')).toBeVisible();
  await expect(task(carol)).toContainText(
    'Waiting for: Alice (has not sent their commitment yet), Bob (has not sent their commitment yet)',
  );
  await step(carol, 'frost-refresh-01-started', 'refresh starter, commitments');
  const request = await carry(carol, 'refresh-p3-1-request.ceremony', usb);

  // Alice and Bob read what changes, and agree.
  for (const p of [alice, bob]) {
    await importFiles(p, [request]);
    await expect(current(p)).toContainText('Agree to renew');
    await expect(heading(p, "Renew the group's shares?")).toBeVisible();
    await expect(task(p)).toContainText('Carol asks to renew everyone');
    await expect(task(p)).toContainText('Taking part: Alice, Bob and Carol');
    if (p === alice) await step(alice, 'frost-refresh-02-agree', 'member, agree to renew');
    await confirmAction(p, 'Join the refresh', 'same group key');
  }
  const r1 = await Promise.all(all.map((p, i) => carry(p, `refresh-p3-1-round1-${names[i]}.ceremony`, usb)));
  for (const [i, p] of all.entries())
    await importFiles(
      p,
      r1.filter((_, j) => j !== i),
    );
  for (const p of all) {
    await expect(current(p)).toContainText('Exchange shares');
    await expect(heading(p, 'Make your new shares')).toBeVisible();
  }
  await step(bob, 'frost-refresh-03-make-new-shares', 'member, make new shares');
  for (const p of all) await task(p).getByRole('button', { name: 'Make my new shares', exact: true }).click();
  const r2 = await Promise.all(all.map((p, i) => carry(p, `refresh-p3-1-round2-${names[i]}.ceremony`, usb)));
  await expect(task(alice)).toContainText('Waiting for: Bob (has not sent their shares yet), Carol (has not sent their shares yet)');
  await step(alice, 'frost-refresh-04-exchange-shares', 'member, waiting for new shares');
  for (const [i, p] of all.entries())
    await importFiles(
      p,
      r2.filter((_, j) => j !== i),
    );
  await expect(heading(carol, 'Finish renewing the shares')).toBeVisible();
  await step(carol, 'frost-refresh-05-finish', 'member, finish');
  for (const p of all) await task(p).getByRole('button', { name: 'Finish the refresh', exact: true }).click();
  for (const p of all) {
    await expect(heading(p, 'Your group is ready')).toBeVisible();
    expect(await factValue(p, 'Share version')).toContain('2 (refreshed or repaired 1 time)');
    expect(await factValue(p, 'Group public key')).toBe(groupKey);
  }
  await step(carol, 'frost-refresh-06-renewed', 'member, shares renewed');
}

/** Bob lost his computer: Alice and Carol rebuild his share on a fresh install (`bobNew`); the repair form, for Bob, is open on Alice's screen. */
export async function rebuildShare(
  [alice, carol]: [Participant, Participant],
  bobNew: Participant,
  groupKey: string,
  usb: string,
): Promise<void> {
  // ── Bob loses his computer. Alice starts rebuilding his share with Carol.
  await alice.page.getByRole('button', { name: 'Start the repair' }).click();
  await expect(heading(alice, 'Give Bob the repair file')).toBeVisible();
  await expect(current(alice)).toContainText('Hello from the member');
  await expect(task(alice)).toContainText('Waiting for: Bob (has not sent their hello file yet)');
  await step(alice, 'frost-repair-01-started', 'repair starter, hand out the request');
  const repairRequest = await carry(alice, /repair-p1-\d+-for-Bob\.ceremony/, usb);

  // Bob, on a fresh install, joins from the request: his hello file and its code.
  const bob2 = bobNew;
  await setUpVault(bob2.page);
  await bob2.page.getByTestId('join-file').setInputFiles(repairRequest);
  await bob2.page.getByRole('button', { name: 'Join' }).click();
  await expect(heading(bob2, 'Show your code to the helpers')).toBeVisible();
  await expect(current(bob2)).toContainText('Show your code');
  await expect(task(bob2)).toContainText('Waiting for: Alice (has not sent their part yet), Carol (has not sent their part yet)');
  const helloCode = await codeInTask(bob2);
  await step(bob2, 'frost-repair-02-newcomer-code', 'newcomer, show your code');
  const hello = await carry(bob2, /repair-p1-\d+-hello-Bob\.ceremony/, usb);

  await importFiles(carol, [repairRequest]);
  await expect(heading(carol, "Waiting for Bob's hello file")).toBeVisible();
  await step(carol, 'frost-repair-03-helper-waits-for-hello', 'helper, waiting for the hello');

  // Each helper compares Bob's code with him in person; only then is its part made.
  for (const p of [alice, carol]) {
    await importFiles(p, [hello]);
    await expect(heading(p, "Compare Bob's code")).toBeVisible();
    await expect(current(p)).toContainText('Compare the code');
    expect(await codeInTask(p)).toBe(helloCode);
    if (p === carol) await step(carol, 'frost-repair-04-compare-code', 'helper, compare the code');
    await task(p).getByRole('button', { name: 'Codes match' }).click();
    await expectJournaled(p, `Codes match: Bob's hello check code ${helloCode}, compared with Bob`);
  }
  await expect(heading(alice, 'Give your part to the others')).toBeVisible();
  const deltas = new Map<Participant, string>();
  for (const [p, n] of [
    [alice, 'Alice'],
    [carol, 'Carol'],
  ] as const)
    deltas.set(p, await carry(p, new RegExp(`repair-p1-\\d+-deltas-${n}\\.ceremony`), usb));
  await importFiles(alice, [deltas.get(carol)!]);
  await importFiles(carol, [deltas.get(alice)!]);
  // Their last file goes to Bob: not done until Bob's install says his share is back.
  for (const p of [alice, carol]) {
    await expect(heading(p, 'Take your part to Bob')).toBeVisible();
    await expect(p.page.getByRole('heading', { name: 'Last step: carry the file', exact: true })).toBeVisible();
    await expect(task(p)).toContainText('Waiting for: Bob (has not said their share is rebuilt yet)');
  }
  await step(alice, 'frost-repair-05-helper-last-step', 'helper, carry the part to the newcomer');
  const parts = [deltas.get(alice)!, deltas.get(carol)!];
  for (const n of ['Alice', 'Carol'])
    parts.push(await carry(n === 'Alice' ? alice : carol, new RegExp(`repair-p1-\\d+-sigma-${n}\\.ceremony`), usb));
  await importFiles(bob2, parts);
  await expect(heading(bob2, 'Your group is ready')).toBeVisible();
  expect(await factValue(bob2, 'Group public key')).toBe(groupKey);
  await step(bob2, 'frost-repair-06-newcomer-rebuilt', 'newcomer, share rebuilt');
  const restored = await carry(bob2, /repair-p1-\d+-restored-Bob\.ceremony/, usb);
  for (const p of [alice, carol]) {
    await importFiles(p, [restored]);
    await expect(heading(p, 'Your group is ready')).toBeVisible();
    // The shares file of the refresh was saved out when it was carried: no longer offered.
    await expect(task(p).locator('.carry')).toHaveCount(0);
  }
  // The newcomer's notice too, once saved out.
  await expect(task(bob2).locator('.carry')).toHaveCount(0);
  await step(carol, 'frost-repair-07-helper-done', 'helper, share rebuilt');
}
