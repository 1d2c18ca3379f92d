/**
 * Registers the service worker (src/offline/service-worker.js) once the page is loaded and the
 * browser is idle: offline reading is an extra, never in the way of the first paint or input.
 *
 * On a page with snippets it then asks the worker to keep the Python runtime (6 MB on the network),
 * so that they run offline too; the worker fetches only what it does not have yet. Not on a page
 * without snippets: the home page, the glossary and search cost a reader nothing of it (the home
 * page alone used to fetch 6.85 MB within 12 s). Not where the reader's connection asks for
 * restraint: saving data, a cellular connection, or one as slow as 2G. The worker then keeps the
 * runtime only once a snippet on a page it controls loads it, which is the reader's own Run.
 */
interface Connection {
  saveData?: boolean;
  type?: string;
  effectiveType?: string;
}

export function runtimeWorthKeeping(
  page: Pick<ParentNode, 'querySelector'>,
  connection: Connection | undefined,
): boolean {
  if (!page.querySelector('[data-snippet]')) return false;
  if (!connection) return true;
  return !connection.saveData && connection.type !== 'cellular' && !/2g$/.test(connection.effectiveType ?? '');
}

export function registerServiceWorker(base: string): void {
  if (!('serviceWorker' in navigator)) return;
  const register = async (): Promise<void> => {
    await navigator.serviceWorker.register(`${base}sw.js`, { scope: base });
    const { active } = await navigator.serviceWorker.ready;
    const { connection } = navigator as { connection?: Connection };
    if (runtimeWorthKeeping(document, connection)) active?.postMessage('keep-runtime');
  };
  // Without a service worker (private modes, blocked storage) the site works as before, online.
  const registerQuietly = (): void => void register().catch(() => {});
  addEventListener('load', () =>
    'requestIdleCallback' in window ? requestIdleCallback(registerQuietly) : setTimeout(registerQuietly),
  );
}
