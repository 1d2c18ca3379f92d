import {
  finishedFetch,
  type BlockingWaits,
  type FetchOutcome,
  type FetchRequest,
  type FinishedFetch,
} from './waits.ts';
import type { WorkerToSandbox } from '../protocol.ts';

/**
 * The `atomics` path (see ./waits.ts): the worker's half of the mailbox the sandbox frame writes to
 * (../sandbox/sandbox-main.js, which creates the buffer and describes its layout). A wait is an
 * `Atomics.wait` on the mailbox's state word, so it ends at its timeout or as soon as the frame puts
 * something there: the reader's Stop, a line for input(), or the answer of a fetch the frame made.
 */

// The mailbox's layout, as sandbox-main.js writes it: three Int32 words, then the chunk's bytes.
const STATE = 0;
const LENGTH = 1;
const MORE = 2;
const EMPTY = 0;
const DATA_OFFSET = 16;

/** What the frame puts in the mailbox. Stop and input carry the run they are meant for. */
export type MailboxMessage =
  | { kind: 'stop'; run: number }
  | { kind: 'input'; run: number; line: string | null }
  | { kind: 'fetch'; outcome: FetchOutcome };

export class SharedMemoryWaits implements BlockingWaits {
  readonly path = 'atomics';
  readonly canReadInput = true;
  private readonly control: Int32Array;
  private readonly data: Uint8Array;
  private readonly post: (message: WorkerToSandbox) => void;
  private run = 0;
  private stopPending = false;
  private nextFetchId = 1;
  private finished: FinishedFetch[] = [];

  constructor(buffer: SharedArrayBuffer, post: (message: WorkerToSandbox) => void) {
    this.control = new Int32Array(buffer, 0, 3);
    this.data = new Uint8Array(buffer, DATA_OFFSET);
    this.post = post;
  }

  reset(run = 0): void {
    this.run = run;
    this.stopPending = false;
    this.finished = [];
  }

  wait(ms: number | null): boolean {
    const deadline = ms === null ? Infinity : performance.now() + ms;
    for (;;) {
      if (this.stopPending) {
        this.stopPending = false;
        return true;
      }
      const received = this.receive(deadline);
      if (!received) return false;
      // An answer ends the wait early: the loop has a future to resolve.
      if (this.take(received) === 'fetch') return false;
    }
  }

  readLine(): string | null {
    for (;;) {
      const received = this.receive(Infinity)!;
      if (received.message.kind === 'input' && received.message.run === this.run) return received.message.line;
      // Stop while input() waits: end of input now, KeyboardInterrupt at the next wait.
      if (this.take(received) === 'stop') return null;
    }
  }

  startFetch(request: FetchRequest): number {
    const id = this.nextFetchId++;
    this.post({ type: 'fetch', id, request });
    return id;
  }

  abortFetch(id: number): void {
    this.post({ type: 'abort-fetch', id });
  }

  takeFetchResults(): FinishedFetch[] {
    const finished = this.finished;
    this.finished = [];
    return finished;
  }

  /** Files a message away; says what it was, if it was for this run. */
  private take({ message, body }: { message: MailboxMessage; body: Uint8Array }): MailboxMessage['kind'] | undefined {
    if (message.kind === 'fetch') {
      this.finished.push(finishedFetch(message.outcome, body));
      return 'fetch';
    }
    if (message.run !== this.run) return undefined;
    if (message.kind === 'stop') this.stopPending = true;
    return message.kind;
  }

  /** The next whole message, or undefined when the deadline passes first. */
  private receive(deadline: number): { message: MailboxMessage; body: Uint8Array } | undefined {
    const chunks: Uint8Array[] = [];
    for (;;) {
      if (Atomics.load(this.control, STATE) === EMPTY) {
        // A message in several chunks is finished whatever the deadline: the frame is writing it.
        const left = chunks.length > 0 ? Infinity : deadline - performance.now();
        if (left <= 0) return undefined;
        Atomics.wait(this.control, STATE, EMPTY, left);
        continue;
      }
      const length = Atomics.load(this.control, LENGTH);
      chunks.push(this.data.slice(0, length));
      const more = Atomics.load(this.control, MORE) === 1;
      Atomics.store(this.control, STATE, EMPTY);
      this.post({ type: 'mailbox-read' });
      if (!more) return decode(chunks);
    }
  }
}

/** A message is a 4-byte length, that many bytes of JSON, then its body. */
function decode(chunks: Uint8Array[]): { message: MailboxMessage; body: Uint8Array } {
  const whole = chunks.length === 1 ? chunks[0]! : concat(chunks);
  const headerLength = new DataView(whole.buffer, whole.byteOffset).getUint32(0);
  const header = new TextDecoder().decode(whole.subarray(4, 4 + headerLength));
  return { message: JSON.parse(header) as MailboxMessage, body: whole.subarray(4 + headerLength) };
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const whole = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    whole.set(chunk, offset);
    offset += chunk.length;
  }
  return whole;
}
