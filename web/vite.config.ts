import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** `vite build web` → web/dist, served by the service at `/` (src/dashboard). */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // cytoscape and chart.js are most of the bundle; one file for each keeps caching simple.
    chunkSizeWarningLimit: 1200,
  },
});
