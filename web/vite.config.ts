import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The web app is built once (by `npm install`'s prepare step) into web/dist, which the server serves.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: false },
  server: {
    proxy: {
      '/v1': 'http://localhost:3000',
      '/auth': 'http://localhost:3000',
      '/r': 'http://localhost:3000',
    },
  },
});
