import type { CeremonyView } from '../../../src-shared/api/ceremonies.ts';
import { GenesisExplained, JoinExplained } from './Explain.tsx';
import { groupView } from './view-data.ts';

/**
 * What the group screens keep under Technical details, above the facts, files and activity:
 * how the step works, for whoever wants to know (the task card says what to do).
 */
export function GroupDetails({ view }: { view: CeremonyView }) {
  const gv = groupView(view);
  return gv.role === 'coordinator' || gv.role === 'operator' ? (
    <GenesisExplained />
  ) : (
    <JoinExplained threshold={gv.threshold} open={false} />
  );
}
