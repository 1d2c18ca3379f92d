// @ts-check
// The sandbox frame's whole program, inlined into its srcdoc as it is written here (frame.ts imports
// this file as text). Plain JavaScript rather than a function's toString(), so the exact text the
// browser runs is known at build time: the frame inherits the page's Content-Security-Policy, which
// allows this inline script by its hash (src/integrations/security-headers.ts reads this file).
(() => {
  /** @type {Worker | undefined} */
  let worker;
  // Where the host makes the site cross-origin isolated (COOP and COEP headers), this frame may
  // share memory with its worker: a word that Pyodide reads between bytecodes, so that a program
  // busy in a loop that never awaits can be interrupted without replacing the worker. The worker
  // itself (a data: URL) is not isolated and cannot create one; it can use one it is given. The page
  // cannot share memory with this opaque-origin frame, so it asks, and the frame writes.
  const interruptBuffer = self.crossOriginIsolated ? new Int32Array(new SharedArrayBuffer(4)) : undefined;
  const SIGINT = 2;
  window.addEventListener('message', (event) => {
    if (event.source !== window.parent) return;
    /** @type {{ type?: string; workerSource?: string } | undefined} */
    const data = event.data;
    if (data?.type === 'interrupt') {
      if (interruptBuffer) Atomics.store(interruptBuffer, 0, SIGINT);
      return;
    }
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
    if (interruptBuffer) Atomics.store(interruptBuffer, 0, 0);
    worker.postMessage({ type: 'init', port, interruptBuffer }, [port]);
  });
  window.parent.postMessage({ type: 'sandbox-ready', interrupts: interruptBuffer !== undefined }, '*');
})();
