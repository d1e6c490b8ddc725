import type { GroupView } from '../../../src-shared/ceremonies/group.ts';
import { CarryTray, type CarryItem } from '../../components/CarryTray.tsx';
import { listNames } from '../../components/names.ts';
import { TaskCard } from '../../components/TaskCard.tsx';
import type { TaskProps } from '../types.ts';
import { genesisCard } from './genesis-cards.tsx';
import { approverCard, memberCard, newcomerCard } from './join-cards.tsx';
import type { GroupCard } from './cards.tsx';
import { groupView, stillDue } from './view-data.ts';

/** The files due now, as the Carry tray shows them. */
function carryItems(props: TaskProps, gv: GroupView): CarryItem[] {
  return gv.carry.flatMap((c) => {
    const artifact = props.view.artifacts.find((a) => a.id === c.artifactId);
    return artifact ? [{ artifact, to: listNames(c.to) }] : [];
  });
}

function stopped(gv: GroupView): GroupCard {
  return {
    card: (
      <TaskCard title="Stopped: do not use this group" tone="stop">
        <p>{gv.problem?.message ?? 'This ceremony was stopped.'}</p>
        <p>Talk to the other operators on a channel you trust (a call, in person) before anyone starts again.</p>
      </TaskCard>
    ),
    own: false,
  };
}

/** The group ceremony's task card: one task, at most one code, one primary button, by role and step. */
export function GroupTask(props: TaskProps) {
  const gv = groupView(props.view);
  const { card, own } =
    gv.step === 'stopped'
      ? stopped(gv)
      : gv.role === 'coordinator' || gv.role === 'operator'
        ? genesisCard(props, gv)
        : gv.role === 'newcomer'
          ? newcomerCard(props, gv)
          : gv.role === 'approver'
            ? approverCard(props, gv)
            : memberCard(props, gv);
  return (
    <>
      {card}
      {/* Saving is the task only while a file is still due (a saved confirmation is offered again, not asked). */}
      <CarryTray ceremonyId={props.view.id} items={carryItems(props, gv)} primary={!own && stillDue(props.view, gv).length > 0} />
    </>
  );
}
