import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

/**
 * electron-vite builds three bundles into out/: the main process (the Electron shell and
 * the core it wires up), the sandboxed preload (one CommonJS file), and the renderer (React).
 * The CLI and the loopback host do not need this build for their own code: they run the
 * TypeScript sources through tsx. The loopback host serves out/renderer.
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // The worker entry is bundled beside index.js: WorkerPool finds out/main/worker-entry.js.
      lib: {
        entry: {
          index: resolve(__dirname, 'src-main/shells/electron/main.ts'),
          'worker-entry': resolve(__dirname, 'src-main/core/workers/worker-entry.ts'),
        },
      },
      rolldownOptions: { output: { entryFileNames: '[name].js' } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      lib: { entry: resolve(__dirname, 'src-main/shells/electron/preload.ts'), formats: ['cjs'] },
      rolldownOptions: { output: { entryFileNames: 'index.cjs' } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      emptyOutDir: true,
      rolldownOptions: { input: resolve(__dirname, 'src-renderer/index.html') },
    },
  },
});
