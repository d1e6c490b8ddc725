import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The renderer's lint rule against reading protocol data out of display text: a screen that
 * reads a fact's label or value fails `npm run lint`. The fixtures are linted as if they were
 * renderer files, so the normal lint run never sees them.
 */
const eslint = new ESLint({ cwd: process.cwd() });

async function lint(code: string, filePath: string) {
  const [r] = await eslint.lintText(code, { filePath });
  return r!.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message);
}

const READS_FACT = `import type { CeremonyView } from '../../../src-shared/api/ceremonies.ts';
export function threshold(view: CeremonyView): number {
  const m = /any (\\d+) of/.exec(view.facts.find((f) => f.label === 'Threshold')?.value ?? '');
  return m ? Number(m[1]) : 2;
}
`;

const READS_VIEW = `import type { CeremonyView } from '../../../src-shared/api/ceremonies.ts';
export function threshold(view: CeremonyView): number | null {
  return view.view.protocol === 'frost' ? view.view.threshold : null;
}
`;

describe('renderer lint: no protocol data from facts', () => {
  it('fails a renderer module that reads a fact by its label', async () => {
    expect(await lint(READS_FACT, 'src-renderer/ceremonies/frost/fixture-threshold.ts')).toEqual([
      'Read protocol data from the typed view (view.view); facts are shown verbatim only (components/Facts.tsx).',
    ]);
  });
  it('fails a renderer module that imports fact labels', async () => {
    const code = `import { FROST_FACT } from '../../../src-shared/ceremonies/frost.ts';\nexport const label = FROST_FACT.threshold;\n`;
    expect(await lint(code, 'src-renderer/ceremonies/frost/fixture-label.ts')).toHaveLength(1);
  });
  it('passes the same reading done through the typed view', async () => {
    expect(await lint(READS_VIEW, 'src-renderer/ceremonies/frost/fixture-threshold.ts')).toEqual([]);
  });
});
