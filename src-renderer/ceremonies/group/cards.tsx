import type { ReactNode } from 'react';
import type { GroupView } from '../../../src-shared/ceremonies/group.ts';
import { TaskCard } from '../../components/TaskCard.tsx';
import { WaitingFor } from '../../components/WaitingFor.tsx';
import type { TaskProps } from '../types.ts';
import { nextAction } from '../next-action.ts';
import { PickUp } from './PickUp.tsx';

/** A task card and whether it has its own primary button (then the files to carry are saved with plain buttons). */
export interface GroupCard {
  card: ReactNode;
  own: boolean;
}

/** A step that runs the protocol's next action (its label on the button; its confirmation, if any, first). */
export function runCard(props: TaskProps, action: string, title: string, body: ReactNode): GroupCard | null {
  const a = nextAction(props, action);
  if (!a) return null;
  return {
    card: (
      <TaskCard title={title} primary={{ label: a.label, onClick: () => props.start(a), disabled: props.busy }}>
        {body}
      </TaskCard>
    ),
    own: true,
  };
}

/**
 * Waiting on others: whom, for what, and how files move (carry them, or pick up the shared
 * folder, which is then this moment's one button).
 */
export function waitCard(props: TaskProps, gv: GroupView, title: string, what: string, body?: ReactNode): GroupCard {
  const online = gv.exchangeFolder !== null;
  return {
    card: (
      <TaskCard title={title} tone={gv.carry.length ? 'task' : 'wait'}>
        {body}
        <WaitingFor names={gv.waitingFor} what={what} />
        {online && <PickUp ceremonyId={props.view.id} folder={gv.exchangeFolder!} primary />}
      </TaskCard>
    ),
    own: online,
  };
}
