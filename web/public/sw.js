/*
 * The offline shell (issue 17): the ticket page keeps working without a network once it has loaded. Nothing
 * here knows about tickets — the page keeps those itself (src/tickets/offline.ts); this only makes a reload
 * or a new tab offline boot the app from what the browser already fetched.
 *
 * - Navigations: the network first (always the newest app when online); offline, the last index.html.
 * - /assets/*: content-hashed by Vite, so never stale: from the cache first, stored on first use.
 * - Everything else, other origins (the router, Toss) and non-GET requests: not touched.
 * - The page posts the URLs it loaded before this worker took control (`warm`): those go into the cache too,
 *   so the very first visit is enough.
 */
const CACHE = 'tiketi-shell-v1';
const SHELL = '/index.html';

self.addEventListener('install', () => self.skipWaiting());

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

const sameOrigin = (url) => url.origin === self.location.origin;
const cacheable = (url) => sameOrigin(url) && url.pathname.startsWith('/assets/');

async function store(request, response) {
  if (response.ok && response.type === 'basic') {
    const cache = await caches.open(CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (request.mode === 'navigate' && sameOrigin(url)) {
    event.respondWith(
      fetch(request)
        .then((response) => store(SHELL, response))
        .catch(async () => (await caches.match(SHELL)) ?? Response.error()),
    );
    return;
  }
  if (!cacheable(url)) return;
  event.respondWith(
    caches.match(request).then((hit) => hit ?? fetch(request).then((response) => store(request, response))),
  );
});

self.addEventListener('message', (event) => {
  const data = event.data;
  if (data?.type !== 'warm' || !Array.isArray(data.urls)) return;
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      for (const href of data.urls) {
        const url = new URL(href, self.location.origin);
        const key = url.pathname === '/' || !url.pathname.includes('.') ? SHELL : url.href;
        if (!sameOrigin(url) || (key !== SHELL && !cacheable(url))) continue;
        if (await cache.match(key)) continue;
        const response = await fetch(url.href).catch(() => null);
        if (response?.ok) await cache.put(key, response);
      }
      event.source?.postMessage({ type: 'warmed' });
    })(),
  );
});
