import type { Download } from './DownloadProgress';

interface RunState<M> {
  status: M;
  announcement: unknown;
  download: Download | null;
}

/**
 * The state after a run failed with `message`, shown by the status line `failed` (the island's
 * `{ key: 'failed', values: { message } }`). While its data was loading it is the download that
 * failed: the message and Try again go where the progress bar was, as an alert, so the status
 * line is not announced as well.
 */
export function failedRun<S extends RunState<{ key: string }>>(before: S, after: S, failed: S['status'], message: string): S {
  if (before.status.key !== 'loading-data') return { ...after, status: failed, announcement: failed };
  return { ...after, status: failed, announcement: null, download: { kind: 'failed', message } };
}
