import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { precompress } from './precompress';

// The dev server forwards everything the SPA does not own to the one-process server (`npm start`, port 3000).
const backend = process.env.ERP_DEV_BACKEND ?? 'http://localhost:3000';

export default defineConfig({
  plugins: [
    react(),
    tailwindcss(),
    precompress(),
    // Offline: a service worker precaches the app shell and every built asset, and answers navigations with
    // the shell, so the console opens without a network; documents then come from their IndexedDB copies.
    VitePWA({
      registerType: 'autoUpdate',
      // Registered by the console itself (app/offline/service-worker.ts), not on every page.
      injectRegister: false,
      manifest: false,
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,woff2}'],
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api(\/|$)/, /^\/collab/, /^\/metrics/],
        // The console's builder chunks (canvas, editor) are large; they must work offline too.
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  server: {
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/metrics': { target: backend },
      '/collab': { target: backend, ws: true },
    },
  },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
});
