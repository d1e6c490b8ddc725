import { base64ToBytesSliced, bytesToBase64 } from '../../encoding/base64.ts';
import { timeSlicer } from '../../workers/time-slice.ts';
import { CeremonyError } from '../../errors.ts';
import type { Engine } from '../../engine/engine.ts';
import type { Handlers } from '../dispatch.ts';
import { listRemovableDrives } from '../../transports/usb/drives.ts';

/**
 * A file sent by the screens (base64 in the API's JSON). Decoded in slices: a 16 MiB message set
 * is 22 MB of text, and this runs on the main process's thread.
 */
export async function decodeFile(file: { name: string; base64: string }): Promise<Uint8Array> {
  const bytes = await base64ToBytesSliced(file.base64, timeSlicer());
  if (!bytes) throw new CeremonyError('api/invalid-input', `${file.name}: the file content was not transferred correctly (bad base64).`);
  return bytes;
}

type CeremonyHandlers = Pick<
  Handlers,
  | 'ceremonies.list'
  | 'ceremonies.get'
  | 'ceremonies.create'
  | 'ceremonies.join'
  | 'ceremonies.act'
  | 'ceremonies.readArtifact'
  | 'bundles.importFiles'
  | 'bundles.importFolder'
  | 'bundles.exportToFolder'
  | 'drives.list'
>;

export function ceremonyHandlers(engine: Engine): CeremonyHandlers {
  return {
    'ceremonies.list': () => engine.listAll(),
    'ceremonies.get': ({ id }) => engine.view(id),
    'ceremonies.create': ({ protocol, title, rehearsal, params }) => engine.create(protocol, title, rehearsal, params),
    'ceremonies.join': async (f) => engine.join(f.name, await decodeFile(f), f.params),
    'ceremonies.act': ({ id, action, input }) => engine.act(id, action, input),
    'ceremonies.readArtifact': async ({ id, artifactId, toSave }) => {
      const a = engine.readArtifact(id, artifactId);
      if (toSave) await engine.noteSaved(id, artifactId);
      return { name: a.name, mime: a.mime, base64: bytesToBase64(a.bytes) };
    },
    'bundles.importFiles': async ({ ceremonyId, files }) => {
      const decoded = [];
      for (const f of files) decoded.push({ name: f.name, bytes: await decodeFile(f) });
      return engine.importFiles(ceremonyId, decoded);
    },
    'bundles.importFolder': ({ ceremonyId, path }) => engine.importFolder(ceremonyId, path),
    'bundles.exportToFolder': async ({ ceremonyId, artifactId, path }) => {
      const written = engine.exportArtifact(ceremonyId, artifactId, path);
      await engine.noteSaved(ceremonyId, artifactId);
      return { path: written };
    },
    'drives.list': async () => (await listRemovableDrives()).map((d) => ({ ...d, platform: d.platform })),
  };
}
