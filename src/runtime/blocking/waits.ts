/**
 * The blocking runtime path: how Python waits where WebAssembly cannot suspend (no JSPI: Safari and
 * every iOS browser, or a suspension that fails at load).
 *
 * On the other path (`jspi`), asyncio's loop suspends its WebAssembly stack on a JavaScript promise
 * and the worker's event loop runs meanwhile. Here the whole program is one synchronous call into
 * Python, so every wait must return only when it is over, and nothing that needs the worker's event
 * loop (a promise, a timer, a message on its port) happens until the program ends. What the program
 * waits for must therefore reach the worker some other way:
 *
 * - `atomics` (the site is cross-origin isolated, so the sandbox frame can share memory with the
 *   worker): the worker sleeps in `Atomics.wait` on a mailbox the frame writes to. The frame puts
 *   there the reader's Stop, the lines typed for input(), and the answers of the fetches it makes on
 *   the program's behalf (./shared-memory-waits.ts; the frame's half is in ../sandbox/sandbox-main.js).
 * - `busy-wait` (no shared memory): the worker spins until a timer is due, fetches synchronously,
 *   and has no way to hear the reader; Stop replaces the worker (./self-contained-waits.ts).
 */

/** A request the program made with pyfetch(). */
export interface FetchRequest {
  url: string;
  method: string;
  headers: [string, string][];
  /** The body, as text (bytes as Latin-1), or null. */
  body: string | null;
  /** fetch()'s option, where the program gave one (a request with credentials must fail CORS as it would). */
  credentials?: RequestCredentials;
}

/** What pyfetch() gets back: the response's metadata, or why it failed. */
export type FetchOutcome =
  | {
      id: number;
      status: number;
      statusText: string;
      url: string;
      redirected: boolean;
      type: string;
      headers: [string, string][];
    }
  | { id: number; url: string; error: string };

/** A finished request, as Python reads it (python/walkthrough_fetch.py): metadata as JSON, the body's bytes. */
export interface FinishedFetch {
  meta: string;
  body: Uint8Array | undefined;
}

export interface BlockingWaits {
  /** Which blocking path this is: the value of `data-runtime-path`. */
  readonly path: 'atomics' | 'busy-wait';
  /** Blocks until `ms` have passed (null: until something arrives, such as a fetch's answer); true means "stop". */
  wait(ms: number | null): boolean;
  /** Whether a line the reader types can reach the worker while Python runs. */
  readonly canReadInput: boolean;
  /** Blocks until the reader sends a line for input(); null at the end of input (or a Stop). */
  readLine(): string | null;
  /** Starts a request on the program's behalf; its answer comes from takeFetchResults(). */
  startFetch(request: FetchRequest): number;
  abortFetch(id: number): void;
  /** The requests that finished since the last call. */
  takeFetchResults(): FinishedFetch[];
  /** Called as run `run` starts: nothing of an earlier run (a late answer, an old Stop) carries over. */
  reset(run?: number): void;
}

/** Metadata and body of a response, as the helpers of both blocking paths pass it on. */
export function finishedFetch(outcome: FetchOutcome, body?: Uint8Array): FinishedFetch {
  return { meta: JSON.stringify(outcome), body };
}
