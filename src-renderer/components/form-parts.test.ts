import { createElement, type FormEvent } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { FormButtons } from './FormButtons.tsx';
import { FormProblems, useFormProblems } from './FormProblems.tsx';

// The e2e specs find these by role and name, so their markup is pinned here.
const noop = () => undefined;

describe('FormButtons', () => {
  it('renders the submit button with its label and a Cancel button', () => {
    const html = renderToStaticMarkup(createElement(FormButtons, { label: 'Start the refresh', busy: false, cancel: noop }));
    expect(html).toBe(
      '<div class="row"><button class="btn btn--primary" type="submit">Start the refresh</button><button class="btn" type="button">Cancel</button></div>',
    );
  });

  it('turns the submit button off while busy or while the input is not ready', () => {
    for (const [busy, disabled, off] of [
      [true, undefined, true],
      [false, true, true],
      [true, false, true],
      [false, false, false],
    ] as const) {
      const html = renderToStaticMarkup(createElement(FormButtons, { label: 'Go', busy, disabled, cancel: noop }));
      expect(html.includes('type="submit" disabled=""'), `busy=${busy} disabled=${disabled}`).toBe(off);
    }
  });

  it('takes another label for the cancel button', () => {
    const html = renderToStaticMarkup(createElement(FormButtons, { label: 'Approve', busy: false, cancel: noop, cancelLabel: 'Not now' }));
    expect(html).toContain('<button class="btn" type="button">Not now</button>');
    expect(html).not.toContain('Cancel');
  });
});

describe('FormProblems', () => {
  it('renders nothing when there is no problem', () => {
    expect(renderToStaticMarkup(createElement(FormProblems, { problems: [] }))).toBe('');
  });

  it('lists the problems as an alert, with the id when given', () => {
    const html = renderToStaticMarkup(
      createElement(FormProblems, { problems: ['Enter the relay address.', 'Choose the file to sign.'], id: 'f-problems' }),
    );
    expect(html).toBe(
      '<ul id="f-problems" class="field-error" role="alert"><li>Enter the relay address.</li><li>Choose the file to sign.</li></ul>',
    );
  });

  it('hides the problems until the form has been tried', () => {
    function Probe() {
      const checked = useFormProblems(['Enter the relay address.']);
      return createElement(FormProblems, { problems: checked.shown });
    }
    expect(renderToStaticMarkup(createElement(Probe))).toBe('');
  });

  it('sends only when there is no problem, and never lets the browser submit', () => {
    for (const problems of [['Choose the message file.'], []]) {
      let onSubmit: ReturnType<typeof useFormProblems>['onSubmit'] | undefined;
      function Probe() {
        onSubmit = useFormProblems(problems).onSubmit;
        return null;
      }
      renderToStaticMarkup(createElement(Probe));
      const send = vi.fn();
      const preventDefault = vi.fn();
      // On the server renderer the state update after render is a no-op; only the handler's own logic runs.
      onSubmit!(send)({ preventDefault } as unknown as FormEvent);
      expect(preventDefault).toHaveBeenCalledOnce();
      expect(send).toHaveBeenCalledTimes(problems.length === 0 ? 1 : 0);
    }
  });
});
