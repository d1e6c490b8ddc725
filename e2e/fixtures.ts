import { test as base, chromium, _electron, type Browser, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import axe from 'axe-core';
import { expect } from '@playwright/test';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const screenshotDir = join(repoRoot, 'e2e', 'screenshots');
/** `CEREMONY_E2E_SCREENSHOTS=1 npm run test:e2e` saves a full-page picture of each screen the specs visit into e2e/screenshots/. */
const TAKE_SCREENSHOTS = process.env.CEREMONY_E2E_SCREENSHOTS === '1';
/** `tools/docs-screenshots.sh` sets it: the README's pictures of the member's journey, one window (1200x820) each, into docs/. */
const TAKE_DOC_SCREENSHOTS = process.env.CEREMONY_DOCS_SCREENSHOTS === '1';
export const docsDir = join(repoRoot, 'docs');

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// The flags Debian's Chromium needs here: headless, as root in a container, no network chatter.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface Participant {
  name: string;
  page: Page;
  dataDir: string;
  /** Saves a screenshot under e2e/screenshots/<name>.png and returns the path. */
  shot(file: string): Promise<string>;
  /** For the README: saves what the window shows (Technical details closed) as docs/<name>.png, when asked to. */
  docShot(file: string): Promise<void>;
  /**
   * Loopback host: the next one-time code the host printed for a secret export (the person reads
   * it off the terminal and types it), with the file it will write in ceremony-exports/.
   */
  exportCode(): Promise<{ code: string; path: string }>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  name: string;
  /** Enables the engine's test protocol (test hosts only). */
  testProtocol?: boolean;
  dataDir?: string;
  /** Extra environment for this participant's app process (on top of the test's own). */
  env?: Record<string, string>;
}

type Shell = 'loopback' | 'electron';

type ExportCode = { code: string; path: string };

async function startHost(
  dataDir: string,
  opts: LaunchOptions,
): Promise<{ proc: ChildProcess; openUrl: string; exportCode(): Promise<ExportCode> }> {
  // The built host (npm test builds before the end-to-end tests), as `npm start` runs it.
  const args = [join(repoRoot, 'out/main/loopback.js'), '--data-dir', dataDir, '--json'];
  if (opts.testProtocol) args.push('--with-test-protocol');
  if (process.env.CEREMONY_E2E_MEMORY_KEYCHAIN === '1') args.push('--memory-keychain');
  const proc = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...opts.env } });
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const rl = createInterface({ input: proc.stdout! });
  const line = await new Promise<string>((resolve, reject) => {
    rl.once('line', resolve);
    proc.once('exit', (code) => reject(new Error(`loopback host exited (${code}): ${stderr}`)));
  });
  const { openUrl } = JSON.parse(line) as { openUrl: string };
  // Later lines: the one-time codes the host prints for secret exports.
  const codes: ExportCode[] = [];
  const waiting: ((c: ExportCode) => void)[] = [];
  rl.on('line', (l) => {
    const e = JSON.parse(l) as { event?: string; code: string; path: string };
    if (e.event !== 'export-code') return;
    const w = waiting.shift();
    if (w) w({ code: e.code, path: e.path });
    else codes.push({ code: e.code, path: e.path });
  });
  const exportCode = () => {
    const c = codes.shift();
    return c ? Promise.resolve(c) : new Promise<ExportCode>((resolve) => waiting.push(resolve));
  };
  return { proc, openUrl, exportCode };
}

export const test = base.extend<{ shell: Shell; launch: (opts: LaunchOptions) => Promise<Participant> }, { browser: Browser }>({
  shell: ['loopback', { option: true }],
  browser: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
      await use(browser);
      await browser.close();
    },
    { scope: 'worker' },
  ],
  launch: async ({ shell, browser }, use) => {
    const started: Participant[] = [];
    await use(async (opts) => {
      // A folder of its own around the data folder: the loopback host writes secret exports beside it (ceremony-exports/).
      const dataDir = opts.dataDir ?? join(mkdtempSync(join(tmpdir(), `e2e-${opts.name}-`)), 'data');
      mkdirSync(dataDir, { recursive: true });
      mkdirSync(screenshotDir, { recursive: true });
      let page: Page;
      let close: () => Promise<void>;
      let exportCode: () => Promise<ExportCode> = () => Promise.reject(new Error('only the loopback host prints export codes'));
      if (shell === 'electron') {
        const app = await _electron.launch({
          args: [repoRoot],
          env: {
            ...process.env,
            CEREMONY_DATA_DIR: dataDir,
            ...(opts.testProtocol ? { CEREMONY_ENABLE_TEST_PROTOCOL: '1' } : {}),
            ...opts.env,
          } as Record<string, string>,
        });
        page = await app.firstWindow();
        close = () => app.close();
      } else {
        const host = await startHost(dataDir, opts);
        const { proc, openUrl } = host;
        exportCode = host.exportCode;
        const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1200, height: 820 } });
        page = await context.newPage();
        await page.goto(openUrl);
        close = async () => {
          await context.close();
          proc.kill('SIGTERM');
        };
      }
      const p: Participant = {
        name: opts.name,
        page,
        dataDir,
        shot: async (file) => {
          const path = join(screenshotDir, `${file}.png`);
          // Pictures are for people reviewing the screens, not assertions: taken on request only
          // (about half a second each on a long page, a minute over the suite).
          if (!TAKE_SCREENSHOTS) return path;
          await page.screenshot({ path, fullPage: true });
          // After a full-page capture headless Chromium reports one scroll position and uses
          // another, so the next click's mouseup can land on a different element. Nudging the
          // viewport makes it lay the page out again.
          const size = page.viewportSize();
          if (size) {
            await page.setViewportSize({ width: size.width, height: size.height + 1 });
            await page.setViewportSize(size);
          }
          return path;
        },
        docShot: async (file) => {
          if (!TAKE_DOC_SCREENSHOTS) return;
          mkdirSync(docsDir, { recursive: true });
          await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
          await page.screenshot({ path: join(docsDir, `${file}.png`) });
        },
        close,
        exportCode: () => exportCode(),
      };
      started.push(p);
      return p;
    });
    // All at once: each context and host takes about a second to close.
    await Promise.all(started.map((p) => p.close().catch(() => undefined)));
  },
});

/** Creates a keychain vault through the settings screen, then returns to the ceremony list. */
export async function setUpVault(page: Page): Promise<void> {
  await page.getByRole('link', { name: /Vault and settings/ }).click();
  await page.getByRole('button', { name: 'Create the vault' }).click();
  await expect(page.locator('.facts').getByText('Unlocked')).toBeVisible();
  await page.getByRole('link', { name: 'Ceremonies' }).click();
}

/**
 * Fails on any serious or critical accessibility violation on the current page. axe-core is put
 * into the page once (the app is one page that stays loaded) and asked for violations only:
 * @axe-core/playwright parsed its 1.5 MB twice per check and sent back every passing node, about
 * 0.6 s a check against 0.06 s this way, over 130 checks in the suite.
 */
export async function expectAccessible(page: Page): Promise<void> {
  const loaded = await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe === 'object');
  if (!loaded) await page.evaluate(axe.source);
  const bad = await page.evaluate(async () => {
    const { axe: inPage, document } = globalThis as unknown as { axe: typeof axe; document: axe.ElementContext };
    const { violations } = await inPage.run(document, { resultTypes: ['violations'] });
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  });
  expect(bad).toEqual([]);
}

export { expect };
