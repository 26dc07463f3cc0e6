import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer builds once and runs both in Electron (app://) and in a browser served by the hub.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
  },
  worker: { format: 'es' },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: {
      '/api': { target: 'http://127.0.0.1:8642', ws: true },
      '/dicomweb': 'http://127.0.0.1:8642',
    },
  },
});
