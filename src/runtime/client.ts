import { addHeldBack, TextOutputLimiter, type HeldBack } from './output-limits';
import type { FromWorker, LoadProgress, OutputChunk, RunStatus, RuntimePath, Timeline, ToWorker } from './protocol';
import { RunLock } from './run-lock';
import { fetchRuntimeFiles } from './runtime-files';
import { createSandboxFrame, type Sandbox } from './sandbox/frame';
import { checkFromWorker, MESSAGE_RATE, MessageRate } from './worker-messages';

/**
 * The page's side of the Python runtime: framework-free, one per page, shared
 * by every snippet on it. It owns the sandbox iframe and the worker inside it,
 * runs one program at a time (later runs wait their turn), and ends a program
 * that does not stop when asked by replacing the worker. Nothing the worker says
 * is believed unchecked (./worker-messages.ts), and no run shows more output than
 * the limits allow (./output-limits.ts): a worker that breaks either rule, or
 * fails, is replaced, and its run ends with a message that says so.
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
  /**
   * Code someone else wrote (a shared link): it runs in a worker no other program has used, which is
   * thrown away after it, so it can neither see nor change what the reader's own runs do.
   */
  untrusted?: boolean;
}

export interface RunResult {
  status: RunStatus;
  exitCode: number;
  durationMs: number;
  /** For `stopped` and `timeout`: what happened, in words for the reader. */
  message?: string;
  /** With `timeline`: the whole timeline (none when the worker had to be replaced). */
  timeline?: Timeline;
  /** Output the limits held back (src/runtime/output-limits.ts), when any was. */
  heldBack?: HeldBack;
  /** Why the worker is being replaced for the next run, in words for the reader, when it is. */
  replaced?: string;
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
  /** Makes the sandbox the worker runs in: by default, a hidden sandboxed frame in `container`. */
  sandbox?: () => Sandbox;
}

type ProgressListener = (progress: LoadProgress) => void;
type StateListener = (state: RuntimeState, error?: Error) => void;

interface ActiveRun {
  id: number;
  options: RunOptions;
  started: number;
  /** The page's own output limits for this run, whatever the worker's did. */
  limiter: TextOutputLimiter;
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
  private readonly options: Required<Omit<RuntimeOptions, 'container' | 'sandbox'>> &
    Pick<RuntimeOptions, 'container' | 'sandbox'>;
  private sandbox: Sandbox | undefined;
  private sandboxReady: Promise<Sandbox> | undefined;
  /** Whether the sandbox can interrupt a busy program (the site is cross-origin isolated). */
  private canInterrupt = false;
  private pathValue: RuntimePath | undefined;
  private port: MessagePort | undefined;
  private loading: Promise<void> | undefined;
  private workerSource: Promise<string> | undefined;
  private stateValue: RuntimeState = 'idle';
  private active: ActiveRun | undefined;
  private readonly lock = new RunLock();
  private rate = new MessageRate();
  private nextId = 1;
  /** Programs the current worker has run: one that must run in a worker of its own needs none. */
  private runsOnWorker = 0;
  /** Set once the current worker must not run another program. */
  private workerDirty = false;
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

  private ensureSandbox(): Promise<Sandbox> {
    if (this.sandboxReady) return this.sandboxReady;
    const sandbox = this.options.sandbox?.() ?? createSandboxFrame(this.options.container ?? document.body);
    sandbox.onMessage((message) => {
      if (message.type !== 'worker-error') return;
      // An error's last line says what it was ("ZeroDivisionError: division by zero"), not its traceback.
      const what = message.message.trim().split('\n').at(-1)?.slice(0, 300);
      this.replaceBrokenWorker(`its worker failed: ${what}`);
    });
    this.sandbox = sandbox;
    this.sandboxReady = sandbox.ready.then((ready) => {
      this.canInterrupt = ready.interrupts;
      return sandbox;
    });
    return this.sandboxReady;
  }

  private rejectLoad: ((error: Error) => void) | undefined;

  /**
   * The worker failed, or said what it may not: it can no longer be trusted. A load fails with the
   * reason; a run in progress ends with it, and a fresh worker starts for the next run.
   */
  private replaceBrokenWorker(reason: string): void {
    if (this.stateValue === 'loading') {
      this.rejectLoad?.(new Error(`The Python runtime could not start: ${reason}. Run again to retry.`));
      return;
    }
    if (this.stateValue !== 'ready') return;
    this.port?.close();
    this.port = undefined;
    const run = this.active;
    run?.settle({
      status: 'error',
      exitCode: 1,
      durationMs: performance.now() - run.started,
      message: `The Python runtime was replaced: ${reason}. Run again to start afresh.`,
    });
    this.loading = this.startWorker();
    this.loading.catch(() => {});
  }

  /** The message, when it is one the worker may send at this rate; else the worker is replaced. */
  private admit(value: unknown): FromWorker | undefined {
    if (!this.rate.admit()) {
      this.replaceBrokenWorker(`it sent more than ${MESSAGE_RATE.perSecond.toLocaleString('en')} messages in a second`);
      return undefined;
    }
    const checked = checkFromWorker(value);
    if (checked.ok) return checked.message;
    this.replaceBrokenWorker(`it sent ${checked.reason}`);
    return undefined;
  }

  private async startWorker(): Promise<void> {
    this.setState('loading');
    this.port?.close();
    this.pathValue = undefined;
    this.workerDirty = false;
    try {
      const missing = missingCapability();
      if (missing) throw new Error(missing);
      const [sandbox, source, files] = await Promise.all([
        this.ensureSandbox(),
        this.loadWorkerSource(),
        fetchRuntimeFiles(this.options.indexURL, (progress) => this.reportProgress(progress)),
      ]);
      const channel = new MessageChannel();
      this.port = channel.port1;
      this.rate = new MessageRate();
      this.runsOnWorker = 0;
      let startTimer: ReturnType<typeof setTimeout> | undefined;
      const ready = new Promise<void>((resolve, reject) => {
        this.rejectLoad = reject;
        channel.port1.onmessage = (event) => {
          const message = this.admit(event.data);
          if (!message) return;
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
      sandbox.post({ type: 'start', workerSource: source }, [channel.port2]);
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
    if (message.type === 'ready' || message.type === 'load-error') {
      this.replaceBrokenWorker(`it sent ${message.type} again, once loaded`);
      return;
    }
    const run = this.active;
    // Ours sends a run's messages while it runs, and its done last: anything else was forged.
    if (!run || message.id !== run.id) {
      this.replaceBrokenWorker(`it sent ${message.type} for run ${message.id}, which is not running`);
      return;
    }
    switch (message.type) {
      case 'output':
        for (const chunk of message.chunks) {
          if (chunk.heldBack !== undefined) {
            run.options.onOutput?.(chunk);
            continue;
          }
          const text = run.limiter.take(chunk.stream, chunk.text);
          if (text) run.options.onOutput?.({ ...chunk, text });
        }
        return;
      case 'input-request': {
        const answer = run.options.onInput?.(message.prompt) ?? Promise.resolve(null);
        void answer.then((line) => {
          // A program on the atomics path hears only its mailbox, which the frame writes.
          if (this.pathValue === 'atomics') this.sandbox?.post({ type: 'input', run: run.id, line });
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
        const heldBack = addHeldBack(message.heldBack, run.limiter.heldBack);
        const replaced = this.replacedAfter(run, message.leftovers);
        run.settle({
          status,
          exitCode: message.exitCode,
          durationMs: message.durationMs,
          ...(run.ending ? { message: this.endingMessage(run) } : {}),
          ...(message.timeline ? { timeline: message.timeline } : {}),
          ...(heldBack ? { heldBack } : {}),
          ...(replaced ? { replaced } : {}),
        });
        return;
      }
    }
  }

  /**
   * Whether the worker must go after this run, and why: the run left something behind, or its code
   * came from someone else. A fresh worker starts at once, so the next run finds it loading or ready.
   */
  private replacedAfter(run: ActiveRun, leftovers: string[] = []): string | undefined {
    let reason: string | undefined;
    if (leftovers.length > 0) reason = `Python was restarted for the next run: this one left ${leftovers.join(', ')}.`;
    else if (run.options.untrusted) reason = 'Python was restarted for the next run: code from a link runs on its own.';
    if (!reason) return undefined;
    this.workerDirty = true;
    queueMicrotask(() => {
      if (!this.workerDirty) return;
      this.loading = this.startWorker();
      this.loading.catch(() => {});
    });
    return reason;
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
      const release = await this.lock.acquire();
      try {
        if (stopRequested)
          return { status: 'stopped', exitCode: 130, durationMs: 0, message: 'Stopped before it started.' };
        // Code from someone else gets a worker no run has used.
        if (options.untrusted && this.runsOnWorker > 0 && this.stateValue === 'ready') this.workerDirty = true;
        if (this.workerDirty) this.loading = this.startWorker();
        await this.prepare();
        this.runsOnWorker++;
        return await new Promise<RunResult>((settle) => {
          const run: ActiveRun = {
            id,
            options,
            started: performance.now(),
            limiter: new TextOutputLimiter(),
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
    if (this.pathValue === 'atomics') this.sandbox?.post({ type: 'stop', run: run.id });
    let grace = this.options.stopGraceMs;
    if (this.canInterrupt) {
      setTimeout(() => {
        if (this.active === run) this.sandbox?.post({ type: 'interrupt' });
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
    this.sandbox?.remove();
    this.sandbox = undefined;
    this.sandboxReady = undefined;
    this.loading = undefined;
    this.setState('idle');
  }
}
