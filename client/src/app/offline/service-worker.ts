/**
 * Installs the service worker that keeps the app shell and its assets for offline use (built by
 * vite-plugin-pwa, see vite.config.ts). Only the console registers it: employees using the portal, often on
 * phones, never download the builders' code for it.
 *
 * Installing fetches every asset (about 90 files): it waits until the page has loaded and the browser is idle,
 * so that the first open of a document does not queue behind it.
 */
export function registerOfflineShell(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const register = () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
      // Without it the console still works online; offline it then shows the browser's own page.
    });
  };
  const whenIdle = () =>
    'requestIdleCallback' in window ? requestIdleCallback(register, { timeout: 10_000 }) : register();
  if (document.readyState === 'complete') whenIdle();
  else window.addEventListener('load', whenIdle, { once: true });
}
