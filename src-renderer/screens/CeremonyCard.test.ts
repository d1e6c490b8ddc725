import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { CeremonyCard } from './CeremonyCard.tsx';

describe('CeremonyCard', () => {
  it('shows a damaged ceremony folder with its name, a "damaged" tag and what to do, without a link', () => {
    const html = renderToStaticMarkup(
      createElement(CeremonyCard, {
        c: {
          id: 'seal-3f2a',
          damaged: true,
          problem: 'The state file is damaged; put it back from a backup copy.',
          updatedAt: new Date(0).toISOString(),
        },
      }),
    );
    expect(html).toBe(
      '<li class="card"><span class="card__title">seal-3f2a</span><div class="card__meta"><span class="tag tag--failed">damaged</span></div><p class="card__headline">The state file is damaged; put it back from a backup copy.</p></li>',
    );
  });

  it('shows a readable ceremony as a link with its headline', () => {
    const html = renderToStaticMarkup(
      createElement(CeremonyCard, {
        c: {
          id: 'frost-1234',
          protocol: 'frost',
          title: 'Treasury',
          role: 'member',
          phase: 2,
          status: 'active',
          rehearsal: false,
          createdAt: new Date(0).toISOString(),
          updatedAt: new Date(0).toISOString(),
          headline: 'Waiting for Bob.',
        },
      }),
    );
    expect(html).toContain('<a class="card__link" href="#/ceremony/frost-1234"><span class="card__title">Treasury</span></a>');
    expect(html).toContain('Waiting for Bob.');
  });
});
