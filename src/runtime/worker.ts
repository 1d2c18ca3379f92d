/// <reference lib="webworker" />
/**
 * The Python worker: loads Pyodide from the files the page hands it, runs
 * programs through the engine, and talks to the page over the MessagePort the
 * sandbox hands it. It runs inside the opaque-origin sandbox (./sandbox/), so it
 * can reach neither the page nor the site's storage; see ./sandbox/frame.ts for
 * the threat model.
 *
 * Pyodide's two JavaScript modules are bundled in here, and its data files come
 * from the page (./runtime-files.ts): the worker fetches nothing of its own, so
 * whatever the page's service worker keeps, Python can run from, offline too.
 */
import { loadPyodide, type PyodideAPI } from 'pyodide';
import createPyodideModule from 'pyodide/pyodide.asm.mjs';
import loopSource from './python/walkthrough_loop.py?raw';
import runnerSource from './python/walkthrough_runner.py?raw';
import timelineSource from './python/walkthrough_timeline.py?raw';
import fetchSource from './python/walkthrough_fetch.py?raw';
import { PYODIDE_FILE_TYPES, type PyodideFile } from './assets';
import { browserWorkerMeans, SelfContainedWaits } from './blocking/self-contained-waits';
import { SharedMemoryWaits } from './blocking/shared-memory-waits';
import type { BlockingWaits } from './blocking/waits';
import { PythonEngine, suspensionWorks } from './engine';
import { RunLeftovers } from './leftovers';
import { relayFetchesThroughFrame } from './fetch-relay';
import { OutputBatcher } from './output-batcher';
import { Throttle } from './throttle';
import type { FromWorker, LoadRequest, Timeline, ToWorker, WorkerInit, WorkerToSandbox } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

let port: MessagePort;
let engine: PythonEngine | undefined;
let pyodideApi: PyodideAPI | undefined;
let leftovers: RunLeftovers | undefined;
let interruptBuffer: Int32Array | undefined;
let mailbox: SharedArrayBuffer | undefined;
let blockingWaits: BlockingWaits | undefined;
const pendingInput = new Map<number, (line: string | null) => void>();
/** Live timeline updates go to the page at most this often; the last one comes with `done`. */
const TIMELINE_INTERVAL_MS = 200;

function post(message: FromWorker): void {
  port.postMessage(message);
}

/**
 * Answers Pyodide's requests for its files from the bodies the page sent, each once; anything else
 * goes to the network as usual. Returns a function that puts the original fetch back, so that the
 * programs that run later fetch as any page would.
 */
function serveRuntimeFiles(indexURL: string, files: LoadRequest['files']): () => void {
  const originalFetch = globalThis.fetch;
  const unserved = new Map(Object.entries(files));
  globalThis.fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const name = url.startsWith(indexURL) ? url.slice(indexURL.length) : '';
    const body = unserved.get(name);
    if (body === undefined) return originalFetch(input, init);
    unserved.delete(name);
    return Promise.resolve(
      new Response(body, { headers: { 'Content-Type': PYODIDE_FILE_TYPES[name as PyodideFile] } }),
    );
  };
  return () => {
    globalThis.fetch = originalFetch;
  };
}

/**
 * Two sets of the same bodies: where the browser has JSPI, the spare set can start Pyodide again
 * should the suspension probe be fatal to the first (see load()). Without JSPI none is needed.
 */
function withSpare(files: LoadRequest['files']): [LoadRequest['files'], LoadRequest['files'] | undefined] {
  if (typeof (WebAssembly as unknown as { Suspending?: unknown }).Suspending !== 'function') return [files, undefined];
  const entries = Object.entries(files).map(([name, body]) => [
    name,
    body instanceof ArrayBuffer ? [body, body] : body.tee(),
  ]);
  return [
    Object.fromEntries(entries.map(([name, bodies]) => [name, bodies![0]])) as LoadRequest['files'],
    Object.fromEntries(entries.map(([name, bodies]) => [name, bodies![1]])) as LoadRequest['files'],
  ];
}

async function startPyodide(indexURL: string, files: LoadRequest['files']): Promise<PyodideAPI> {
  const restoreFetch = serveRuntimeFiles(indexURL, files);
  try {
    return await loadPyodide({
      indexURL,
      createPyodideModule,
      stdout: () => {},
      stderr: () => {},
      checkAPIVersion: true,
    });
  } finally {
    restoreFetch();
  }
}

async function load(request: LoadRequest): Promise<void> {
  const started = performance.now();
  try {
    const [files, spare] = withSpare(request.files);
    let pyodide = await startPyodide(request.indexURL, files);
    const suspends = await suspensionWorks(pyodide);
    if (spare && !suspends && !usable(pyodide)) {
      // Where Pyodide calls Python through JavaScript frames (it does on iOS), a suspension is
      // fatal to it. The probe cost this instance: start another, which will never suspend.
      pyodide = await startPyodide(request.indexURL, spare);
    } else if (spare) {
      for (const body of Object.values(spare)) if (body instanceof ReadableStream) void body.cancel();
    }
    if (interruptBuffer) pyodide.setInterruptBuffer(interruptBuffer);
    if (!suspends) {
      const toFrame = (message: WorkerToSandbox): void => self.postMessage(message);
      blockingWaits = mailbox ? new SharedMemoryWaits(mailbox, toFrame) : new SelfContainedWaits(browserWorkerMeans);
    } else {
      relayFetchesThroughFrame();
    }
    engine = new PythonEngine(
      pyodide,
      {
        'walkthrough_loop.py': loopSource,
        'walkthrough_runner.py': runnerSource,
        'walkthrough_timeline.py': timelineSource,
        'walkthrough_fetch.py': fetchSource,
      },
      blockingWaits,
    );
    pyodideApi = pyodide;
    // From here on, what a run leaves in this worker's JavaScript is counted against it.
    leftovers = new RunLeftovers(self, [pyodide]);
    post({ type: 'ready', version: engine.version, path: engine.path, loadMs: performance.now() - started });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    post({ type: 'load-error', message: `The Python runtime could not start (${detail}). Run again to retry.` });
  }
}

/** Whether a Pyodide instance still runs Python (a fatal error ends it for good). */
function usable(pyodide: PyodideAPI): boolean {
  try {
    return pyodide.runPython('1 + 1') === 2;
  } catch {
    return false;
  }
}

async function handle(message: ToWorker): Promise<void> {
  switch (message.type) {
    case 'load':
      if (!engine) await load(message);
      return;
    case 'run': {
      if (!engine) throw new Error('run before ready');
      // An interrupt that came after the last run had ended is not for this one.
      if (interruptBuffer) Atomics.store(interruptBuffer, 0, 0);
      blockingWaits?.reset(message.id);
      leftovers?.startRun();
      const batcher = new OutputBatcher((chunks) => post({ type: 'output', id: message.id, chunks }));
      let snapshot: (() => Timeline) | undefined;
      const timelineUpdates = new Throttle(() => {
        if (snapshot) post({ type: 'timeline', id: message.id, timeline: snapshot() });
      }, TIMELINE_INTERVAL_MS);
      const result = await engine.run(
        message.code,
        message.filename,
        {
          onOutput: (chunk) => batcher.push(chunk),
          readLine: (prompt) => {
            batcher.flush();
            post({ type: 'input-request', id: message.id, prompt });
            return new Promise((resolve) => pendingInput.set(message.id, resolve));
          },
          onTimeline: (latest) => {
            snapshot = latest;
            timelineUpdates.request();
          },
          beforeBlock: (ms) => {
            batcher.beforeBlock(ms);
            timelineUpdates.beforeBlock(ms);
          },
        },
        { env: message.env, timeline: message.timeline },
      );
      batcher.flush();
      timelineUpdates.cancel();
      pendingInput.delete(message.id);
      const left = leftovers?.afterRun() ?? [];
      if (pyodideApi && !usable(pyodideApi)) left.push('a Python that exited (os._exit, or a fatal error)');
      post({ type: 'done', id: message.id, ...result, ...(left.length > 0 ? { leftovers: left } : {}) });
      return;
    }
    case 'stop':
      pendingInput.get(message.id)?.(null);
      engine?.requestStop();
      return;
    case 'input':
      pendingInput.get(message.id)?.(message.line);
      pendingInput.delete(message.id);
      return;
  }
}

self.addEventListener('message', (event: MessageEvent<WorkerInit>) => {
  if (event.data?.type !== 'init' || port) return;
  port = event.data.port;
  interruptBuffer = event.data.interruptBuffer;
  mailbox = event.data.mailbox;
  port.addEventListener('message', (portEvent: MessageEvent<ToWorker>) => void handle(portEvent.data));
  port.start();
});
