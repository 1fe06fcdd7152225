/**
 * Installs the service worker that keeps the app shell and its assets for offline use (built by
 * vite-plugin-pwa, see vite.config.ts). Only the console registers it: employees using the portal, often on
 * phones, never download the builders' code for it.
 */
export function registerOfflineShell(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
    // Without it the console still works online; offline it then shows the browser's own page.
  });
}
