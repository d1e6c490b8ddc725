import { base64ToBytes, bytesToBase64, isStrictBase64 } from '../../encoding/base64.ts';
import { CeremonyError } from '../../errors.ts';
import type { Engine } from '../../engine/engine.ts';
import type { Handlers } from '../dispatch.ts';
import { listRemovableDrives } from '../../transports/usb/drives.ts';

export function decodeFile(file: { name: string; base64: string }): Uint8Array {
  if (!isStrictBase64(file.base64))
    throw new CeremonyError('api/invalid-input', `${file.name}: the file content was not transferred correctly (bad base64).`);
  return base64ToBytes(file.base64);
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
    'ceremonies.join': (f) => engine.join(f.name, decodeFile(f), f.params),
    'ceremonies.act': ({ id, action, input }) => engine.act(id, action, input),
    'ceremonies.readArtifact': async ({ id, artifactId, toSave }) => {
      const a = engine.readArtifact(id, artifactId);
      if (toSave) await engine.noteSaved(id, artifactId);
      return { name: a.name, mime: a.mime, base64: bytesToBase64(a.bytes) };
    },
    'bundles.importFiles': ({ ceremonyId, files }) =>
      engine.importFiles(
        ceremonyId,
        files.map((f) => ({ name: f.name, bytes: decodeFile(f) })),
      ),
    'bundles.importFolder': ({ ceremonyId, path }) => engine.importFolder(ceremonyId, path),
    'bundles.exportToFolder': async ({ ceremonyId, artifactId, path }) => {
      const written = engine.exportArtifact(ceremonyId, artifactId, path);
      await engine.noteSaved(ceremonyId, artifactId);
      return { path: written };
    },
    'drives.list': async () => (await listRemovableDrives()).map((d) => ({ ...d, platform: d.platform })),
  };
}
