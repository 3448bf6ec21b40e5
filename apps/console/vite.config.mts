import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

// The gateway serves the built page at /console/ from dist/console.
export default defineConfig({
  root: here,
  base: '/console/',
  plugins: [react()],
  // `vite` (development): the API calls go to the gateway `npm start` runs.
  server: { host: '127.0.0.1', proxy: { '/v1': process.env['FLOWLINE_URL'] ?? 'http://127.0.0.1:3000' } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/console', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2048,
  },
});
