import type { NextAction } from '../../../src-shared/api/ceremonies.ts';
import type { SealView } from '../../../src-shared/ceremonies/seal.ts';
import { saveArtifact } from '../../app/save-artifact.ts';
import { FileActions } from '../../components/FileActions.tsx';
import { TaskCard } from '../../components/TaskCard.tsx';
import { TechnicalDetails } from '../../components/TechnicalDetails.tsx';
import type { TaskProps } from '../types.ts';

/** What the failed check means, for the member whose share it is. */
const WHAT_FAILED: Record<string, string> = {
  feldman: 'the share they dealt you does not match what they published',
  decryption: 'the share they dealt you cannot be read',
  'proof-of-knowledge': 'their proof of the secret they deal does not verify',
  sanity: 'the message is not well formed',
};

/** The same for the coordinator, who holds no share: only the checks it runs on import. */
const WHAT_FAILED_AT_IMPORT: Record<string, string> = {
  'proof-of-knowledge': 'their proof of the secret they deal does not verify',
  sanity: 'the message is not well formed',
};

/** How anyone checks the evidence, for whoever wants it (a command, so under Technical details). */
function VerifyCommand({ fileName }: { fileName: string }) {
  return (
    <TechnicalDetails>
      <p className="small">
        Anyone can check the evidence without a vault: <code>ceremony evidence verify {fileName}</code>
      </p>
    </TechnicalDetails>
  );
}

/**
 * A dealer signed a bad message and this member's processing stopped: the one task now is to send
 * the saved evidence to the coordinator; checking again comes once a corrected set is imported.
 */
export function EvidenceCard({
  props,
  evidence,
  again,
}: {
  props: TaskProps;
  evidence: NonNullable<SealView['evidence']>;
  again: NextAction;
}) {
  const file = props.view.artifacts.find((a) => a.id === evidence.artifactId);
  const save = file
    ? { label: 'Save the evidence file…', onClick: () => void saveArtifact(props.view.id, file), disabled: props.busy }
    : null;
  const check = { label: 'Check the messages again', onClick: () => props.start(again), disabled: props.busy };
  // Saving the evidence is the task until it is done; then checking a corrected set is.
  const [primary, secondary] = save && !file?.saved ? [save, check] : [check, save];
  return (
    <TaskCard
      title={`Stop: ${evidence.accused} dealt a bad message`}
      tone="stop"
      primary={primary}
      secondary={secondary ? [secondary] : []}
    >
      <p>
        {evidence.accused} signed a message in which {WHAT_FAILED[evidence.check] ?? `the ${evidence.check} check fails`}. Nothing was
        proposed.
      </p>
      <p>
        Evidence against {evidence.accused} is saved as <strong>{evidence.fileName}</strong>: send it to the coordinator. It holds no secret
        of yours.
      </p>
      <p className="small">
        {file?.saved ? 'Saved. ' : ''}When the coordinator sends a corrected message set, import it and check the messages again.
      </p>
      <VerifyCommand fileName={evidence.fileName} />
    </TaskCard>
  );
}

/**
 * Coordinator: a member's validly signed message was refused at import and evidence against them
 * saved. The coordinator's task is unchanged (collect messages); this says whom to ask for a new
 * message and offers the file, without a second primary button.
 */
export function CoordinatorEvidenceNote({ props, evidence }: { props: TaskProps; evidence: NonNullable<SealView['evidence']> }) {
  const file = props.view.artifacts.find((a) => a.id === evidence.artifactId);
  return (
    <TaskCard title={`The message from ${evidence.accused} was refused`} tone="stop">
      <p>
        {evidence.accused} signed a message in which {WHAT_FAILED_AT_IMPORT[evidence.check] ?? `the ${evidence.check} check fails`}. Ask{' '}
        {evidence.accused} for a new message. Evidence is saved as <strong>{evidence.fileName}</strong>.
      </p>
      {file && <FileActions ceremonyId={props.view.id} artifact={file} />}
      <VerifyCommand fileName={evidence.fileName} />
    </TaskCard>
  );
}
