import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The dashboard is built on its own; the API server (src/) serves web/dist in production and
// the dev server forwards API and emulator calls to it, so cookies stay same-origin.
// `root` is this folder whether Vite is started as `vite build web` or with `--config`.
const root = decodeURIComponent(new URL('.', import.meta.url).pathname);
const server = 'http://localhost:3000';

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    proxy: {
      '/api': { target: server, changeOrigin: true },
      '/emulator': { target: server, changeOrigin: true },
    },
  },
});
