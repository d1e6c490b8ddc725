import { readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { expect, repoRoot, test } from './fixtures.ts';

/**
 * A light first screen: the JavaScript loaded before Home paints stays under 800 kB (uncompressed),
 * because each ceremony family's screens and the wallet (dapp-kit, the Sui SDK) load when first
 * needed (src-renderer/ceremonies/registry.ts, src-renderer/components/TransactionPanel.tsx).
 */
const LIMIT_BYTES = 800_000;
const renderer = join(repoRoot, 'out', 'renderer');

/** The built entry, its modulepreloads, and every chunk they import statically: what loads before any code runs. */
function entryClosure(): Map<string, number> {
  const html = readFileSync(join(renderer, 'index.html'), 'utf8');
  const start = [...html.matchAll(/<script[^>]+src="\.\/([^"]+\.js)"|<link[^>]+rel="modulepreload"[^>]+href="\.\/([^"]+\.js)"/g)].map(
    (m) => (m[1] ?? m[2])!,
  );
  const sizes = new Map<string, number>();
  const queue = [...start];
  while (queue.length) {
    const file = queue.shift()!;
    if (sizes.has(file)) continue;
    const code = readFileSync(join(renderer, file), 'utf8');
    sizes.set(file, statSync(join(renderer, file)).size);
    // Static imports only (`import … from"./x.js"`, `import"./x.js"`); `import("./x.js")` loads later.
    for (const m of code.matchAll(/(?:\bfrom|\bimport)\s*["']\.\/([^"']+\.js)["']/g)) queue.push(join(file, '..', m[1]!));
  }
  return sizes;
}

const total = (sizes: Iterable<number>) => [...sizes].reduce((a, b) => a + b, 0);

test('Home paints with under 800 kB of JavaScript; the families and the wallet load later', async ({ launch }) => {
  const built = entryClosure();
  const builtBytes = total(built.values());
  expect(builtBytes, [...built].map(([f, n]) => `${f} ${n}`).join('\n')).toBeLessThan(LIMIT_BYTES);
  // The Sui SDK (in the wallet's chunk) and the family chunks are not among them.
  expect([...built.keys()].filter((f) => /\/(ui|vault-wallet|WalletProviders|SigningPanel)-/.test(f))).toEqual([]);

  // What the window actually fetched by the time Home shows: the same files, nothing more.
  const a = await launch({ name: 'alice' });
  await expect(a.page.getByRole('heading', { level: 1, name: 'Ceremonies' })).toBeVisible();
  const fetched = await a.page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((e) => e.name)
      .filter((n) => new URL(n).pathname.endsWith('.js')),
  );
  const files = fetched.map((u) => join('assets', basename(new URL(u).pathname)));
  expect(files.length).toBeGreaterThan(0);
  expect(files.filter((f) => !built.has(f))).toEqual([]);
  expect(total(files.map((f) => statSync(join(renderer, f)).size))).toBeLessThan(LIMIT_BYTES);
});
