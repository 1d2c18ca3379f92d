/**
 * Registers the service worker (src/offline/service-worker.js) once the page is loaded and the
 * browser is idle: offline reading is an extra, never in the way of the first paint or input.
 */
export function registerServiceWorker(base: string): void {
  if (!('serviceWorker' in navigator)) return;
  const register = (): void => {
    // Without it (private modes, blocked storage) the site works as before, online.
    navigator.serviceWorker.register(`${base}sw.js`, { scope: base }).catch(() => {});
  };
  addEventListener('load', () =>
    'requestIdleCallback' in window ? requestIdleCallback(register) : setTimeout(register),
  );
}
