/**
 * Standalone build of the renderer, served by `vws serve` (and the same
 * sources go through electron-vite for the desktop app). Relative base so
 * the build works from any path and from file:// in Electron.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../out/renderer', import.meta.url)),
    emptyOutDir: true,
    // No inline scripts or styles, so the strict CSP holds.
    assetsInlineLimit: 0,
    sourcemap: true,
  },
});
