import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PythonRuntime, type RunOptions } from '../../src/runtime/client.ts';
import { OUTPUT_LIMITS } from '../../src/runtime/output-limits.ts';
import type { FromSandbox, OutputChunk, ToSandbox, ToWorker } from '../../src/runtime/protocol.ts';
import type { Sandbox } from '../../src/runtime/sandbox/frame.ts';

/**
 * PythonRuntime against a stand-in sandbox: each `start` gets a fake worker on the real port the
 * client hands over, which the test speaks for, as a faithful worker or as a program that took it over.
 */
class FakeWorker {
  readonly received: ToWorker[] = [];
  private readonly waiters: Array<() => void> = [];
  private readonly port: MessagePort;
  constructor(port: MessagePort) {
    this.port = port;
    port.onmessage = (event: MessageEvent<ToWorker>) => {
      this.received.push(event.data);
      for (const wake of this.waiters.splice(0)) wake();
    };
  }

  send(message: unknown): void {
    this.port.postMessage(message);
  }

  /** The next message of this type the client sends that was not taken yet. */
  async next<Type extends ToWorker['type']>(type: Type): Promise<Extract<ToWorker, { type: Type }>> {
    for (;;) {
      const index = this.received.findIndex((message) => message.type === type);
      if (index !== -1) return this.received.splice(index, 1)[0] as Extract<ToWorker, { type: Type }>;
      await new Promise<void>((wake) => this.waiters.push(wake));
    }
  }

  /** Answers the load as the real worker does. */
  async becomeReady(): Promise<void> {
    await this.next('load');
    this.send({ type: 'ready', version: '0.29.0', path: 'jspi', loadMs: 5 });
  }
}

class FakeSandbox implements Sandbox {
  readonly ready = Promise.resolve({ type: 'sandbox-ready', interrupts: false } as const);
  readonly posted: ToSandbox[] = [];
  readonly workers: FakeWorker[] = [];
  private readonly listeners = new Set<(message: FromSandbox) => void>();
  private readonly waiters: Array<() => void> = [];

  post(message: ToSandbox, transfer: Transferable[] = []): void {
    this.posted.push(message);
    if (message.type === 'start') this.workers.push(new FakeWorker(transfer[0] as MessagePort));
    for (const wake of this.waiters.splice(0)) wake();
  }

  onMessage(listener: (message: FromSandbox) => void): void {
    this.listeners.add(listener);
  }

  emit(message: FromSandbox): void {
    for (const listener of this.listeners) listener(message);
  }

  remove(): void {}

  /** The `count`th worker started (1: the first). */
  async worker(count: number): Promise<FakeWorker> {
    while (this.workers.length < count) await new Promise<void>((wake) => this.waiters.push(wake));
    return this.workers[count - 1]!;
  }
}

let sandbox: FakeSandbox;
let runtime: PythonRuntime;

beforeEach(() => {
  // What the client fetches before it starts a worker: the worker's source and the runtime's files.
  vi.stubGlobal('fetch', async (url: string) =>
    url.endsWith('manifest.json') ? Response.json({ files: {} }) : new Response('bytes'),
  );
  vi.stubGlobal('Worker', class {});
  sandbox = new FakeSandbox();
  runtime = new PythonRuntime({
    indexURL: 'https://site.test/pyodide/',
    workerUrl: 'https://site.test/worker.js',
    sandbox: () => sandbox,
    stopGraceMs: 20,
  });
});

afterEach(() => {
  runtime.dispose();
  vi.unstubAllGlobals();
});

/** A run whose output the test collects. */
function run(code: string, options: RunOptions = {}) {
  const output: OutputChunk[] = [];
  const handle = runtime.run(code, { ...options, onOutput: (chunk) => output.push(chunk) });
  return { handle, output, text: () => output.map((chunk) => chunk.text).join('') };
}

async function readyWorker(count = 1): Promise<FakeWorker> {
  const worker = await sandbox.worker(count);
  await worker.becomeReady();
  return worker;
}

/**
 * Runs `code`, which the `count`th worker started takes and ends as a faithful worker would: the
 * run after a replacement, or a retry, works.
 */
async function runsOnWorker(count: number, code: string) {
  const program = run(code);
  const worker = await readyWorker(count);
  const { id } = await worker.next('run');
  worker.send({ type: 'done', id, status: 'ok', exitCode: 0, durationMs: 1 });
  return program.handle.done;
}

describe('PythonRuntime', () => {
  it('runs one program at a time, in the order asked, each with its own output', async () => {
    const first = run('print(1)');
    const second = run('print(2)');
    const worker = await readyWorker();
    const firstRun = await worker.next('run');
    expect(firstRun.code).toBe('print(1)');
    worker.send({ type: 'output', id: firstRun.id, chunks: [{ stream: 'stdout', text: '1\n', t: 1 }] });
    // The second run is not sent while the first one lasts.
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(worker.received.filter((message) => message.type === 'run')).toEqual([]);
    worker.send({ type: 'done', id: firstRun.id, status: 'ok', exitCode: 0, durationMs: 2 });
    expect(await first.handle.done).toMatchObject({ status: 'ok', exitCode: 0 });
    const secondRun = await worker.next('run');
    expect(secondRun.code).toBe('print(2)');
    worker.send({ type: 'done', id: secondRun.id, status: 'error', exitCode: 1, durationMs: 2 });
    expect(await second.handle.done).toMatchObject({ status: 'error', exitCode: 1 });
    expect([first.text(), second.text()]).toEqual(['1\n', '']);
  });

  it.each([
    ['a message of a type it has none of', { type: 'grant-access' }, /unknown type "grant-access"/],
    [
      'a timeline of 20,000 rows',
      {
        type: 'timeline',
        id: 1,
        timeline: { durationMs: 1, tasks: Array(20_000).fill({}), droppedTasks: 0, droppedSlices: 0 },
      },
      /more rows/,
    ],
    [
      'output on a made-up stream',
      { type: 'output', id: 1, chunks: [{ stream: 'stdpage', text: 'x', t: 0 }] },
      /unknown stream/,
    ],
  ])('replaces a worker that sends %s, and ends its run saying so', async (_, message, reason) => {
    const program = run('import js');
    const worker = await readyWorker();
    await worker.next('run');
    worker.send(message);
    const result = await program.handle.done;
    expect(result.status).toBe('error');
    expect(result.message).toMatch(/^The Python runtime was replaced: it sent /);
    expect(result.message).toMatch(reason);
    expect(await runsOnWorker(2, 'print("after")')).toMatchObject({ status: 'ok' });
  });

  it('replaces a worker that sends for a run that is not running: a forged end, then more', async () => {
    const program = run('forge()');
    const worker = await readyWorker();
    const { id } = await worker.next('run');
    for (let index = 0; index < 2; index++) worker.send({ type: 'done', id, status: 'ok', exitCode: 0, durationMs: 1 });
    // The first end is the program's own to forge; the second shows the worker is not ours.
    expect(await program.handle.done).toMatchObject({ status: 'ok' });
    // The second end comes a message later: the next run starts once the replacement is under way.
    await sandbox.worker(2);
    expect(await runsOnWorker(2, 'print("after")')).toMatchObject({ status: 'ok' });
  });

  it('replaces a worker whose run left something behind, saying so, and the next run gets the fresh one', async () => {
    const program = run('js.setTimeout(busy, 200)');
    const worker = await readyWorker();
    const { id } = await worker.next('run');
    worker.send({
      type: 'done',
      id,
      status: 'ok',
      exitCode: 0,
      durationMs: 1,
      leftovers: ['1 JavaScript timer still to fire'],
    });
    const result = await program.handle.done;
    expect(result.replaced).toBe(
      'Python was restarted for the next run: this one left 1 JavaScript timer still to fire.',
    );
    expect(await runsOnWorker(2, 'print("innocent")')).toMatchObject({ status: 'ok' });
    expect(worker.received.filter((message) => message.type === 'run')).toEqual([]);
    expect(sandbox.workers).toHaveLength(2);
  });

  it('keeps the worker across runs that leave nothing behind', async () => {
    void runtime.prepare();
    const worker = await readyWorker();
    for (const code of ['print(1)', 'print(2)']) {
      const program = run(code);
      const { id } = await worker.next('run');
      worker.send({ type: 'done', id, status: 'ok', exitCode: 0, durationMs: 1 });
      expect((await program.handle.done).replaced).toBeUndefined();
    }
    expect(sandbox.workers).toHaveLength(1);
  });

  it('runs untrusted code in a worker no run has used, and throws that worker away after it', async () => {
    const own = run('print("mine")');
    const worker = await readyWorker();
    const ownRun = await worker.next('run');
    worker.send({ type: 'done', id: ownRun.id, status: 'ok', exitCode: 0, durationMs: 1 });
    await own.handle.done;
    const linked = runtime.run('print("theirs")', { untrusted: true });
    const isolated = await readyWorker(2);
    const linkedRun = await isolated.next('run');
    expect(linkedRun.code).toBe('print("theirs")');
    isolated.send({ type: 'done', id: linkedRun.id, status: 'ok', exitCode: 0, durationMs: 1 });
    expect((await linked.done).replaced).toMatch(/code from a link runs on its own/);
    expect(await runsOnWorker(3, 'print("mine again")')).toMatchObject({ status: 'ok' });
  });

  it('replaces a worker that floods the page with messages', async () => {
    const program = run('flood()');
    const worker = await readyWorker();
    const { id } = await worker.next('run');
    for (let index = 0; index < 1_500; index++)
      worker.send({ type: 'output', id, chunks: [{ stream: 'stdout', text: '.', t: index }] });
    const result = await program.handle.done;
    expect(result).toMatchObject({ status: 'error' });
    expect(result.message).toMatch(/more than 1,000 messages in a second/);
    expect(program.text().length).toBeLessThanOrEqual(1_000);
    await sandbox.worker(2);
  });

  it('ends the active run when its worker fails after it started', async () => {
    const program = run('print(1)');
    await (await readyWorker()).next('run');
    sandbox.emit({ type: 'worker-error', message: 'RangeError: Maximum call stack size exceeded' });
    const result = await program.handle.done;
    expect(result.status).toBe('error');
    expect(result.message).toMatch(/its worker failed: RangeError/);
    await sandbox.worker(2);
  });

  it('fails a load that its worker breaks, with the reason, and retries on the next run', async () => {
    const program = run('print(1)');
    const worker = await sandbox.worker(1);
    await worker.next('load');
    worker.send({ type: 'done', id: 99, status: 'sideways' });
    await expect(program.handle.done).rejects.toThrow(/could not start: it sent done with an unknown status/);
    expect(runtime.state).toBe('failed');
    expect(await runsOnWorker(2, 'print(2)')).toMatchObject({ status: 'ok' });
  });

  it('shows no more of a run’s output than the limits allow, whatever the worker sends, and counts the rest', async () => {
    const program = run('print("y" * 3_000_000)');
    const worker = await readyWorker();
    const { id } = await worker.next('run');
    const piece = 'y'.repeat(OUTPUT_LIMITS.runBytes / 2);
    for (let index = 0; index < 6; index++)
      worker.send({ type: 'output', id, chunks: [{ stream: 'stdout', text: piece, t: index }] });
    worker.send({ type: 'output', id, chunks: [{ stream: 'stdout', text: '\n', t: 7 }] });
    worker.send({ type: 'done', id, status: 'ok', exitCode: 0, durationMs: 8, heldBack: { bytes: 5, cutLines: 0 } });
    const result = await program.handle.done;
    // One line: cut at the line limit, its newline kept.
    expect(program.text()).toBe(`${'y'.repeat(OUTPUT_LIMITS.lineBytes + 1)}…\n`);
    expect(result.heldBack).toEqual({ bytes: 5 + 6 * piece.length - (OUTPUT_LIMITS.lineBytes + 1), cutLines: 1 });
  });

  it('stops a run: asks the worker, and replaces it when the run has not ended within the grace period', async () => {
    const program = run('while True: pass');
    const worker = await readyWorker();
    const { id } = await worker.next('run');
    program.handle.stop();
    expect(await worker.next('stop')).toEqual({ type: 'stop', id });
    expect(await program.handle.done).toMatchObject({ status: 'stopped', exitCode: 130, message: 'Stopped.' });
    await readyWorker(2);
  });

  it('says so when Python does not start in time, and the next run retries', async () => {
    runtime = new PythonRuntime({
      indexURL: 'https://site.test/pyodide/',
      workerUrl: 'https://site.test/worker.js',
      sandbox: () => sandbox,
      startTimeoutMs: 30,
    });
    const program = run('print(1)');
    await expect(program.handle.done).rejects.toThrow(/did not start within 0 s\. Run again to retry\./);
    expect(await runsOnWorker(2, 'print(2)')).toMatchObject({ status: 'ok' });
  });
});
