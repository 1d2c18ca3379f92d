import type { PyodideAPI } from 'pyodide';
import type { BlockingWaits, FetchRequest } from './blocking/waits';
import { ByteOutputLimiter, type HeldBack } from './output-limits.ts';
import type { OutputChunk, OutputStream, RuntimePath, Timeline } from './protocol';
import { TimelineBuilder } from './timeline.ts';

/**
 * The Python engine: one Pyodide instance, the harness from ./python, and the
 * JavaScript side of its waits. Knows nothing of workers or pages, so the Web
 * Worker (./worker.ts) and the Node harness (scripts/py.ts) run programs through
 * the very same code.
 *
 * It waits in one of two ways, the runtime's path: by suspending WebAssembly on a
 * promise (`jspi`), or, given BlockingWaits, by blocking its thread (./blocking/).
 */

/** The harness modules, as text; their file names become their module names. */
export interface HarnessSources {
  'walkthrough_loop.py': string;
  'walkthrough_runner.py': string;
  'walkthrough_timeline.py': string;
  'walkthrough_fetch.py': string;
}

export interface RunCallbacks {
  onOutput(chunk: OutputChunk): void;
  /** input(): a line, or null for end of input. */
  readLine?(prompt: string): Promise<string | null>;
  /**
   * The timeline changed, in a run that records one (as often as the program
   * suspends: throttle what you send). `snapshot()` returns it as it stands
   * now: the same object each time, updated in place, so copy it to keep it.
   */
  onTimeline?(snapshot: () => Timeline): void;
  /**
   * On the blocking path, the thread is about to block for `ms` (null: until something arrives): no
   * timer of this thread fires until the run ends, so send what should not wait that long.
   */
  beforeBlock?(ms: number | null): void;
}

export interface EngineRunOptions {
  /** Environment variables the program sees in os.environ, for this run only. */
  env?: Record<string, string>;
  /** Record the run's timeline (its tasks, when they ran and what they waited on). */
  timeline?: boolean;
}

export interface EngineResult {
  status: 'ok' | 'error' | 'stopped';
  exitCode: number;
  durationMs: number;
  /** The whole timeline, when the run recorded one. */
  timeline?: Timeline;
  /** What the output limits held back, when they held back anything. */
  heldBack?: HeldBack;
}

type RunProgram = (code: string, filename: string, env: unknown, timeline: boolean) => number;

interface PyRunner {
  run: RunProgram & { callPromising(...args: Parameters<RunProgram>): Promise<number> };
}

const HARNESS_DIR = '/lib/walkthrough';

export class PythonEngine {
  private waitTimer: ReturnType<typeof setTimeout> | undefined;
  private resolveWait: ((stop: boolean) => void) | undefined;
  private stopRequested = false;
  private runStarted = 0;
  private callbacks: RunCallbacks | undefined;
  private timeline: TimelineBuilder | undefined;
  /** The run's output limits, applied to the bytes as written, before any of them is decoded. */
  private limiter: ByteOutputLimiter | undefined;
  private readonly decoders: Record<OutputStream, TextDecoder> = {
    stdout: new TextDecoder(),
    stderr: new TextDecoder(),
  };
  private readonly runner: PyRunner;
  private busy = false;
  /** Time this run spent suspended (sleeps, timer waits, input): not CPU time. */
  private suspendedMs = 0;
  private readonly pyodide: PyodideAPI;
  private readonly blocking: BlockingWaits | undefined;

  /** Without `blocking`, the engine suspends WebAssembly to wait: see suspensionWorks(). */
  constructor(pyodide: PyodideAPI, harness: HarnessSources, blocking?: BlockingWaits) {
    this.pyodide = pyodide;
    this.blocking = blocking;
    pyodide.FS.mkdirTree(HARNESS_DIR);
    for (const [name, text] of Object.entries(harness)) pyodide.FS.writeFile(`${HARNESS_DIR}/${name}`, text);
    pyodide.runPython(
      `import sys\nif ${JSON.stringify(HARNESS_DIR)} not in sys.path: sys.path.insert(0, ${JSON.stringify(HARNESS_DIR)})`,
    );
    for (const stream of ['stdout', 'stderr'] as const) {
      const write = (bytes: Uint8Array): number => {
        const t = performance.now() - this.runStarted;
        for (const part of this.limiter?.take(stream, bytes, t) ?? [bytes])
          this.emit(stream, this.decoders[stream].decode(part, { stream: true }), t);
        return bytes.length;
      };
      if (stream === 'stdout') pyodide.setStdout({ write, isatty: false });
      else pyodide.setStderr({ write, isatty: false });
    }
    const runner = pyodide.pyimport('walkthrough_runner') as unknown as PyRunner & { install(host: unknown): void };
    runner.install(this.host());
    this.runner = runner;
  }

  get version(): string {
    return this.pyodide.version;
  }

  get path(): RuntimePath {
    return this.blocking?.path ?? 'jspi';
  }

  /** What Python calls: see the comments at the top of walkthrough_loop.py. */
  private host() {
    const common = {
      wake: () => this.finishWait(false),
      suspendedSeconds: () => this.suspendedMs / 1000,
      timeline: (update: string) => this.updateTimeline(update),
    };
    const blocking = this.blocking;
    if (!blocking) {
      return {
        ...common,
        blocking: false,
        wait: (seconds: number | undefined | null) => this.wait(seconds ?? null),
        block: (seconds: number) => this.wait(seconds),
        // undefined reaches Python as None (null would arrive as pyodide's jsnull).
        readLine: async (prompt: string) => (await this.callbacks?.readLine?.(prompt)) ?? undefined,
      };
    }
    const blockFor = (seconds: number | null): boolean => {
      const ms = seconds === null ? null : seconds * 1000;
      this.callbacks?.beforeBlock?.(ms);
      const started = performance.now();
      const stop = blocking.wait(ms);
      this.suspendedMs += performance.now() - started;
      return stop;
    };
    return {
      ...common,
      blocking: true,
      wait: (seconds: number | undefined | null) => blockFor(seconds ?? null),
      block: (seconds: number) => blockFor(seconds),
      readLine: (prompt: string) => {
        if (!blocking.canReadInput) {
          this.emit('stderr', INPUT_UNREACHABLE);
          return undefined;
        }
        // The request goes to the page; its answer comes through the blocking waits, not this promise.
        void this.callbacks?.readLine?.(prompt);
        this.callbacks?.beforeBlock?.(null);
        const started = performance.now();
        const line = blocking.readLine();
        this.suspendedMs += performance.now() - started;
        return line ?? undefined;
      },
      startFetch: (url: string, options: string) =>
        blocking.startFetch({ url, ...(JSON.parse(options) as Omit<FetchRequest, 'url'>) }),
      abortFetch: (id: number) => blocking.abortFetch(id),
      takeFetchResults: () => blocking.takeFetchResults(),
    };
  }

  private wait(seconds: number | null): Promise<boolean> {
    if (this.stopRequested) {
      this.stopRequested = false;
      return Promise.resolve(true);
    }
    const started = performance.now();
    return new Promise<boolean>((resolve) => {
      this.resolveWait = (stop) => {
        this.suspendedMs += performance.now() - started;
        resolve(stop);
      };
      if (seconds !== null) this.waitTimer = setTimeout(() => this.finishWait(false), seconds * 1000);
    });
  }

  private finishWait(stop: boolean): void {
    clearTimeout(this.waitTimer);
    this.waitTimer = undefined;
    const resolve = this.resolveWait;
    this.resolveWait = undefined;
    resolve?.(stop);
  }

  private updateTimeline(update: string): void {
    const timeline = this.timeline;
    if (!timeline) return;
    timeline.apply(update);
    this.callbacks?.onTimeline?.(() => timeline.snapshot(performance.now() - this.runStarted));
  }

  private emit(stream: OutputStream, text: string, t = performance.now() - this.runStarted): void {
    if (text === '' || !this.callbacks) return;
    this.callbacks.onOutput({ stream, text, t });
  }

  /** The end of a run that printed past the run limit: a mark where output was held back, then its last lines. */
  private emitTail(limiter: ByteOutputLimiter): void {
    const { gap, tail } = limiter.finish();
    if (gap > 0)
      this.callbacks?.onOutput({
        stream: 'stdout',
        text: '',
        t: tail[0]?.t ?? performance.now() - this.runStarted,
        heldBack: gap,
      });
    for (const kept of tail)
      this.emit(kept.stream, this.decoders[kept.stream].decode(kept.value, { stream: true }), kept.t);
  }

  /**
   * Asks a running program to stop, as Ctrl+C would: the next time it waits
   * (an await, a sleep, input()) it gets KeyboardInterrupt, its tasks are
   * cancelled and their `finally` blocks run. A program that never waits cannot
   * hear this; the worker's owner ends such a program by terminating the worker.
   */
  requestStop(): void {
    if (!this.busy) return;
    if (this.resolveWait) this.finishWait(true);
    else this.stopRequested = true;
  }

  /** Runs a program. */
  async run(
    code: string,
    filename: string,
    callbacks: RunCallbacks,
    options: EngineRunOptions = {},
  ): Promise<EngineResult> {
    if (this.busy) throw new Error('A program is already running in this engine');
    this.busy = true;
    this.stopRequested = false;
    this.suspendedMs = 0;
    this.callbacks = callbacks;
    this.runStarted = performance.now();
    const timeline = options.timeline ? new TimelineBuilder(this.runStarted) : undefined;
    this.timeline = timeline;
    const limiter = new ByteOutputLimiter();
    this.limiter = limiter;
    let status: EngineResult['status'] = 'ok';
    let exitCode = 0;
    try {
      const pyEnv = this.pyodide.toPy(options.env ?? {});
      try {
        exitCode = this.blocking
          ? this.runner.run(code, filename, pyEnv, timeline !== undefined)
          : await this.runner.run.callPromising(code, filename, pyEnv, timeline !== undefined);
      } finally {
        pyEnv.destroy();
      }
      status = exitCode === 0 ? 'ok' : 'error';
    } catch (error) {
      const exited = exitStatus(error);
      if (isKeyboardInterrupt(error)) {
        status = 'stopped';
        exitCode = 130;
      } else if (exited !== undefined) {
        // os._exit(): Python ends as the process would, with that status; this Pyodide is over (see worker.ts).
        exitCode = exited;
        status = exited === 0 ? 'ok' : 'error';
      } else {
        // A failure of the harness itself, not of the program: still report it, in full.
        status = 'error';
        exitCode = 1;
        this.emit('stderr', `Internal error in the Python runtime:\n${String(error)}\n`);
      }
    } finally {
      this.emitTail(limiter);
      for (const stream of ['stdout', 'stderr'] as const) this.emit(stream, this.decoders[stream].decode());
      this.callbacks = undefined;
      this.timeline = undefined;
      this.limiter = undefined;
      this.stopRequested = false;
      this.busy = false;
    }
    const durationMs = performance.now() - this.runStarted;
    const { heldBack } = limiter;
    return {
      status,
      exitCode,
      durationMs,
      ...(timeline ? { timeline: timeline.snapshot(durationMs) } : {}),
      ...(heldBack.bytes > 0 ? { heldBack } : {}),
    };
  }
}

/** What input() prints where the reader's typing cannot reach the program, before it reads end of input. */
const INPUT_UNREACHABLE =
  'input() cannot be answered in this browser: without shared memory (a cross-origin isolated site), ' +
  'nothing typed can reach a running program here. It reads end of input instead; run it locally with python3 to type.\n';

/**
 * Whether this engine can wait by suspending WebAssembly: the browser has JSPI, and a suspension
 * really works (Pyodide takes another call path on iOS, where suspending fails). Tried once, at load.
 */
export async function suspensionWorks(pyodide: PyodideAPI): Promise<boolean> {
  const wasm = WebAssembly as unknown as { Suspending?: unknown; promising?: unknown };
  if (typeof wasm.Suspending !== 'function' || typeof wasm.promising !== 'function') return false;
  const probe = pyodide.runPython(
    'from pyodide.ffi import run_sync\ndef suspension_probe(promise):\n    return run_sync(promise)\nsuspension_probe',
  ) as unknown as { callPromising(promise: Promise<number>): Promise<number>; destroy(): void };
  let works = false;
  try {
    works = (await probe.callPromising(new Promise((resolve) => setTimeout(() => resolve(42), 0)))) === 42;
  } catch {
    // A failed suspension can be fatal to this Pyodide: the caller checks before using it again.
    return false;
  }
  probe.destroy();
  pyodide.runPython('del suspension_probe');
  return works;
}

/** The status of the exit os._exit() makes (Pyodide raises it as an Error named Exit), else undefined. */
function exitStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { name, status } = error as { name?: unknown; status?: unknown };
  return (name === 'Exit' || name === 'ExitStatus') && typeof status === 'number' ? status : undefined;
}

function isKeyboardInterrupt(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { type?: unknown }).type === 'KeyboardInterrupt';
}
