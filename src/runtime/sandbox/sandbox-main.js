// @ts-check
// The sandbox frame's whole program, inlined into its srcdoc as it is written here (frame.ts imports
// this file as text). Plain JavaScript rather than a function's toString(), so the exact text the
// browser runs is known at build time: the frame inherits the page's Content-Security-Policy, which
// allows this inline script by its hash (src/integrations/security-headers.ts reads this file).
(() => {
  /** @type {Worker | undefined} */
  let worker;
  window.addEventListener('message', (event) => {
    if (event.source !== window.parent) return;
    /** @type {{ type?: string; workerSource?: string; indexURL?: string } | undefined} */
    const data = event.data;
    const port = event.ports[0];
    if (data?.type !== 'start' || typeof data.workerSource !== 'string' || !port) return;
    // A new start replaces the old worker: this is how a runaway program is ended.
    worker?.terminate();
    worker = new Worker(`data:text/javascript;charset=utf-8,${encodeURIComponent(data.workerSource)}`, {
      type: 'module',
    });
    worker.addEventListener('error', (error) => {
      window.parent.postMessage({ type: 'worker-error', message: error.message || 'unknown error' }, '*');
    });
    worker.postMessage({ type: 'init', indexURL: data.indexURL, port }, [port]);
  });
  window.parent.postMessage({ type: 'sandbox-ready' }, '*');
})();
