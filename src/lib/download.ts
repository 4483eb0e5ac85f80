/** A failed download: the URL, and the HTTP status when the server answered. */
export class DownloadError extends Error {
  constructor(
    readonly url: string,
    readonly status: number | null,
    cause?: unknown,
  ) {
    super(status === null ? `${url}: ${cause instanceof Error ? cause.message : String(cause)}` : `${url}: HTTP ${status}`);
    this.name = 'DownloadError';
  }
}

export interface DownloadOptions {
  /** hears the file's bytes as they arrive (uncompressed: what the body stream gives) */
  onBytes?: (bytes: number) => void;
  /** hears the file's size from the response's Content-Length, where the body is not re-encoded in transit (no Content-Encoding) */
  onSize?: (bytes: number) => void;
  signal?: AbortSignal;
}

/**
 * GET `url` into memory, reporting bytes as they arrive, so a page can show how far a download is.
 * An abort (`signal`) rejects with the signal's reason; anything else that fails rejects with a
 * {@link DownloadError}. The total to show progress against is the file's size, which the caller
 * knows from the build: a server that sends the file compressed gives the compressed size as its
 * Content-Length, while the stream counts the file's own bytes.
 * @returns the body, uint8 [bytes]
 */
export async function download(url: string, { onBytes, onSize, signal }: DownloadOptions = {}): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url, { signal });
  } catch (e) {
    if (signal?.aborted) throw signal.reason;
    throw new DownloadError(url, null, e);
  }
  if (!response.ok || !response.body) throw new DownloadError(url, response.status);
  const length = Number(response.headers.get('content-length'));
  if (onSize && length > 0 && !response.headers.get('content-encoding')) onSize(length);
  const chunks: Uint8Array[] = [];
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      onBytes?.(value.byteLength);
    }
  } catch (e) {
    if (signal?.aborted) throw signal.reason;
    throw new DownloadError(url, null, e);
  }
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** Hears the bytes of a set of downloads so far, of their sizes as the build measured them. */
export type DownloadProgress = (loaded: number, total: number) => void;

/**
 * GET every file at once, reporting their bytes together against the sum of their sizes (given by
 * the caller, as for {@link download}): one progress bar for what one step needs. The first failure
 * rejects, and aborts the others.
 * @returns each file's body, uint8 [bytes], in the order of `files`
 */
export async function downloadAll(
  files: readonly { url: string; bytes: number }[],
  { onProgress, signal }: { onProgress?: DownloadProgress; signal?: AbortSignal } = {},
): Promise<Uint8Array[]> {
  const total = files.reduce((n, f) => n + f.bytes, 0);
  let loaded = 0;
  const together = new AbortController();
  const stop = () => together.abort(signal?.reason);
  signal?.addEventListener('abort', stop, { once: true });
  onProgress?.(0, total);
  try {
    return await Promise.all(
      files.map((f) =>
        download(f.url, { signal: together.signal, onBytes: (n) => onProgress?.((loaded += n), total) }).catch((e: unknown) => {
          together.abort(e);
          throw e;
        }),
      ),
    );
  } finally {
    signal?.removeEventListener('abort', stop);
  }
}
