import { defineCalls } from './define.ts';
import { FrostClientFileInput, FrostClientFilePreview } from '../ceremonies/frost.ts';

/** FROST reads that are not steps of a ceremony (nothing is written). */
export const frostCalls = defineCalls({
  'frost.previewClientFile': {
    summary: 'The groups of a frost-client credentials file (read by main from its path), public data only, to choose one to import',
    input: FrostClientFileInput,
    output: FrostClientFilePreview,
  },
});
