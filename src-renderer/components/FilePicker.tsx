import { useId, useState } from 'react';
import { readFiles } from '../app/files.ts';

export interface PickedFile {
  name: string;
  base64: string;
  bytes: number;
}

/**
 * "Choose <what>…": one file read in the window (public files only: a dkg.yaml, a bytecode
 * dump, a signature). Shows the chosen file's name so the person sees what they picked.
 */
export function FilePicker(props: {
  label: string;
  accept?: string;
  testId?: string;
  describedBy?: string;
  clearable?: boolean;
  onPick(file: PickedFile | null): void;
}) {
  const [picked, setPicked] = useState<PickedFile | null>(null);
  const statusId = useId();
  return (
    <div className="file-picker">
      <label className="btn file-btn">
        {props.label}
        <input
          type="file"
          className="visually-hidden"
          accept={props.accept}
          data-testid={props.testId}
          aria-describedby={[statusId, props.describedBy].filter(Boolean).join(' ')}
          onChange={async (e) => {
            const list = e.target.files;
            const f = list?.length ? (await readFiles(list))[0]! : null;
            const p = f ? { ...f, bytes: list![0]!.size } : null;
            e.target.value = '';
            setPicked(p);
            props.onPick(p);
          }}
        />
      </label>
      <span id={statusId} className="small muted">
        {picked ? (
          <>
            Chosen: <span className="mono">{picked.name}</span> ({picked.bytes} bytes)
          </>
        ) : (
          'No file chosen.'
        )}
      </span>
      {props.clearable && picked && (
        <button
          type="button"
          className="btn btn--small"
          onClick={() => {
            setPicked(null);
            props.onPick(null);
          }}
        >
          Remove {picked.name}
        </button>
      )}
    </div>
  );
}

/** Text of a picked file (UTF-8). */
export function pickedText(f: PickedFile): string {
  const bin = atob(f.base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new TextDecoder().decode(bytes);
}
