import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The dashboard is served by `ramp serve` at `/`, on the same origin as the API. In
// development (`npm run dev -w @ramp/dashboard`), API calls go to a local server instead.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Hashed file names under assets/ are cached for a year by the server.
    assetsDir: 'assets',
    sourcemap: false,
  },
  server: {
    proxy: {
      '/api': { target: process.env.RAMP_URL ?? 'http://127.0.0.1:4242', changeOrigin: true },
    },
  },
});
