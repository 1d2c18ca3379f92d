import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { SharedMemoryWaits } from '../../src/runtime/blocking/shared-memory-waits.ts';

/**
 * The mailbox of the atomics path, both halves: the sandbox frame's program (sandbox-main.js, run
 * here as the frame runs it, with a stand-in page and worker) writes, SharedMemoryWaits reads.
 * Messages from the reader to the frame are delivered at once, as the frame would receive them.
 */
const frameScript = readFileSync(new URL('../../src/runtime/sandbox/sandbox-main.js', import.meta.url), 'utf8');

interface Frame {
  fromPage(data: object): void;
  waits: SharedMemoryWaits;
  fetched: string[];
  answer(url: string, body: Uint8Array<ArrayBuffer>, status?: number): void;
  fail(url: string, error: Error): void;
}

function startFrame(): Frame {
  let pageListener: ((event: object) => void) | undefined;
  let workerListener: ((event: { data: unknown }) => void) | undefined;
  let mailbox: SharedArrayBuffer | undefined;
  const parent = { postMessage: () => {} };
  const window = {
    parent,
    addEventListener: (_type: string, listener: (event: object) => void) => (pageListener = listener),
  };
  class FakeWorker {
    addEventListener(type: string, listener: (event: { data: unknown }) => void): void {
      if (type === 'message') workerListener = listener;
    }
    postMessage(init: { mailbox?: SharedArrayBuffer }): void {
      mailbox = init.mailbox;
    }
    terminate(): void {}
  }
  const answers = new Map<string, { resolve(response: Response): void; reject(error: Error): void }>();
  const fetched: string[] = [];
  const fakeFetch = (url: string) => {
    fetched.push(url);
    return new Promise<Response>((resolve, reject) => answers.set(url, { resolve, reject }));
  };
  new Function('self', 'window', 'Worker', 'fetch', frameScript)(
    { crossOriginIsolated: true },
    window,
    FakeWorker,
    fakeFetch,
  );
  const fromPage = (data: object, ports: object[] = []) => pageListener!({ source: parent, data, ports });
  fromPage({ type: 'start', workerSource: '' }, [{}]);
  const waits = new SharedMemoryWaits(mailbox!, (message) => workerListener!({ data: message }));
  return {
    fromPage,
    waits,
    fetched,
    answer: (url, body, status = 200) => answers.get(url)!.resolve(new Response(body, { status })),
    fail: (url, error) => answers.get(url)!.reject(error),
  };
}

/** Lets the frame's promises (its fetches) settle, as its event loop would while the worker blocks. */
const frameTurn = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the atomics path’s mailbox', () => {
  let frame: Frame;
  beforeEach(() => {
    frame = startFrame();
    frame.waits.reset(7);
  });

  it('ends a wait at its timeout when nothing arrives', () => {
    const started = performance.now();
    expect(frame.waits.wait(30)).toBe(false);
    expect(performance.now() - started).toBeGreaterThanOrEqual(29);
  });

  it('ends a wait at once with the reader’s Stop for this run, and ignores one meant for another', () => {
    frame.fromPage({ type: 'stop', run: 6 });
    frame.fromPage({ type: 'stop', run: 7 });
    const started = performance.now();
    expect(frame.waits.wait(10_000)).toBe(true);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(frame.waits.wait(0)).toBe(false);
  });

  it('hands input() the line typed for this run; a Stop while it waits is end of input, then a stop', () => {
    frame.fromPage({ type: 'input', run: 7, line: 'Ada' });
    expect(frame.waits.readLine()).toBe('Ada');
    frame.fromPage({ type: 'stop', run: 7 });
    expect(frame.waits.readLine()).toBeNull();
    expect(frame.waits.wait(10_000)).toBe(true);
  });

  it('delivers a fetch’s answer, bodies larger than the mailbox in several chunks, byte for byte', async () => {
    const big = new Uint8Array(3 * (1 << 20) + 5).map((_, i) => i % 251);
    const small = frame.waits.startFetch({ url: 'https://example.test/a', method: 'GET', headers: [], body: null });
    const large = frame.waits.startFetch({ url: 'https://example.test/b', method: 'GET', headers: [], body: null });
    expect(frame.fetched).toEqual(['https://example.test/a', 'https://example.test/b']);
    frame.answer('https://example.test/b', big);
    frame.answer('https://example.test/a', new TextEncoder().encode('hello'), 404);
    const finished: { meta: { id: number; status: number }; body: Uint8Array | undefined }[] = [];
    while (finished.length < 2) {
      await frameTurn();
      frame.waits.wait(0);
      for (const { meta, body } of frame.waits.takeFetchResults()) finished.push({ meta: JSON.parse(meta), body });
    }
    expect(finished.map(({ meta }) => [meta.id, meta.status])).toEqual([
      [large, 200],
      [small, 404],
    ]);
    // Buffer's comparison: a deep equality of 3 MB, element by element, takes Vitest seconds.
    expect(Buffer.from(finished[0]!.body!).equals(Buffer.from(big))).toBe(true);
    expect(new TextDecoder().decode(finished[1]!.body)).toBe('hello');
    expect(frame.waits.takeFetchResults()).toEqual([]);
  });

  it('says why a fetch failed', async () => {
    const id = frame.waits.startFetch({ url: 'https://example.test/gone', method: 'GET', headers: [], body: null });
    frame.fail('https://example.test/gone', new TypeError('Failed to fetch'));
    await frameTurn();
    // The answer ends the wait at once, so the loop can resolve the future that awaits it.
    const started = performance.now();
    expect(frame.waits.wait(10_000)).toBe(false);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(frame.waits.takeFetchResults().map(({ meta }) => JSON.parse(meta))).toEqual([
      { id, url: 'https://example.test/gone', error: 'Failed to fetch' },
    ]);
  });

  it('carries nothing of one run into the next: a late Stop does not stop it', () => {
    frame.fromPage({ type: 'stop', run: 7 });
    frame.waits.reset(8);
    expect(frame.waits.wait(20)).toBe(false);
  });
});
