/**
 * Registers the offline shell (public/sw.js, issue 17) in production builds, and hands it the same-origin
 * files this page loaded before the worker took control, so one visit is enough for an offline reload.
 * `<html data-offline-ready>` is set once they are cached (the tests wait for it).
 */
export function registerOfflineShell(win: Window) {
  const { navigator, document, performance } = win;
  if (!('serviceWorker' in navigator)) return;
  const warm = (worker: ServiceWorker) => {
    const urls = [
      win.location.href,
      ...performance
        .getEntriesByType('resource')
        .map((entry) => entry.name)
        .filter((name) => name.startsWith(win.location.origin)),
    ];
    worker.postMessage({ type: 'warm', urls });
  };
  navigator.serviceWorker.addEventListener('message', (event: MessageEvent<{ type?: string }>) => {
    if (event.data?.type === 'warmed') document.documentElement.dataset.offlineReady = 'true';
  });
  navigator.serviceWorker
    .register('/sw.js')
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => {
      if (registration.active) warm(registration.active);
    })
    .catch(() => undefined);
}
