import {
  isFromWorker,
  type FromWorker,
  type LoadProgress,
  type OutputChunk,
  type RunStatus,
  type RuntimePath,
  type Timeline,
  type ToWorker,
} from './protocol';
import { fetchRuntimeFiles } from './runtime-files';
import { sandboxDocument } from './sandbox/frame';

/**
 * The page's side of the Python runtime: framework-free, one per page, shared
 * by every snippet on it. It owns the sandbox iframe and the worker inside it,
 * runs one program at a time (later runs wait their turn), and ends a program
 * that does not stop when asked by replacing the worker.
 */

export type RuntimeState = 'idle' | 'loading' | 'ready' | 'failed';

export interface RunOptions {
  /** Shown in tracebacks, e.g. "countasync.py". */
  filename?: string;
  onOutput?(chunk: OutputChunk): void;
  /** Answers input(); resolve null for end of input. Without it, input() gets EOF. */
  onInput?(prompt: string): Promise<string | null>;
  /** Overrides the runtime's time limit for this run. */
  timeLimitMs?: number;
  /** Record the run's timeline: its tasks, when they ran, what they waited on. */
  timeline?: boolean;
  /** With `timeline`: the timeline so far, a few times a second while the run lasts, then the whole of it. */
  onTimeline?(timeline: Timeline): void;
}

export interface RunResult {
  status: RunStatus;
  exitCode: number;
  durationMs: number;
  /** For `stopped` and `timeout`: what happened, in words for the reader. */
  message?: string;
  /** With `timeline`: the whole timeline (none when the worker had to be replaced). */
  timeline?: Timeline;
}

export interface RunHandle {
  readonly id: number;
  /** Settles when the run has ended, however it ended. */
  readonly done: Promise<RunResult>;
  stop(): void;
}

export interface RuntimeOptions {
  /** Absolute URL of the versioned Pyodide folder, ending in "/". */
  indexURL: string;
  /** URL of the built worker script (same origin as the page). */
  workerUrl: string;
  /** Default time limit of one run. */
  timeLimitMs?: number;
  /** How long a stop request may take before the worker is replaced. */
  stopGraceMs?: number;
  /** Where the sandbox iframe goes; document.body by default. */
  container?: HTMLElement;
  /** Environment variables every program sees (the page passes SITE_URL). */
  env?: Record<string, string>;
  /** How long Python may take to start once its files are in, before the reader is told and can retry. */
  startTimeoutMs?: number;
}

type ProgressListener = (progress: LoadProgress) => void;
type StateListener = (state: RuntimeState, error?: Error) => void;

interface ActiveRun {
  id: number;
  options: RunOptions;
  started: number;
  settle(result: RunResult): void;
  timer: ReturnType<typeof setTimeout> | undefined;
  ending?: 'stopped' | 'timeout';
}

export const DEFAULT_TIME_LIMIT_MS = 60_000;
const DEFAULT_STOP_GRACE_MS = 300;
/**
 * Python starts in 1-3 s in a desktop browser; an engine without a WebAssembly JIT, or a slow phone,
 * can take ten times that (WebKitGTK here: 11-27 s). Past this, something is wrong: say so.
 */
const DEFAULT_START_TIMEOUT_MS = 90_000;
/**
 * How long a stop request has to work before a program is interrupted mid-code (where the sandbox
 * can: see sandbox-main.js). An awaiting program ends within a few milliseconds of the request, its
 * finally blocks run; an interrupt sent at once could land in the middle of that cleanup.
 */
const INTERRUPT_AFTER_MS = 100;

/**
 * What this browser lacks to run Python at all, in a sentence for the reader; undefined when nothing.
 * Every path needs WebAssembly and module workers (see ./blocking/waits.ts for what differs).
 */
export function missingCapability(): string | undefined {
  const unable = 'This browser cannot run the examples';
  const after =
    'The output each example prints is shown under it; to run them, use another browser, or python3 locally.';
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
    return `${unable}: it has WebAssembly turned off (on an iPhone or iPad, Lockdown Mode does this). ${after}`;
  }
  if (typeof Worker !== 'function' || typeof MessageChannel !== 'function') {
    return `${unable}: it cannot start the background worker that Python runs in. ${after}`;
  }
  return undefined;
}

export class PythonRuntime {
  private readonly options: Required<Omit<RuntimeOptions, 'container'>> & { container?: HTMLElement };
  private frame: HTMLIFrameElement | undefined;
  private frameReady: Promise<Window> | undefined;
  /** Whether the sandbox can interrupt a busy program (the site is cross-origin isolated). */
  private canInterrupt = false;
  private pathValue: RuntimePath | undefined;
  private port: MessagePort | undefined;
  private loading: Promise<void> | undefined;
  private workerSource: Promise<string> | undefined;
  private stateValue: RuntimeState = 'idle';
  private active: ActiveRun | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  private readonly progressListeners = new Set<ProgressListener>();
  private readonly stateListeners = new Set<StateListener>();
  private lastProgress: LoadProgress | undefined;

  constructor(options: RuntimeOptions) {
    this.options = {
      timeLimitMs: DEFAULT_TIME_LIMIT_MS,
      stopGraceMs: DEFAULT_STOP_GRACE_MS,
      startTimeoutMs: DEFAULT_START_TIMEOUT_MS,
      env: {},
      ...options,
    };
  }

  get state(): RuntimeState {
    return this.stateValue;
  }

  get progress(): LoadProgress | undefined {
    return this.lastProgress;
  }

  /** How the loaded runtime waits (see RuntimePath); undefined until it is ready. */
  get path(): RuntimePath | undefined {
    return this.pathValue;
  }

  onProgress(listener: ProgressListener): () => void {
    this.progressListeners.add(listener);
    return () => this.progressListeners.delete(listener);
  }

  onStateChange(listener: StateListener): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  private setState(state: RuntimeState, error?: Error): void {
    this.stateValue = state;
    for (const listener of this.stateListeners) listener(state, error);
  }

  /**
   * Loads the runtime if it is not loaded or loading; safe to call on every hover
   * or focus. After a failed load, calling it again retries.
   */
  prepare(): Promise<void> {
    if (this.loading && this.stateValue !== 'failed') return this.loading;
    this.loading = this.startWorker();
    return this.loading;
  }

  private ensureFrame(): Promise<Window> {
    if (this.frameReady) return this.frameReady;
    const frame = document.createElement('iframe');
    frame.setAttribute('sandbox', 'allow-scripts');
    // Lets the frame share memory with its worker where the page is cross-origin isolated (interrupts).
    frame.setAttribute('allow', 'cross-origin-isolated');
    frame.setAttribute('title', 'Python runtime (hidden)');
    frame.setAttribute('aria-hidden', 'true');
    frame.tabIndex = -1;
    frame.hidden = true;
    frame.srcdoc = sandboxDocument();
    this.frame = frame;
    this.frameReady = new Promise<Window>((resolve) => {
      const onMessage = (event: MessageEvent): void => {
        if (event.source !== frame.contentWindow) return;
        const data = event.data as { type?: string; message?: string; interrupts?: boolean };
        if (data?.type === 'sandbox-ready') {
          this.canInterrupt = data.interrupts === true;
          resolve(frame.contentWindow!);
        }
        if (data?.type === 'worker-error')
          this.failLoad(new Error(`The Python worker failed to start: ${data.message}`));
      };
      window.addEventListener('message', onMessage);
    });
    (this.options.container ?? document.body).append(frame);
    return this.frameReady;
  }

  private rejectLoad: ((error: Error) => void) | undefined;

  private failLoad(error: Error): void {
    this.rejectLoad?.(error);
  }

  private async startWorker(): Promise<void> {
    this.setState('loading');
    this.port?.close();
    this.pathValue = undefined;
    try {
      const missing = missingCapability();
      if (missing) throw new Error(missing);
      const [sandbox, source, files] = await Promise.all([
        this.ensureFrame(),
        this.loadWorkerSource(),
        fetchRuntimeFiles(this.options.indexURL, (progress) => this.reportProgress(progress)),
      ]);
      const channel = new MessageChannel();
      this.port = channel.port1;
      let startTimer: ReturnType<typeof setTimeout> | undefined;
      const ready = new Promise<void>((resolve, reject) => {
        this.rejectLoad = reject;
        channel.port1.onmessage = (event) => {
          if (!isFromWorker(event.data)) return;
          const message = event.data;
          if (message.type === 'ready') {
            this.pathValue = message.path;
            resolve();
          } else if (message.type === 'load-error') reject(new Error(message.message));
          else this.receive(message);
        };
        const seconds = Math.round(this.options.startTimeoutMs / 1000);
        startTimer = setTimeout(
          () => reject(new Error(`Python did not start within ${seconds} s. Run again to retry.`)),
          this.options.startTimeoutMs,
        );
      });
      sandbox.postMessage({ type: 'start', workerSource: source }, '*', [channel.port2]);
      const load: ToWorker = { type: 'load', indexURL: this.options.indexURL, files };
      channel.port1.postMessage(load, Object.values(files));
      try {
        await ready;
      } finally {
        clearTimeout(startTimer);
      }
      this.setState('ready');
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      this.workerSource = undefined;
      this.setState('failed', failure);
      throw failure;
    }
  }

  private loadWorkerSource(): Promise<string> {
    this.workerSource ??= fetch(this.options.workerUrl).then((response) => {
      if (!response.ok)
        throw new Error(`The Python runtime could not be loaded (${response.status} for ${this.options.workerUrl}).`);
      return response.text();
    });
    return this.workerSource;
  }

  private reportProgress(progress: LoadProgress): void {
    this.lastProgress = progress;
    for (const listener of this.progressListeners) listener(progress);
  }

  private receive(message: FromWorker): void {
    const run = this.active;
    if (!run || !('id' in message) || message.id !== run.id) return;
    switch (message.type) {
      case 'output':
        for (const chunk of message.chunks) run.options.onOutput?.(chunk);
        return;
      case 'input-request': {
        const answer = run.options.onInput?.(message.prompt) ?? Promise.resolve(null);
        void answer.then((line) => {
          // A program on the atomics path hears only its mailbox, which the frame writes.
          if (this.pathValue === 'atomics')
            this.frame?.contentWindow?.postMessage({ type: 'input', run: run.id, line }, '*');
          else this.send({ type: 'input', id: run.id, line });
        });
        return;
      }
      case 'timeline':
        run.options.onTimeline?.(message.timeline);
        return;
      case 'done': {
        const status: RunStatus = run.ending ?? message.status;
        if (message.timeline) run.options.onTimeline?.(message.timeline);
        run.settle({
          status,
          exitCode: message.exitCode,
          durationMs: message.durationMs,
          ...(run.ending ? { message: this.endingMessage(run) } : {}),
          ...(message.timeline ? { timeline: message.timeline } : {}),
        });
        return;
      }
    }
  }

  private send(message: ToWorker): void {
    this.port?.postMessage(message);
  }

  private endingMessage(run: ActiveRun): string {
    if (run.ending === 'timeout') {
      const seconds = Math.round((run.options.timeLimitMs ?? this.options.timeLimitMs) / 1000);
      return `Stopped after ${seconds} s: the time limit for one run. Programs here run in your browser; for longer runs, use python3 locally.`;
    }
    return 'Stopped.';
  }

  /** Runs a program; waits for the runtime and for any run before it. */
  run(code: string, options: RunOptions = {}): RunHandle {
    const id = this.nextId++;
    let stopRequested = false;
    let handleStop: () => void = () => {
      stopRequested = true;
    };
    const done = (async (): Promise<RunResult> => {
      const previous = this.queue;
      let release!: () => void;
      this.queue = new Promise<void>((resolve) => (release = resolve));
      try {
        await previous.catch(() => {});
        if (stopRequested)
          return { status: 'stopped', exitCode: 130, durationMs: 0, message: 'Stopped before it started.' };
        await this.prepare();
        return await new Promise<RunResult>((settle) => {
          const run: ActiveRun = {
            id,
            options,
            started: performance.now(),
            timer: undefined,
            settle: (result) => {
              clearTimeout(run.timer);
              if (this.active === run) this.active = undefined;
              settle(result);
            },
          };
          this.active = run;
          handleStop = () => this.end(run, 'stopped');
          run.timer = setTimeout(() => this.end(run, 'timeout'), options.timeLimitMs ?? this.options.timeLimitMs);
          this.send({
            type: 'run',
            id,
            code,
            filename: options.filename ?? 'main.py',
            env: this.options.env,
            timeline: options.timeline ?? false,
          });
        });
      } finally {
        release();
      }
    })();
    return { id, done, stop: () => handleStop() };
  }

  /**
   * Ends a run: first as Ctrl+C would (KeyboardInterrupt at the program's next
   * wait, so its finally blocks run); a program busy in code that never waits is
   * then interrupted where the sandbox can do that, and the runtime stays loaded.
   * If the run has still not ended after the grace period, the worker is replaced.
   */
  private end(run: ActiveRun, reason: 'stopped' | 'timeout'): void {
    if (this.active !== run || run.ending) return;
    run.ending = reason;
    this.send({ type: 'stop', id: run.id });
    if (this.pathValue === 'atomics') this.frame?.contentWindow?.postMessage({ type: 'stop', run: run.id }, '*');
    let grace = this.options.stopGraceMs;
    if (this.canInterrupt) {
      setTimeout(() => {
        if (this.active === run) this.frame?.contentWindow?.postMessage({ type: 'interrupt' }, '*');
      }, INTERRUPT_AFTER_MS);
      grace += INTERRUPT_AFTER_MS;
    }
    setTimeout(() => {
      if (this.active !== run) return;
      run.settle({
        status: reason,
        exitCode: 130,
        durationMs: performance.now() - run.started,
        message: this.endingMessage(run),
      });
      // The worker is stuck in the program: replace it, and load a fresh runtime.
      this.loading = this.startWorker();
      this.loading.catch(() => {});
    }, grace);
  }

  /** Removes the sandbox (tests, or a page that no longer needs Python). */
  dispose(): void {
    this.port?.close();
    this.frame?.remove();
    this.frame = undefined;
    this.frameReady = undefined;
    this.loading = undefined;
    this.setState('idle');
  }
}
