/**
 * The messages between the page's runtime client and the Python worker. The
 * worker runs inside an opaque-origin sandboxed iframe (see sandbox/), so every
 * message crosses a structured-clone boundary: plain data, and the runtime
 * files' streams, which are transferred.
 */
import type { PyodideFile } from './assets';
import type { FetchOutcome, FetchRequest } from './blocking/waits';
import type { HeldBack } from './output-limits';

export type OutputStream = 'stdout' | 'stderr';

/** A piece of output as the program wrote it; `t` is milliseconds since the run started. */
export interface OutputChunk {
  stream: OutputStream;
  text: string;
  t: number;
  /**
   * Set on a mark, with no text, where the run limit held output back (src/runtime/output-limits.ts):
   * how much, in bytes. What follows is the end of the run's output.
   */
  heldBack?: number;
}

/**
 * How the runtime waits, chosen at load by what the browser can do (see src/runtime/blocking/waits.ts):
 * `jspi` suspends WebAssembly on a promise; `atomics` blocks the worker on memory shared with the
 * sandbox frame; `busy-wait` spins, where there is neither.
 */
export type RuntimePath = 'jspi' | 'atomics' | 'busy-wait';

/** How a run ended. `stopped`: the reader asked; `timeout`: the time limit ended it. */
export type RunStatus = 'ok' | 'error' | 'stopped' | 'timeout';

// ---- the timeline of a run (recorded by python/walkthrough_timeline.py) ----
/** How a task ended; `pending`: it had not ended when the run (or, live, the snapshot) did. */
export type TaskEnd = 'done' | 'error' | 'cancelled' | 'pending';
/**
 * A span of time, in milliseconds since the run started (the clock of OutputChunk.t).
 * One still open when the timeline was taken ends at the timeline's `durationMs`.
 */
export interface TimelineSlice {
  startMs: number;
  endMs: number;
}
/** A wait between two slices, and what the task waited on: "sleep 0.5 s", "Queue.get", "Task-2", "gather", "fetch"… */
export interface TimelineWait extends TimelineSlice {
  on: string;
}
/** One row: an asyncio task, or (id 0) the program's module-level code, "main program". */
export interface TimelineTask {
  id: number;
  /** The task's name, e.g. "Task-2". */
  name: string;
  /** The coroutine's qualified name, e.g. "main" or "Crawler.fetch"; "<module>" for the main program. */
  coroutine: string;
  /** The row that created it (0: the main program); null when not known. */
  parentId: number | null;
  createdMs: number;
  endedMs: number | null;
  state: TaskEnd;
  /** A short repr of the result (absent for None), or the exception as "ValueError: x". */
  outcome?: string;
  /** When it ran: for the main program, the time outside the event loop. */
  slices: TimelineSlice[];
  waits: TimelineWait[];
}
export interface Timeline {
  /** How much of the run this timeline covers. */
  durationMs: number;
  /** The main program first, then tasks in the order they were created. */
  tasks: TimelineTask[];
  /** Tasks past the cap (200 per run, the main program aside), not recorded. */
  droppedTasks: number;
  /** Slices of the recorded rows past the cap (10,000 per run), not recorded. Dropped tasks' slices are not counted. */
  droppedSlices: number;
}

export interface LoadProgress {
  /** Bytes of the runtime's files read so far, and in all, as they are once decoded. */
  loaded: number;
  total: number;
  /**
   * What the files take on the network, from this host's Content-Length headers: the compressed
   * size where the host compresses (about half of `total`); their gzipped size where a length is
   * missing.
   */
  transferTotal: number;
}

/**
 * A file of the runtime, as the page fetched it (through its service worker, so it can come from the
 * offline cache): a stream where the browser can transfer one, so that the worker compiles the
 * WebAssembly while it downloads; its bytes where not.
 */
export type RuntimeFileBody = ReadableStream<Uint8Array> | ArrayBuffer;

// ---- page -> worker ----
/** The first message: load Pyodide from these files. The worker itself fetches none. */
export interface LoadRequest {
  type: 'load';
  /** Absolute URL of the versioned Pyodide folder, ending in "/": what Pyodide thinks it loads from. */
  indexURL: string;
  /** Each runtime file by name (see PYODIDE_FILES). */
  files: Record<PyodideFile, RuntimeFileBody>;
}
export interface RunRequest {
  type: 'run';
  id: number;
  code: string;
  /** Shown in tracebacks, e.g. "countasync.py". */
  filename: string;
  /** Environment variables the program sees in os.environ, for this run only. */
  env: Record<string, string>;
  /** Record the run's timeline: `timeline` messages during the run, the final one with `done`. */
  timeline: boolean;
}
export interface StopRequest {
  type: 'stop';
  id: number;
}
export interface InputReply {
  type: 'input';
  id: number;
  /** null: no more input (EOF). */
  line: string | null;
}
export type ToWorker = LoadRequest | RunRequest | StopRequest | InputReply;

// ---- worker -> page ----
export interface ReadyMessage {
  type: 'ready';
  version: string;
  path: RuntimePath;
  /** Milliseconds the worker took to load Pyodide and the harness. */
  loadMs: number;
}
export interface LoadErrorMessage {
  type: 'load-error';
  message: string;
}
export interface OutputMessage {
  type: 'output';
  id: number;
  chunks: OutputChunk[];
}
export interface InputRequestMessage {
  type: 'input-request';
  id: number;
  prompt: string;
}
/** The timeline so far, during a run that records one; sent at most every few hundred milliseconds. */
export interface TimelineMessage {
  type: 'timeline';
  id: number;
  timeline: Timeline;
}
export interface DoneMessage {
  type: 'done';
  id: number;
  status: Exclude<RunStatus, 'timeout'>;
  exitCode: number;
  durationMs: number;
  /** The whole timeline, when the run recorded one. */
  timeline?: Timeline;
  /** What the worker's output limits held back (src/runtime/output-limits.ts), when anything. */
  heldBack?: HeldBack;
  /** What the run left in the worker that a later run would inherit (src/runtime/leftovers.ts): the page replaces it. */
  leftovers?: string[];
}
export type FromWorker =
  ReadyMessage | LoadErrorMessage | OutputMessage | InputRequestMessage | TimelineMessage | DoneMessage;

// ---- page <-> sandbox frame (sandbox/sandbox-main.js), before and beside the port ----
/** Start a worker from this source, talking over the port sent with it; a new start replaces the old worker. */
export interface StartWorker {
  type: 'start';
  workerSource: string;
}
/** Interrupt the running program between bytecodes (where the frame shares memory with its worker). */
export interface InterruptProgram {
  type: 'interrupt';
}
/** For a program on the atomics path, which hears only the mailbox the frame writes: the reader's Stop. */
export interface StopBlockedRun {
  type: 'stop';
  run: number;
}
/** Likewise, a line the reader typed for input() (null: end of input). */
export interface InputForBlockedRun {
  type: 'input';
  run: number;
  line: string | null;
}
export type ToSandbox = StartWorker | InterruptProgram | StopBlockedRun | InputForBlockedRun;

export interface SandboxReady {
  type: 'sandbox-ready';
  /** Whether the frame can interrupt a busy program (it shares memory with its worker). */
  interrupts: boolean;
}
/** The worker failed: it did not start, or threw outside any run's handling. */
export interface WorkerError {
  type: 'worker-error';
  message: string;
}
export type FromSandbox = SandboxReady | WorkerError;

/** The frame's messages, checked: the frame is ours, but runs next to the program's worker. */
export function isFromSandbox(value: unknown): value is FromSandbox {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as Partial<Record<string, unknown>>;
  if (message['type'] === 'sandbox-ready') return typeof message['interrupts'] === 'boolean';
  return message['type'] === 'worker-error' && typeof message['message'] === 'string';
}

// ---- sandbox frame <-> worker ----
/** The frame's first message to the worker. */
export interface WorkerInit {
  type: 'init';
  port: MessagePort;
  /** Shared with the sandbox frame where the site is cross-origin isolated: it writes SIGINT here. */
  interruptBuffer?: Int32Array | undefined;
  /** Shared likewise: the mailbox of the blocking path (see blocking/shared-memory-waits.ts). */
  mailbox?: SharedArrayBuffer | undefined;
}
/**
 * What the worker asks of the frame (posted to it, which works while Python runs): the program's
 * requests, answered by a message (`byMessage`, the jspi path) or in the mailbox, and, on the
 * atomics path, that the mailbox is empty again.
 */
export type WorkerToSandbox =
  | { type: 'mailbox-read' }
  | { type: 'fetch'; id: number; request: FetchRequest; byMessage?: boolean }
  | { type: 'abort-fetch'; id: number };
/** The answer of a fetch made with `byMessage`. */
export interface FetchAnswer {
  type: 'fetch-answer';
  outcome: FetchOutcome;
  body?: Uint8Array<ArrayBuffer> | undefined;
}
