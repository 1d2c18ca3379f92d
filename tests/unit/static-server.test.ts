import { appendFileSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { get as httpGet, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServer, type StaticServer } from '../../scripts/lib/static-server.ts';

describe('static server', () => {
  let server: StaticServer;
  const root = mkdtempSync(join(tmpdir(), 'site-'));
  beforeAll(async () => {
    mkdirSync(join(root, 'intro'));
    writeFileSync(join(root, 'index.html'), '<h1>home</h1>');
    writeFileSync(join(root, 'intro', 'index.html'), '<h1>intro</h1>');
    writeFileSync(join(root, '404.html'), '<h1>missing</h1>');
    writeFileSync(join(root, 'app.wasm'), 'wasm');
    writeFileSync(
      join(root, '_headers'),
      '/prefix/*\n  X-Policy: strict\n/prefix/*.wasm\n  Cache-Control: immutable\n',
    );
    server = await startStaticServer({ root, base: '/prefix/' });
  });
  afterAll(() => server.close());

  const get = (path: string) => fetch(new URL(path, server.url), { redirect: 'manual' });

  it('serves pages under the base path', async () => {
    const response = await get('/prefix/intro/');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('<h1>intro</h1>');
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
  });

  it('sends the headers of the build’s _headers file, by path, and never the file itself', async () => {
    const page = await get('/prefix/intro/');
    expect(page.headers.get('x-policy')).toBe('strict');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect((await get('/prefix/app.wasm')).headers.get('cache-control')).toBe('immutable');
    expect((await get('/prefix/_headers')).status).toBe(404);
  });

  it('redirects a directory without its slash', async () => {
    const response = await get('/prefix/intro');
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe('/prefix/intro/');
  });

  it('answers 404 with the site 404 page, outside the base too', async () => {
    for (const path of ['/prefix/nope/', '/intro/']) {
      const response = await get(path);
      expect(response.status).toBe(404);
      expect(await response.text()).toBe('<h1>missing</h1>');
    }
  });

  it('never leaves its root', async () => {
    const response = await get('/prefix/..%2f..%2f..%2fetc%2fpasswd');
    expect(response.status).toBe(404);
  });

  it('sends WebAssembly with its MIME type', async () => {
    expect((await get('/prefix/app.wasm')).headers.get('content-type')).toBe('application/wasm');
  });

  /** The raw response, undecoded, with the Accept-Encoding given. */
  const raw = (path: string, acceptEncoding?: string) =>
    new Promise<{ headers: IncomingHttpHeaders; body: Buffer }>((done, fail) => {
      const headers = acceptEncoding ? { 'Accept-Encoding': acceptEncoding } : {};
      httpGet(new URL(path, server.url), { headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done({ headers: response.headers, body: Buffer.concat(chunks) }));
      }).on('error', fail);
    });

  it('gzips what compresses when the client accepts it, as a host would, and serves each change', async () => {
    const page = await raw('/prefix/intro/', 'gzip, deflate, br');
    expect(page.headers['content-encoding']).toBe('gzip');
    expect(page.headers['vary']).toBe('Accept-Encoding');
    expect(Number(page.headers['content-length'])).toBe(page.body.length);
    expect(gunzipSync(page.body).toString()).toBe('<h1>intro</h1>');
    const plain = await raw('/prefix/intro/');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe('<h1>intro</h1>');
    // A file changed under a running server is served as it is now, not as first compressed.
    writeFileSync(join(root, 'intro', 'index.html'), '<h1>intro, changed</h1>');
    expect(gunzipSync((await raw('/prefix/intro/', 'gzip')).body).toString()).toBe('<h1>intro, changed</h1>');
    writeFileSync(join(root, 'intro', 'index.html'), '<h1>intro</h1>');
  });

  it('sends no more of a file than its Content-Length, though the file grows while it is sent', async () => {
    writeFileSync(join(root, 'growing.bin'), Buffer.alloc(1024 * 1024, 1));
    const body = await new Promise<{ length: number; declared: number }>((done, fail) => {
      httpGet(new URL('/prefix/growing.bin', server.url), (response) => {
        // A build rewrites the file after the headers left, before its bytes are all read.
        appendFileSync(join(root, 'growing.bin'), Buffer.alloc(64 * 1024, 2));
        let length = 0;
        response.on('data', (chunk: Buffer) => (length += chunk.length));
        response.on('end', () => done({ length, declared: Number(response.headers['content-length']) }));
      }).on('error', fail);
    });
    expect(body.length).toBe(1024 * 1024);
    expect(body.declared).toBe(1024 * 1024);
    // The next response on the kept-alive socket starts clean.
    expect((await raw('/prefix/intro/')).body.toString()).toBe('<h1>intro</h1>');
  });

  it('leaves files that are compressed already as they are', async () => {
    writeFileSync(join(root, 'archive.zip'), 'zip bytes');
    const archive = await raw('/prefix/archive.zip', 'gzip');
    expect(archive.headers['content-encoding']).toBeUndefined();
    expect(archive.body.toString()).toBe('zip bytes');
  });

  it('serves without the _headers rules when asked to, as GitHub Pages does', async () => {
    const pagesLike = await startStaticServer({ root, base: '/prefix/', hostHeaders: false });
    try {
      const page = await fetch(new URL('/prefix/intro/', pagesLike.url));
      expect(page.status).toBe(200);
      expect(page.headers.get('x-policy')).toBeNull();
    } finally {
      await pagesLike.close();
    }
  });
});
