import type { PyodideAPI } from 'pyodide';
import type { OutputChunk, OutputStream, Timeline } from './protocol';
import { TimelineBuilder } from './timeline.ts';

/**
 * The Python engine: one Pyodide instance, the harness from ./python, and the
 * JavaScript side of its waits. Knows nothing of workers or pages, so the Web
 * Worker (./worker.ts) and the Node harness (scripts/py.ts) run programs through
 * the very same code.
 */

/** The harness modules, as text; their file names become their module names. */
export interface HarnessSources {
  'walkthrough_loop.py': string;
  'walkthrough_runner.py': string;
  'walkthrough_timeline.py': string;
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
}

interface PyRunner {
  run: { callPromising(code: string, filename: string, env: unknown, timeline: boolean): Promise<number> };
}

const HARNESS_DIR = '/lib/walkthrough';

export class PythonEngine {
  private waitTimer: ReturnType<typeof setTimeout> | undefined;
  private resolveWait: ((stop: boolean) => void) | undefined;
  private stopRequested = false;
  private runStarted = 0;
  private callbacks: RunCallbacks | undefined;
  private timeline: TimelineBuilder | undefined;
  private readonly decoders: Record<OutputStream, TextDecoder> = {
    stdout: new TextDecoder(),
    stderr: new TextDecoder(),
  };
  private readonly runner: PyRunner;
  private busy = false;
  /** Time this run spent suspended (sleeps, timer waits, input): not CPU time. */
  private suspendedMs = 0;
  private readonly pyodide: PyodideAPI;

  constructor(pyodide: PyodideAPI, harness: HarnessSources) {
    this.pyodide = pyodide;
    pyodide.FS.mkdirTree(HARNESS_DIR);
    for (const [name, text] of Object.entries(harness)) pyodide.FS.writeFile(`${HARNESS_DIR}/${name}`, text);
    pyodide.runPython(`import sys\nif ${JSON.stringify(HARNESS_DIR)} not in sys.path: sys.path.insert(0, ${JSON.stringify(HARNESS_DIR)})`);
    for (const stream of ['stdout', 'stderr'] as const) {
      const write = (bytes: Uint8Array): number => {
        this.emit(stream, this.decoders[stream].decode(bytes, { stream: true }));
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

  /** What Python calls: see the comments at the top of walkthrough_loop.py. */
  private host() {
    return {
      wait: (seconds: number | undefined | null) => this.wait(seconds ?? null),
      wake: () => this.finishWait(false),
      block: (seconds: number) => this.wait(seconds),
      suspendedSeconds: () => this.suspendedMs / 1000,
      // undefined reaches Python as None (null would arrive as pyodide's jsnull).
      readLine: async (prompt: string) => (await this.callbacks?.readLine?.(prompt)) ?? undefined,
      timeline: (update: string) => this.updateTimeline(update),
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

  private emit(stream: OutputStream, text: string): void {
    if (text === '' || !this.callbacks) return;
    this.callbacks.onOutput({ stream, text, t: performance.now() - this.runStarted });
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
    let status: EngineResult['status'] = 'ok';
    let exitCode = 0;
    try {
      const pyEnv = this.pyodide.toPy(options.env ?? {});
      try {
        exitCode = await this.runner.run.callPromising(code, filename, pyEnv, timeline !== undefined);
      } finally {
        pyEnv.destroy();
      }
      status = exitCode === 0 ? 'ok' : 'error';
    } catch (error) {
      if (isKeyboardInterrupt(error)) {
        status = 'stopped';
        exitCode = 130;
      } else {
        // A failure of the harness itself, not of the program: still report it, in full.
        status = 'error';
        exitCode = 1;
        this.emit('stderr', `Internal error in the Python runtime:\n${String(error)}\n`);
      }
    } finally {
      for (const stream of ['stdout', 'stderr'] as const) this.emit(stream, this.decoders[stream].decode());
      this.callbacks = undefined;
      this.timeline = undefined;
      this.stopRequested = false;
      this.busy = false;
    }
    const durationMs = performance.now() - this.runStarted;
    return { status, exitCode, durationMs, ...(timeline ? { timeline: timeline.snapshot(durationMs) } : {}) };
  }
}

function isKeyboardInterrupt(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { type?: unknown }).type === 'KeyboardInterrupt'
  );
}
