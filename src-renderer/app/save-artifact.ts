import { downloadBase64 } from './files.ts';
import { useApp } from './store.ts';

/**
 * Saves one of a ceremony's public files: through the native save dialog in the desktop app
 * (main writes it), as a browser download under the loopback host.
 */
export async function saveArtifact(ceremonyId: string, artifact: { id: string; name: string }): Promise<void> {
  const { info, run, notify } = useApp.getState();
  if (info?.nativeDialogs) {
    const r = await run('Choosing where to save', 'app.pickSavePath', { title: `Save ${artifact.name}`, defaultName: artifact.name });
    if (r?.path) {
      const folder = r.path.slice(0, Math.max(r.path.lastIndexOf('/'), r.path.lastIndexOf('\\')));
      const w = await run('Saving', 'bundles.exportToFolder', { ceremonyId, artifactId: artifact.id, path: folder });
      if (w) notify('success', `Saved ${w.path}`);
    }
    return;
  }
  const r = await run('Preparing the file', 'ceremonies.readArtifact', { id: ceremonyId, artifactId: artifact.id, toSave: true });
  if (r) downloadBase64(r.name, r.base64, r.mime);
}
