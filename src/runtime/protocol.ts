/**
 * The messages between the page's runtime client and the Python worker. The
 * worker runs inside an opaque-origin sandboxed iframe (see sandbox/), so every
 * message crosses a structured-clone boundary: plain data only.
 */

export type OutputStream = 'stdout' | 'stderr';

/** A piece of output as the program wrote it; `t` is milliseconds since the run started. */
export interface OutputChunk {
  stream: OutputStream;
  text: string;
  t: number;
}

/** How a run ended. `stopped`: the reader asked; `timeout`: the time limit ended it. */
export type RunStatus = 'ok' | 'error' | 'stopped' | 'timeout';

export interface LoadProgress {
  loaded: number;
  total: number;
}

// ---- page -> worker ----
export interface RunRequest {
  type: 'run';
  id: number;
  code: string;
  /** Shown in tracebacks, e.g. "countasync.py". */
  filename: string;
  /** Environment variables the program sees in os.environ, for this run only. */
  env: Record<string, string>;
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
export type ToWorker = RunRequest | StopRequest | InputReply;

// ---- worker -> page ----
export interface ProgressMessage {
  type: 'progress';
  progress: LoadProgress;
}
export interface ReadyMessage {
  type: 'ready';
  version: string;
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
export interface DoneMessage {
  type: 'done';
  id: number;
  status: Exclude<RunStatus, 'timeout'>;
  exitCode: number;
  durationMs: number;
}
export type FromWorker =
  | ProgressMessage
  | ReadyMessage
  | LoadErrorMessage
  | OutputMessage
  | InputRequestMessage
  | DoneMessage;

const FROM_WORKER_TYPES = new Set<FromWorker['type']>(['progress', 'ready', 'load-error', 'output', 'input-request', 'done']);

/** Messages arrive from another document: check their shape before trusting them. */
export function isFromWorker(value: unknown): value is FromWorker {
  return (
    typeof value === 'object' &&
    value !== null &&
    FROM_WORKER_TYPES.has((value as { type?: unknown }).type as FromWorker['type'])
  );
}
