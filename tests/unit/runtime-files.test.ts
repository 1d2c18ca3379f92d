import { afterEach, describe, expect, it, vi } from 'vitest';
import { PYODIDE_FILES } from '../../src/runtime/assets.ts';
import type { LoadProgress } from '../../src/runtime/protocol.ts';
import { fetchRuntimeFiles } from '../../src/runtime/runtime-files.ts';

const INDEX = 'https://example.test/pyodide/1.2.3/';
const CONTENTS: Record<string, string> = {
  'pyodide.asm.wasm': 'w'.repeat(3000),
  'python_stdlib.zip': 'z'.repeat(2000),
  'pyodide-lock.json': '{"packages":{}}',
};
const sizes = (of: (text: string) => number) =>
  Object.fromEntries(Object.entries(CONTENTS).map(([name, text]) => [name, of(text)]));
/** As the build writes it: the sizes, and the sizes gzipped (here a tenth). */
const manifest = { files: sizes((text) => text.length), compressed: sizes((text) => Math.ceil(text.length / 10)) };

/** A fetch that serves the runtime folder, in chunks, with `broken` answering as given. */
function serve(broken: Record<string, number | 'offline'> = {}, { lengths = false } = {}) {
  return vi.fn(async (input: RequestInfo | URL) => {
    const name = String(input).slice(INDEX.length);
    const failure = broken[name];
    if (failure === 'offline') throw new TypeError('Failed to fetch');
    if (failure) return new Response('gone', { status: failure });
    if (name === 'manifest.json') return Response.json(manifest);
    const bytes = new TextEncoder().encode(CONTENTS[name]);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < bytes.length; at += 1000) controller.enqueue(bytes.slice(at, at + 1000));
        controller.close();
      },
    });
    // As a compressing host sends them: the length of what crosses the network (here a fifth).
    return new Response(body, lengths ? { headers: { 'Content-Length': String(Math.ceil(bytes.length / 5)) } } : {});
  });
}

async function text(body: ReadableStream<Uint8Array> | ArrayBuffer): Promise<string> {
  return new Response(body).text();
}

afterEach(() => vi.unstubAllGlobals());

describe('fetchRuntimeFiles', () => {
  it('hands over every runtime file whole, counting bytes against the manifest as they stream', async () => {
    const fetch = serve();
    vi.stubGlobal('fetch', fetch);
    const progress: LoadProgress[] = [];
    const files = await fetchRuntimeFiles(INDEX, (update) => progress.push(update));
    expect(Object.keys(files).sort()).toEqual([...PYODIDE_FILES].sort());
    for (const name of PYODIDE_FILES) expect(await text(files[name])).toBe(CONTENTS[name]);
    const total = Object.values(CONTENTS).reduce((sum, content) => sum + content.length, 0);
    // No lengths in the responses: what crosses the network is told from the gzipped sizes.
    const transferTotal = Object.values(manifest.compressed).reduce((sum, size) => sum + size, 0);
    expect(progress[0]).toEqual({ loaded: 0, total, transferTotal });
    expect(progress.at(-1)).toEqual({ loaded: total, total, transferTotal });
    expect(progress.map((update) => update.loaded)).toEqual(
      [...progress.map((update) => update.loaded)].sort((a, b) => a - b),
    );
    // Only the runtime folder is asked for, each file once.
    expect(fetch.mock.calls.map(([url]) => String(url)).sort()).toEqual(
      [...PYODIDE_FILES, 'manifest.json'].map((name) => `${INDEX}${name}`).sort(),
    );
  });

  it('tells the size that crosses the network from the host’s Content-Length where every response has one', async () => {
    vi.stubGlobal('fetch', serve({}, { lengths: true }));
    const progress: LoadProgress[] = [];
    await fetchRuntimeFiles(INDEX, (update) => progress.push(update));
    const sent = Object.values(CONTENTS).reduce((sum, content) => sum + Math.ceil(content.length / 5), 0);
    expect(progress.at(-1)?.transferTotal).toBe(sent);
  });

  it('names the file and the status when the host does not have it', async () => {
    vi.stubGlobal('fetch', serve({ 'pyodide.asm.wasm': 404 }));
    await expect(fetchRuntimeFiles(INDEX, () => {})).rejects.toThrow(
      `The Python runtime could not be loaded: ${INDEX}pyodide.asm.wasm answered HTTP 404. Check your connection and try again.`,
    );
  });

  it('says so when the network is gone and nothing is cached', async () => {
    vi.stubGlobal('fetch', serve({ 'manifest.json': 'offline' }));
    await expect(fetchRuntimeFiles(INDEX, () => {})).rejects.toThrow(
      `The Python runtime could not be loaded: ${INDEX}manifest.json could not be fetched. Check your connection and try again.`,
    );
  });
});
