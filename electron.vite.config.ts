import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));

// Folders are not src/…, so every input is explicit. Native addons
// (onnxruntime-node, better-sqlite3, sharp) stay external: they are
// `dependencies`, which electron-vite does not bundle.
export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: path.resolve(root, 'main/index.ts'),
          host: path.resolve(root, 'main/host/utility.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      externalizeDeps: true,
      rollupOptions: {
        input: { index: path.resolve(root, 'preload/index.ts') },
        // Sandboxed preloads must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: path.resolve(root, 'renderer'),
    plugins: [react()],
    build: {
      outDir: path.resolve(root, 'out/renderer'),
      rollupOptions: { input: { index: path.resolve(root, 'renderer/index.html') } },
    },
  },
});
