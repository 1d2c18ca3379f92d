/// <reference lib="webworker" />
/**
 * The Python worker: loads Pyodide from our own origin, runs programs through
 * the engine, and talks to the page over the MessagePort the sandbox hands it.
 * It runs inside the opaque-origin sandbox (./sandbox/), so it can reach neither
 * the page nor the site's storage; see ./sandbox/frame.ts for the threat model.
 */
import type { PyodideAPI } from 'pyodide';
import loopSource from './python/walkthrough_loop.py?raw';
import runnerSource from './python/walkthrough_runner.py?raw';
import timelineSource from './python/walkthrough_timeline.py?raw';
import { PythonEngine } from './engine';
import { OutputBatcher } from './output-batcher';
import { Throttle } from './throttle';
import { trackDownloads } from './download-progress';
import type { FromWorker, Timeline, ToWorker } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

export interface WorkerInit {
  type: 'init';
  /** Absolute URL of the versioned Pyodide folder, ending in "/". */
  indexURL: string;
  port: MessagePort;
}

let port: MessagePort;
let engine: PythonEngine | undefined;
const pendingInput = new Map<number, (line: string | null) => void>();
/** Live timeline updates go to the page at most this often; the last one comes with `done`. */
const TIMELINE_INTERVAL_MS = 200;

function post(message: FromWorker): void {
  port.postMessage(message);
}

async function load(indexURL: string): Promise<void> {
  const started = performance.now();
  try {
    // The manifest (for progress) and Pyodide's loader come in parallel: neither waits for the other.
    const [manifest, { loadPyodide }] = await Promise.all([
      fetch(`${indexURL}manifest.json`).then(
        (response) => response.json() as Promise<{ files: Record<string, number> }>,
      ),
      import(/* @vite-ignore */ `${indexURL}pyodide.mjs`) as Promise<typeof import('pyodide')>,
    ]);
    // Pyodide fetches these (the two .mjs files arrive by import, outside fetch).
    const fetched = Object.fromEntries(Object.entries(manifest.files).filter(([name]) => !name.endsWith('.mjs')));
    let failMissing!: (error: Error) => void;
    const missing = new Promise<never>((_, reject) => (failMissing = reject));
    const stopTracking = trackDownloads(
      indexURL,
      fetched,
      (progress) => post({ type: 'progress', progress }),
      (file, status) => failMissing(new Error(`${file} answered HTTP ${status}`)),
    );
    let pyodide: PyodideAPI;
    try {
      pyodide = await Promise.race([
        loadPyodide({
          indexURL,
          stdout: () => {},
          stderr: () => {},
          checkAPIVersion: true,
        }),
        missing,
      ]);
    } finally {
      stopTracking();
    }
    engine = new PythonEngine(pyodide, {
      'walkthrough_loop.py': loopSource,
      'walkthrough_runner.py': runnerSource,
      'walkthrough_timeline.py': timelineSource,
    });
    post({
      type: 'ready',
      version: engine.version,
      loadMs: performance.now() - started,
    });
  } catch (error) {
    post({ type: 'load-error', message: describeLoadError(error, indexURL) });
  }
}

function describeLoadError(error: unknown, indexURL: string): string {
  const detail = error instanceof Error ? error.message : String(error);
  return `The Python runtime could not be loaded from ${indexURL} (${detail}). Check your connection and try again.`;
}

async function handle(message: ToWorker): Promise<void> {
  switch (message.type) {
    case 'run': {
      if (!engine) throw new Error('run before ready');
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
        },
        { env: message.env, timeline: message.timeline },
      );
      batcher.flush();
      timelineUpdates.cancel();
      pendingInput.delete(message.id);
      post({ type: 'done', id: message.id, ...result });
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
  port.addEventListener('message', (portEvent: MessageEvent<ToWorker>) => void handle(portEvent.data));
  port.start();
  void load(event.data.indexURL);
});
