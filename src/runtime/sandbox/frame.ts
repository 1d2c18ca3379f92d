/**
 * The sandbox that the Python worker lives in.
 *
 * Threat model. Code that a reader runs may come from a link someone else made
 * (the playground's #code= links), so it is untrusted. Pyodide gives Python the
 * full JavaScript API of wherever it runs (`import js`). Were that the page, a
 * program could read or change the DOM, read cookies and localStorage (including
 * other snippets' saved edits), or act as the reader on this origin.
 *
 * So the worker runs inside an iframe with `sandbox="allow-scripts"` and no
 * `allow-same-origin`: the frame, and the worker it starts from a data: URL,
 * have an opaque origin. From there, the site's storage, cookies and DOM are
 * out of reach, and every request to our origin is a cross-origin request
 * without credentials. What the program can still do is what any web page can:
 * compute, and fetch public URLs that allow any origin (CORS). It talks to the
 * page only through one MessagePort whose messages the client checks.
 *
 * This function is serialised into the frame's srcdoc: keep it self-contained.
 */
export function sandboxMain(): void {
  let worker: Worker | undefined;
  window.addEventListener('message', (event: MessageEvent) => {
    if (event.source !== window.parent) return;
    const data = event.data as { type?: string; workerSource?: string; indexURL?: string };
    const port = event.ports[0];
    if (data?.type !== 'start' || typeof data.workerSource !== 'string' || !port) return;
    // A new start replaces the old worker: this is how a runaway program is ended.
    worker?.terminate();
    worker = new Worker(`data:text/javascript;charset=utf-8,${encodeURIComponent(data.workerSource)}`, { type: 'module' });
    worker.addEventListener('error', (error) => {
      window.parent.postMessage({ type: 'worker-error', message: error.message || 'unknown error' }, '*');
    });
    worker.postMessage({ type: 'init', indexURL: data.indexURL, port }, [port]);
  });
  window.parent.postMessage({ type: 'sandbox-ready' }, '*');
}

/** The frame's whole document. */
export function sandboxDocument(): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Python sandbox</title></head><body><script>(${sandboxMain.toString()})()</script></body></html>`;
}
