import { createServer, type Server } from 'node:http';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { headersFor, parseHeadersFile, type HeaderRule } from '../../src/security/headers-file.ts';

/**
 * The server behind `npm start`, the end-to-end tests and the benchmarks: a plain
 * static host for the built site, mounted under the build's base path, the way a
 * static host or CDN would serve it. One implementation, so what the tests see is
 * what `npm start` serves. It sends the headers of the build's `_headers` file (the file a
 * Netlify or Cloudflare Pages host reads), so the site is tested under its own policy. Like
 * every such host, it compresses what compresses (gzip, as GitHub Pages does), so that load times
 * measured against it (Lighthouse, the bench) are those of a real host, not of raw bytes.
 */

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.wasm': 'application/wasm',
  '.zip': 'application/zip',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
  '.pf_meta': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream',
  '.pagefind': 'application/octet-stream',
};

export interface StaticServerOptions {
  /** Folder of the built site. */
  root: string;
  /** Base path the site was built for, e.g. "/" or "/docs/". */
  base?: string;
  port?: number;
  host?: string;
  /** Send the headers the build's `_headers` asks for (default); false serves as GitHub Pages does, without them. */
  hostHeaders?: boolean;
}

export interface StaticServer {
  server: Server;
  /** Origin plus base path, ending in "/". */
  url: string;
  close(): Promise<void>;
}

/** Types worth compressing; archives, images and Pagefind's files are compressed already. */
const COMPRESSIBLE = /^(?:text\/|application\/(?:json|xml|wasm|manifest\+json)|image\/svg\+xml)/;
const gzipAsync = promisify(gzip);

/** Gzips each file once per version of it (its mtime and size): the runtime's 9.6 MB wasm is asked for often. */
function gzipCache(): (path: string, version: string) => Promise<Buffer> {
  const cache = new Map<string, { version: string; body: Promise<Buffer> }>();
  return (path, version) => {
    const hit = cache.get(path);
    if (hit?.version === version) return hit.body;
    const body = readFile(path).then((bytes) => gzipAsync(bytes));
    cache.set(path, { version, body });
    return body;
  };
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Maps a URL path below the base to a file in root, or undefined; never escapes root. */
export async function resolveFile(root: string, relativePath: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(relativePath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const candidate = normalize(join(root, decoded));
  if (candidate !== root && !candidate.startsWith(root + sep)) return undefined;
  if (await isFile(candidate)) return candidate;
  const index = join(candidate, 'index.html');
  if (await isFile(index)) return index;
  return undefined;
}

/** The build's `_headers` rules; none when the build has no such file. */
async function readHeaderRules(root: string): Promise<HeaderRule[]> {
  const file = join(root, '_headers');
  return (await isFile(file)) ? parseHeadersFile(await readFile(file, 'utf8')) : [];
}

export async function startStaticServer(options: StaticServerOptions): Promise<StaticServer> {
  const root = resolve(options.root);
  const headerRules = options.hostHeaders === false ? [] : await readHeaderRules(root);
  const base = options.base ?? '/';
  const host = options.host ?? '127.0.0.1';
  const gzipped = gzipCache();

  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    // "/docs" without its slash: send the reader to the site's root.
    if (url.pathname === base.replace(/\/$/, '') && base !== '/') {
      response.writeHead(301, { Location: base }).end();
      return;
    }
    const relativePath = url.pathname.startsWith(base) ? url.pathname.slice(base.length) : undefined;
    // The host's configuration file is not part of the site.
    const file =
      relativePath === undefined || relativePath === '_headers' ? undefined : await resolveFile(root, relativePath);
    // A directory asked for without its trailing slash: redirect, so relative links resolve.
    if (file?.endsWith(`${sep}index.html`) && !url.pathname.endsWith('/') && !url.pathname.endsWith('.html')) {
      response.writeHead(301, { Location: `${url.pathname}/${url.search}` }).end();
      return;
    }
    const status = file ? 200 : 404;
    const path = file ?? join(root, '404.html');
    if (!file && !(await isFile(path))) {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    const { size, mtimeMs } = await stat(path);
    const type = MIME_TYPES[extname(path)] ?? 'application/octet-stream';
    const compressed =
      COMPRESSIBLE.test(type) && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))
        ? await gzipped(path, `${mtimeMs}:${size}`)
        : undefined;
    response.writeHead(status, {
      'Content-Type': type,
      'Content-Length': compressed?.length ?? size,
      ...(compressed ? { 'Content-Encoding': 'gzip' } : {}),
      Vary: 'Accept-Encoding',
      'Cache-Control': type.startsWith('text/html') ? 'no-cache' : 'public, max-age=0, must-revalidate',
      'X-Content-Type-Options': 'nosniff',
      // Programs run in an opaque-origin sandbox (src/runtime/sandbox/frame.ts), and the crawler
      // chapter's fetch this site's pages: to them, every file is cross-origin. GitHub Pages sends the same.
      'Access-Control-Allow-Origin': '*',
      'Cross-Origin-Resource-Policy': 'cross-origin',
      ...headersFor(headerRules, url.pathname),
    });
    if (request.method === 'HEAD') response.end();
    else if (compressed) response.end(compressed);
    // No further than the size just sent as Content-Length: a file that grows meanwhile (a build
    // writing it) would otherwise put its new bytes after the response, where the client's next
    // response on the kept-alive socket should start ("Parse Error: Expected HTTP/").
    else if (size > 0) createReadStream(path, { start: 0, end: size - 1 }).pipe(response);
    else response.end();
  });

  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : options.port;
      resolvePromise({
        server,
        url: `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}${base}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
