/**
 * Work the reader is waiting for (a demo's downloads and start-up), so that background work (the
 * service worker's install, src/browser/offline.ts) does not take bandwidth from it on a slow link.
 * One module instance per page: the islands and the page's scripts share Vite's chunk of it.
 */
const pending = new Set<Promise<unknown>>();

/** Mark `work` as what the reader waits for; returns it unchanged. */
export function foreground<T>(work: Promise<T>): Promise<T> {
  pending.add(work);
  const done = () => pending.delete(work);
  work.then(done, done);
  return work;
}

/** Resolves once no foreground work is left (at once when there is none). */
export async function foregroundSettled(): Promise<void> {
  while (pending.size) await Promise.allSettled([...pending]);
}
