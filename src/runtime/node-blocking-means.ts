import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { SelfContainedMeans } from './blocking/self-contained-waits.ts';
import type { FetchOutcome, FetchRequest } from './blocking/waits.ts';

/**
 * The blocking path's means in Node (checks of that path without a browser): a sleep that blocks
 * the thread without spinning, and a fetch that returns when its answer is in. Node has no
 * synchronous HTTP, so a helper thread fetches while this one waits on shared memory, then reads
 * the answer from the helper's port synchronously, much as the browser's synchronous XHR does.
 */
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** The helper thread's program: each request is fetched, answered on the port, then signalled. */
const FETCH_HELPER = `
const { workerData } = require('node:worker_threads');
const { port, signal } = workerData;
port.on('message', async ({ id, request }) => {
  let answer;
  try {
    const response = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body });
    const body = new Uint8Array(await response.arrayBuffer());
    const { status, statusText, url, redirected, type } = response;
    answer = { outcome: { id, status, statusText, url, redirected, type, headers: [...response.headers] }, body };
  } catch (error) {
    answer = { outcome: { id, url: request.url, error: String(error?.cause?.message ?? error) } };
  }
  port.postMessage(answer);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});
`;

let helper: { port: MessagePort; signal: Int32Array } | undefined;

function fetchHelper(): NonNullable<typeof helper> {
  if (!helper) {
    const { port1, port2 } = new MessageChannel();
    const signal = new Int32Array(new SharedArrayBuffer(4));
    const worker = new Worker(FETCH_HELPER, { eval: true, workerData: { port: port2, signal }, transferList: [port2] });
    worker.unref();
    port1.unref();
    helper = { port: port1, signal };
  }
  return helper;
}

export const nodeMeans: SelfContainedMeans = {
  sleep(ms) {
    Atomics.wait(sleeper, 0, 0, ms);
  },
  fetchSync(id: number, request: FetchRequest) {
    const { port, signal } = fetchHelper();
    Atomics.store(signal, 0, 0);
    port.postMessage({ id, request });
    Atomics.wait(signal, 0, 0);
    return receiveMessageOnPort(port)?.message as { outcome: FetchOutcome; body?: Uint8Array };
  },
};
