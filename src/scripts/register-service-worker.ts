/**
 * Registers the service worker (src/offline/service-worker.js) once the page is loaded and the
 * browser is idle: offline reading is an extra, never in the way of the first paint or input. Then
 * it asks the worker to keep the Python runtime, so that snippets run offline too; the worker
 * fetches only what it does not have yet. Not when the reader has asked to save data: the worker
 * then keeps the runtime only as a snippet on a page it controls loads it.
 */
export function registerServiceWorker(base: string): void {
  if (!('serviceWorker' in navigator)) return;
  const register = async (): Promise<void> => {
    await navigator.serviceWorker.register(`${base}sw.js`, { scope: base });
    const { active } = await navigator.serviceWorker.ready;
    const connection = (navigator as { connection?: { saveData?: boolean } }).connection;
    if (!connection?.saveData) active?.postMessage('keep-runtime');
  };
  // Without a service worker (private modes, blocked storage) the site works as before, online.
  const registerQuietly = (): void => void register().catch(() => {});
  addEventListener('load', () =>
    'requestIdleCallback' in window ? requestIdleCallback(registerQuietly) : setTimeout(registerQuietly),
  );
}
