/**
 * Moving a ceremony's files the way a person does: "Save…" on a file of the "Files to send"
 * list (the browser's download, kept under the test's folder), and "Import files…".
 */
import { join } from 'node:path';
import { expect, type Participant } from './fixtures.ts';

/** Clicks "Save…" on the file whose row mentions `name`; returns where the browser saved it (`<participant>-<file name>`). */
export async function saveFile(p: Participant, name: string, dir: string): Promise<string> {
  const row = p.page.locator('.file', { hasText: name });
  const [download] = await Promise.all([p.page.waitForEvent('download'), row.getByRole('button', { name: 'Save…' }).click()]);
  const path = join(dir, `${p.name}-${download.suggestedFilename()}`);
  await download.saveAs(path);
  return path;
}

/**
 * Imports files through "Import files…" and waits for the app to announce them all as imported.
 * The announcement, not the import panel's summary: an import that completes the ceremony (a
 * finalized snapshot) closes the panel, summary and all, as the screen moves on.
 */
export async function importFiles(p: Participant, files: string[]): Promise<void> {
  await p.page.getByTestId('import-files').setInputFiles(files);
  await expect(p.page.getByTestId('announcement')).toContainText(`${files.length} imported, 0 refused`);
}
