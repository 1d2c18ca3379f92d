// The site's service worker, written to <outDir>/sw.js by src/integrations/service-worker.ts, which
// sets `self.SW_CONFIG` (the build's id, base path and runtime folder) in front of this text. A reader
// who has opened the site once can read it offline: pages are network-first (an update shows on the next
// visit, the cache only answers when the network cannot), files named by content hash or version are
// cache-first (a changed file has a new URL). A new build has a new id, so it installs, takes over and
// drops the old build's cache.
//
// Not covered: the Python runtime's files. The worker that loads them runs in an opaque-origin sandbox
// (src/runtime/sandbox/frame.ts), whose requests no service worker sees; offline runs need the page
// to fetch those files (through this worker) and hand them to the sandbox.

/** @type {{ build: string; base: string; runtimeDir: string }} */
const config = Reflect.get(self, 'SW_CONFIG');
const sw = /** @type {ServiceWorkerGlobalScope} */ (/** @type {unknown} */ (self));
const SITE_CACHE = `site-${config.build}`;
const IMMUTABLE = [`${config.base}_astro/`, `${config.base}${config.runtimeDir}`];

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
      await Promise.all(names.filter((name) => name !== SITE_CACHE).map((name) => caches.delete(name)));
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
  if (response.ok) await (await caches.open(SITE_CACHE)).put(request, response.clone());
  return response;
}

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
