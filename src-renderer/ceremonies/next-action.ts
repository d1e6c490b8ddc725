import type { NextAction } from '../../src-shared/api/ceremonies.ts';
import type { TaskProps } from './types.ts';

/** The next action named `action`, when the protocol offers it now. */
export function nextAction(props: TaskProps, action: string): NextAction | undefined {
  return props.view.next.find((a) => a.action === action);
}
