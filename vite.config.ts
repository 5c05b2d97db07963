import { defineConfig } from 'vite';

// The renderer: built to dist/renderer and loaded by Electron from disk (hence relative asset paths).
export default defineConfig({
  root: 'renderer',
  base: './',
  build: { outDir: '../dist/renderer', emptyOutDir: true, sourcemap: true },
  oxc: { jsx: { runtime: 'automatic' } },
});
