import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

/**
 * electron-vite builds three bundles into out/: the main process (the Electron shell and
 * the core it wires up, plus the CLI, the loopback host and the worker entry), the sandboxed
 * preload (one CommonJS file), and the renderer (React). The loopback host serves out/renderer.
 */
/** Version and commit baked into the main-process bundles (`ceremony --version`, Settings). */
function buildInfo(): { version: string; commit: string } {
  const version = (JSON.parse(readFileSync(resolve(__dirname, 'package.json'), 'utf8')) as { version: string }).version;
  try {
    const git = (args: string[]) =>
      execFileSync('git', ['-C', __dirname, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return { version, commit: git(['rev-parse', 'HEAD']) + (git(['status', '--porcelain', '--untracked-files=no']) ? '-dirty' : '') };
  } catch {
    return { version, commit: 'unknown' };
  }
}

export default defineConfig({
  main: {
    define: { __CEREMONY_BUILD__: JSON.stringify(buildInfo()) },
    build: {
      outDir: 'out/main',
      // The worker entry is bundled beside index.js: WorkerPool finds out/main/worker-entry.js.
      lib: {
        entry: {
          index: resolve(__dirname, 'src-main/shells/electron/main.ts'),
          'worker-entry': resolve(__dirname, 'src-main/core/workers/worker-entry.ts'),
          // The `ceremony` command (package.json `bin`) and the loopback host (`npm start` without
          // Electron, the end-to-end tests): plain Node entries, built so nothing runs through tsx.
          cli: resolve(__dirname, 'src-main/shells/cli/entry.ts'),
          loopback: resolve(__dirname, 'src-main/shells/loopback/serve.ts'),
        },
      },
      rolldownOptions: {
        output: {
          entryFileNames: '[name].js',
          banner: (chunk: { name: string }) => (chunk.name === 'cli' ? '#!/usr/bin/env node' : ''),
        },
      },
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
      // React 19 ships its production build unminified and electron-vite does not minify by
      // default: minified, what loads before Home paints stays well under 800 kB
      // (e2e/first-screen.spec.ts; each ceremony family and the wallet load when first needed).
      minify: true,
      rolldownOptions: { input: resolve(__dirname, 'src-renderer/index.html') },
    },
  },
});
