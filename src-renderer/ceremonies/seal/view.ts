import type { CeremonyView } from '../../../src-shared/api/ceremonies.ts';
import type { SealView } from '../../../src-shared/ceremonies/seal.ts';

/**
 * The Seal ceremony's typed view (SealView): data, never sentences. The screens read everything
 * they decide on from it; facts are shown verbatim only, under Technical details.
 */
export function sealView(view: CeremonyView): SealView {
  if (view.view.protocol !== 'seal') throw new Error(`Ceremony ${view.id} is a ${view.view.protocol} ceremony, not Seal.`);
  return view.view;
}
