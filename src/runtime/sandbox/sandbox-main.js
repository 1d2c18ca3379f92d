// @ts-check
// The sandbox frame's whole program, inlined into its srcdoc as it is written here (frame.ts imports
// this file as text). Plain JavaScript rather than a function's toString(), so the exact text the
// browser runs is known at build time: the frame inherits the page's Content-Security-Policy, which
// allows this inline script by its hash (src/integrations/security-headers.ts reads this file).
/** @typedef {import('../protocol').ToSandbox} ToSandbox */
/** @typedef {import('../protocol').FromSandbox} FromSandbox */
/** @typedef {import('../protocol').WorkerInit} WorkerInit */
/** @typedef {import('../protocol').WorkerToSandbox} WorkerToSandbox */
/** @typedef {import('../protocol').FetchAnswer} FetchAnswer */
(() => {
  /** @param {FromSandbox} message */
  const toPage = (message) => window.parent.postMessage(message, '*');
  /** @type {Worker | undefined} */
  let worker;
  // Where the host makes the site cross-origin isolated (COOP and COEP headers), this frame may
  // share memory with its worker: a word that Pyodide reads between bytecodes, so that a program
  // busy in a loop that never awaits can be interrupted without replacing the worker. The worker
  // itself (a data: URL) is not isolated and cannot create one; it can use one it is given. The page
  // cannot share memory with this opaque-origin frame, so it asks, and the frame writes.
  // WebKit reports an isolated opaque-origin frame as crossOriginIsolated, yet gives it no
  // SharedArrayBuffer: test for the thing itself.
  const canShareMemory = self.crossOriginIsolated && typeof SharedArrayBuffer === 'function';
  const interruptBuffer = canShareMemory ? new Int32Array(new SharedArrayBuffer(4)) : undefined;
  const SIGINT = 2;

  // The mailbox of the blocking runtime path (src/runtime/blocking/): where WebAssembly cannot
  // suspend, a running program blocks the worker's thread, which then hears no message. It sleeps
  // in Atomics.wait on this buffer instead, and this frame writes there what it waits for: the
  // reader's Stop, lines for input(), and the answers of the fetches made here for the program.
  // Layout (read by src/runtime/blocking/shared-memory-waits.ts): Int32 words STATE (0 empty,
  // 1 full), LENGTH (bytes of this chunk) and MORE (1: the message continues in the next chunk),
  // then from byte 16 the chunk. A message is a 4-byte length, that much JSON, then its body's bytes.
  const MAILBOX_CHUNK = 1 << 20;
  const mailbox = interruptBuffer ? new SharedArrayBuffer(16 + MAILBOX_CHUNK) : undefined;
  /** @type {{ chunk: Uint8Array, more: boolean }[]} chunks waiting for the worker to empty the mailbox */
  let outbox = [];
  /** @type {Map<number, AbortController>} the program's fetches in flight, by request id */
  const fetches = new Map();

  /** @param {object} header @param {Uint8Array} [body] */
  function deliver(header, body = new Uint8Array(0)) {
    if (!mailbox) return;
    const json = new TextEncoder().encode(JSON.stringify(header));
    const message = new Uint8Array(4 + json.length + body.length);
    new DataView(message.buffer).setUint32(0, json.length);
    message.set(json, 4);
    message.set(body, 4 + json.length);
    for (let start = 0; start < message.length; start += MAILBOX_CHUNK) {
      const end = start + MAILBOX_CHUNK;
      outbox.push({ chunk: message.subarray(start, end), more: end < message.length });
    }
    writeNextChunk();
  }

  function writeNextChunk() {
    if (!mailbox) return;
    const control = new Int32Array(mailbox, 0, 3);
    const next = outbox[0];
    if (!next || Atomics.load(control, 0) !== 0) return;
    outbox.shift();
    new Uint8Array(mailbox, 16).set(next.chunk);
    Atomics.store(control, 1, next.chunk.length);
    Atomics.store(control, 2, next.more ? 1 : 0);
    Atomics.store(control, 0, 1);
    Atomics.notify(control, 0);
  }

  /**
   * A fetch the program made, done here: Firefox and WebKit check the worker's inherited
   * connect-src 'self' against the data: worker's own opaque origin, and so refuse every request
   * it makes; this frame's 'self' is the site. The answer goes back as a message to the worker
   * where it can receive one (JSPI), else into the mailbox.
   * @param {number} id
   * @param {{ url: string, method: string, headers: [string, string][], body: string | null, credentials?: RequestCredentials }} request
   * @param {boolean} byMessage
   */
  async function fetchForProgram(id, request, byMessage) {
    /** @param {FetchAnswer['outcome']} outcome @param {Uint8Array<ArrayBuffer>} [body] */
    const answer = (outcome, body) => {
      if (!byMessage) deliver({ kind: 'fetch', outcome }, body);
      else {
        /** @type {FetchAnswer} */
        const message = { type: 'fetch-answer', outcome, body };
        worker?.postMessage(message, body ? [body.buffer] : []);
      }
    };
    const controller = new AbortController();
    fetches.set(id, controller);
    try {
      const response = await fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        credentials: request.credentials ?? 'same-origin',
        signal: controller.signal,
      });
      const body = new Uint8Array(await response.arrayBuffer());
      const { status, statusText, url, redirected, type } = response;
      answer({ id, status, statusText, url, redirected, type, headers: [...response.headers] }, body);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!controller.signal.aborted) answer({ id, url: request.url, error: message });
    } finally {
      fetches.delete(id);
    }
  }

  /** @param {MessageEvent<WorkerToSandbox>} event (posted by the worker, so by the program too: its requests are its own) */
  function fromWorker(event) {
    const data = event.data;
    if (data?.type === 'mailbox-read') writeNextChunk();
    else if (data?.type === 'fetch' && typeof data.id === 'number') void fetchForProgram(data.id, data.request, data.byMessage === true);
    else if (data?.type === 'abort-fetch') fetches.get(data.id)?.abort();
  }

  window.addEventListener('message', (event) => {
    if (event.source !== window.parent) return;
    /** @type {Partial<ToSandbox> | undefined} */
    const data = event.data;
    if (data?.type === 'interrupt') {
      if (interruptBuffer) Atomics.store(interruptBuffer, 0, SIGINT);
      return;
    }
    // For a program on the blocking path, which hears nothing else while it runs.
    if (data?.type === 'stop') {
      deliver({ kind: 'stop', run: data.run });
      return;
    }
    if (data?.type === 'input') {
      deliver({ kind: 'input', run: data.run, line: data.line ?? null });
      return;
    }
    const port = event.ports[0];
    if (data?.type !== 'start' || typeof data.workerSource !== 'string' || !port) return;
    // A new start replaces the old worker: this is how a runaway program is ended.
    worker?.terminate();
    for (const controller of fetches.values()) controller.abort();
    outbox = [];
    if (mailbox) new Int32Array(mailbox).fill(0, 0, 3);
    worker = new Worker(`data:text/javascript;charset=utf-8,${encodeURIComponent(data.workerSource)}`, {
      type: 'module',
    });
    worker.addEventListener('error', (error) => {
      // Handled: the page replaces the worker and tells the reader; it is no error of this frame's.
      error.preventDefault();
      toPage({ type: 'worker-error', message: error.message || 'unknown error' });
    });
    worker.addEventListener('message', fromWorker);
    if (interruptBuffer) Atomics.store(interruptBuffer, 0, 0);
    /** @type {WorkerInit} */
    const init = { type: 'init', port, interruptBuffer, mailbox };
    worker.postMessage(init, [port]);
  });
  toPage({ type: 'sandbox-ready', interrupts: interruptBuffer !== undefined });
})();
