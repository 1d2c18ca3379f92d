// The site's service worker, written to <outDir>/sw.js by src/integrations/service-worker.ts, which
// sets `self.SW_CONFIG` (the build's id, base path, runtime folder and runtime files) in front of this
// text. A reader who has opened the site once can read it and run its snippets offline: pages are
// network-first (an update shows on the next visit, the cache only answers when the network cannot),
// files named by content hash or version are cache-first (a changed file has a new URL). A new build
// has a new id, so it installs, takes over and drops the old build's cache.
//
// The Python runtime (12 MB) is kept in a cache of its own, named by Pyodide's version, so that a new
// build of the site does not download it again. The page asks for it once it is idle
// (src/scripts/register-service-worker.ts), and its requests for the runtime come through here: the
// sandboxed worker that runs Python fetches nothing itself (src/runtime/runtime-files.ts).

/** @type {{ build: string; base: string; runtimeDir: string; runtimeFiles: string[] }} */
const config = Reflect.get(self, 'SW_CONFIG');
const sw = /** @type {ServiceWorkerGlobalScope} */ (/** @type {unknown} */ (self));
const SITE_CACHE = `site-${config.build}`;
const RUNTIME_PREFIX = `${config.base}${config.runtimeDir}`;
const RUNTIME_CACHE = `runtime-${config.runtimeDir}`;
const IMMUTABLE = [`${config.base}_astro/`, RUNTIME_PREFIX];

sw.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SITE_CACHE)
      .then((cache) => cache.add(config.base))
      .then(() => sw.skipWaiting()),
  );
});

const ATTRIBUTE_URL = /(?:src|href)="([^"]+)"/g;
const STATIC_IMPORT = /\b(?:from|import)\s*["'](\.{1,2}\/[^"']+)["']/g;

/**
 * The page open when the worker first takes over loaded before it: keep it, the files it names and
 * the modules they import statically, as if they had come through the worker.
 * @param {string} url
 */
async function keepOpenPage(url) {
  const cache = await caches.open(SITE_CACHE);
  const queue = [url];
  for (let index = 0; index < queue.length; index++) {
    const file = queue[index] ?? '';
    const response = await fetch(file);
    if (!response.ok) continue;
    await cache.put(file, response.clone());
    if (index > 0 && !file.endsWith('.js')) continue;
    const text = await response.text();
    const found = index === 0 ? text.matchAll(ATTRIBUTE_URL) : text.matchAll(STATIC_IMPORT);
    for (const [, reference = ''] of found) {
      const asset = new URL(reference, file);
      const known = queue.includes(asset.href);
      // Files (a name with an extension) of this site; pages are kept when visited.
      const isFile =
        asset.origin === location.origin && asset.pathname.startsWith(config.base) && /\.\w+$/.test(asset.pathname);
      if (!known && isFile) queue.push(asset.href);
    }
  }
}

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      const current = [SITE_CACHE, RUNTIME_CACHE];
      await Promise.all(names.filter((name) => !current.includes(name)).map((name) => caches.delete(name)));
      // Open pages are not claimed: switching a loading page's controller mid-way lost its early
      // clicks (the playground's Run); from their next navigation on, they are the worker's.
      const pages = await sw.clients.matchAll({ type: 'window', includeUncontrolled: true });
      await Promise.all(pages.map((page) => keepOpenPage(page.url).catch(() => {})));
    })(),
  );
});

/** @param {Request} request */
async function cacheFirst(request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  const runtime = new URL(request.url).pathname.startsWith(RUNTIME_PREFIX);
  if (response.ok) await (await caches.open(runtime ? RUNTIME_CACHE : SITE_CACHE)).put(request, response.clone());
  return response;
}

/** Fetches what running a snippet needs and is not kept yet: the site's bundled code and the runtime's files. */
async function keepRuntime() {
  await Promise.all(config.runtimeFiles.map((path) => cacheFirst(new Request(new URL(path, location.origin)))));
}

sw.addEventListener('message', (event) => {
  if (event.data === 'keep-runtime') event.waitUntil(keepRuntime());
});

/** @param {Request} request */
async function networkFirst(request) {
  try {
    const response = await fetch(request);
    if (response.ok) await (await caches.open(SITE_CACHE)).put(request, response.clone());
    return response;
  } catch (error) {
    // A static site's files do not vary by query (Pagefind adds ?ts= to bust caches; pages get ?q=).
    const cached = await caches.match(request, { ignoreSearch: true });
    if (cached) return cached;
    throw error;
  }
}

sw.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== location.origin || !url.pathname.startsWith(config.base)) return;
  const immutable = IMMUTABLE.some((prefix) => url.pathname.startsWith(prefix));
  event.respondWith(immutable ? cacheFirst(request) : networkFirst(request));
});
