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
  // Cornerstone (DOMAIN.md §5.5): keep the image loader out of pre-bundling so its decode worker's
  // URL survives; pre-bundle the CommonJS codec glue, which dev otherwise fails to import.
  optimizeDeps: {
    exclude: ['@cornerstonejs/dicom-image-loader'],
    include: [
      'dicom-parser',
      '@cornerstonejs/codec-charls/decodewasmjs',
      '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs',
      '@cornerstonejs/codec-openjpeg/decodewasmjs',
      '@cornerstonejs/codec-openjph/wasmjs',
      '@cornerstonejs/codec-libjxl/decodewasmjs',
    ],
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: {
      '/api': { target: 'http://127.0.0.1:8642', ws: true },
      '/dicomweb': 'http://127.0.0.1:8642',
    },
  },
});
