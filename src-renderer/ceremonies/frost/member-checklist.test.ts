import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { MemberChecklist } from './MemberChecklist.tsx';

const member = (id: string, label: string) => ({ id, label });

describe('MemberChecklist', () => {
  it('ticks the chosen members and locks your own box', () => {
    const html = renderToStaticMarkup(
      createElement(MemberChecklist, {
        legend: 'Helpers (at least 2, including you)',
        members: [member('p1', 'Alice'), member('p2', 'Bob'), member('p3', 'Carol')],
        chosen: ['p1', 'p3'],
        me: 'p1',
        onChange: () => undefined,
      }),
    );
    expect(html.startsWith('<fieldset><legend>Helpers (at least 2, including you)</legend>')).toBe(true);
    const boxes = [...html.matchAll(/<input type="checkbox"([^>]*)\/><span>(.*?)<\/span>/g)].map((m) => ({
      attrs: m[1]!,
      text: m[2]!.replaceAll('<!-- -->', ''),
    }));
    expect(boxes.map((b) => b.text)).toEqual(['Alice (you)', 'Bob', 'Carol']);
    expect(boxes.map((b) => b.attrs.includes('checked=""'))).toEqual([true, false, true]);
    expect(boxes.map((b) => b.attrs.includes('disabled=""'))).toEqual([true, false, false]);
  });
});
