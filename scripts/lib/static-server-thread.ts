import { once } from 'node:events';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { startStaticServer, type StaticServerOptions } from './static-server.ts';

/**
 * The static server on a thread of its own: for a process whose main thread blocks while a program
 * runs (the runtime's blocking path fetches synchronously), and would otherwise never answer.
 */
export async function startStaticServerInThread(
  options: StaticServerOptions,
): Promise<{ url: string; close(): Promise<void> }> {
  const worker = new Worker(new URL(import.meta.url), { workerData: options });
  const [url] = (await once(worker, 'message')) as [string];
  return {
    url,
    close: async () => {
      await worker.terminate();
    },
  };
}

if (!isMainThread && parentPort) {
  const server = await startStaticServer(workerData as StaticServerOptions);
  parentPort.postMessage(server.url);
}
