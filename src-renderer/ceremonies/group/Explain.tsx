/** Plain-words explanations shown next to the group forms. */

export function GenesisExplained() {
  return (
    <details className="callout">
      <summary>How the group key is made</summary>
      <ol>
        <li>
          You list the operators you agreed on (their monikers) and how many of them must sign together (the threshold). Each operator joins
          with their moniker from your invitation.
        </li>
        <li>
          Everyone's app shows the same roster check code. Read it aloud together: if one digit differs, someone has a different list or
          different keys, and you stop.
        </li>
        <li>
          Each app then makes a random contribution, publishes a fingerprint of it (round 1) and sends every other operator a piece of it,
          sealed so only that operator can open it (round 2).
        </li>
        <li>
          Each app checks every piece it received against its sender's fingerprint, and names the sender if a piece does not fit. The pieces
          add up to the operator's share; nobody ever holds the whole key.
        </li>
      </ol>
    </details>
  );
}

/** Open where a newcomer decides to ask (the join form); closed under Technical details. */
export function JoinExplained({ threshold, open = true }: { threshold?: number; open?: boolean }) {
  return (
    <details className="callout" open={open}>
      <summary>How a new operator joins (the group key does not change)</summary>
      <ol>
        <li>
          The newcomer picks {threshold ? `at least ${threshold}` : 'enough'} members to approve them and makes a signed join request.
        </li>
        <li>
          Each of those members checks the request: it must be signed by the newcomer's key, for this group as it is now, and under a name
          that is not already taken. They also ask the newcomer to read out their identity code.
        </li>
        <li>
          Approving splits the member's part of the key into random pieces, one for each other approver, sealed so only that approver can
          open it. The approvers exchange these files first.
        </li>
        <li>
          Each approver then adds up the pieces it received and sends the newcomer one sealed value. Alone, these values reveal nothing
          about anyone's share.
        </li>
        <li>
          The newcomer adds the values up: that is their share. Their app checks it against the group's public data, and tells the members
          they have joined.
        </li>
      </ol>
    </details>
  );
}

export function ExchangeChoice({
  mode,
  folder,
  onMode,
  onFolder,
}: {
  mode: 'files' | 'folder';
  folder: string;
  onMode(m: 'files' | 'folder'): void;
  onFolder(f: string): void;
}) {
  return (
    <fieldset>
      <legend>How will you exchange files with the others?</legend>
      <label className="choice">
        <input type="radio" name="exchange" checked={mode === 'files'} onChange={() => onMode('files')} />
        <span>
          <strong>Files on a USB drive</strong> (air-gapped machine). You save each file the app makes and import the files the others give
          you.
        </span>
      </label>
      <label className="choice">
        <input type="radio" name="exchange" checked={mode === 'folder'} onChange={() => onMode('folder')} />
        <span>
          <strong>A shared folder</strong> (online): a network share or synced folder every operator can reach. The app drops your files
          there and picks up the others' with one click.
        </span>
      </label>
      {mode === 'folder' && (
        <>
          <label htmlFor="group-exchange">Shared folder on this computer</label>
          <input
            id="group-exchange"
            type="text"
            value={folder}
            onChange={(e) => onFolder(e.target.value)}
            placeholder="/mnt/team-share/attestation-group"
          />
        </>
      )}
    </fieldset>
  );
}
