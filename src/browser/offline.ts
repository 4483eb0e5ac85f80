/**
 * Registers the service worker (src/plugins/service-worker.ts) and offers the reload when a new
 * deploy's worker is waiting. Installing fetches every page (about 1 MB compressed, 5 s on a slow
 * phone link), so registration waits: for the page's load, a few seconds more (a visitor who came
 * for one demo usually starts it by then), idle time, and until a demo the reader started has
 * what it needs (src/browser/foreground.ts).
 */
import { Workbox } from 'workbox-window';
import { serviceWorkerPath } from '../config/offline';
import { foregroundSettled } from './foreground';

/** After the page's load event. */
const registerDelayMs = 5000;

/**
 * What the page fetched before the worker controlled it (a demo started on the first visit) is
 * fetched again through it, which caches it for offline use; the browser's HTTP cache answers,
 * so nothing is downloaded twice.
 */
function cacheWhatThisPageLoaded(): void {
  for (const entry of performance.getEntriesByType('resource')) {
    const url = new URL(entry.name);
    if (url.origin === location.origin && /^\/(_astro|ort|models|data)\//.test(url.pathname)) void fetch(url).catch(() => {});
  }
}

function offerReload(accept: () => void): void {
  if (document.querySelector('.update-prompt')) return;
  // The page's language's words, written into the head by src/components/Head.astro.
  const t = JSON.parse(document.getElementById('update-strings')?.textContent ?? '{}') as { available: string; reload: string; later: string };
  const prompt = document.createElement('div');
  prompt.className = 'update-prompt';
  prompt.setAttribute('role', 'status');
  const message = document.createElement('p');
  message.textContent = t.available;
  const reload = document.createElement('button');
  reload.type = 'button';
  reload.textContent = t.reload;
  reload.addEventListener('click', accept);
  const later = document.createElement('button');
  later.type = 'button';
  later.textContent = t.later;
  later.addEventListener('click', () => prompt.remove());
  prompt.append(message, reload, later);
  document.body.append(prompt);
}

if ('serviceWorker' in navigator && import.meta.env.PROD) {
  const wb = new Workbox(`/${serviceWorkerPath}`);
  // Only the tab whose reader accepted reloads; another tab that the new worker takes over keeps its
  // page (and any run in it) as it is.
  let accepted = false;
  wb.addEventListener('controlling', (event) => {
    if (!event.isUpdate) cacheWhatThisPageLoaded();
    else if (accepted) location.reload();
  });
  wb.addEventListener('waiting', () =>
    offerReload(() => {
      accepted = true;
      wb.messageSkipWaiting();
    }),
  );
  // A browser that refuses a worker (private modes, storage off) still has the site online.
  const register = () => void foregroundSettled().then(() => wb.register().catch(() => {}));
  const later = () => setTimeout(() => ('requestIdleCallback' in window ? requestIdleCallback(register, { timeout: 2000 }) : register()), registerDelayMs);
  if (document.readyState === 'complete') later();
  else window.addEventListener('load', later, { once: true });
}
