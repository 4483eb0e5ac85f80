import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { download, downloadAll, DownloadError } from '../../src/lib/download';

const body = Buffer.alloc(100_000, 7);
let server: Server;
let origin: string;
let slowClosed = false;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/plain') res.writeHead(200, { 'Content-Length': body.length }).end(body);
    else if (req.url === '/small') res.writeHead(200, { 'Content-Length': 1000 }).end(Buffer.alloc(1000, 1));
    else if (req.url === '/slow') {
      // Half the body, then nothing until the client goes away.
      res.writeHead(200, { 'Content-Length': body.length });
      res.write(body.subarray(0, body.length / 2));
      req.on('close', () => (slowClosed = true));
    } else if (req.url === '/gzip') {
      const packed = gzipSync(body);
      res.writeHead(200, { 'Content-Length': packed.length, 'Content-Encoding': 'gzip' }).end(packed);
    } else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('download', () => {
  it('reports the size the server gives and every byte as it arrives', async () => {
    const sizes: number[] = [];
    let bytes = 0;
    const got = await download(`${origin}/plain`, { onSize: (n) => sizes.push(n), onBytes: (n) => (bytes += n) });
    expect(sizes).toEqual([body.length]);
    expect(bytes).toBe(body.length);
    expect(got).toEqual(new Uint8Array(body));
  });

  it('gives no size for a body re-encoded in transit, whose Content-Length is not the file’s', async () => {
    const sizes: number[] = [];
    let bytes = 0;
    await download(`${origin}/gzip`, { onSize: (n) => sizes.push(n), onBytes: (n) => (bytes += n) });
    expect(sizes).toEqual([]);
    expect(bytes).toBe(body.length);
  });

  it('rejects an HTTP error with its status', async () => {
    await expect(download(`${origin}/missing`)).rejects.toEqual(expect.objectContaining({ name: 'DownloadError', status: 404 }));
    await expect(download(`${origin}/missing`)).rejects.toBeInstanceOf(DownloadError);
  });
});

describe('downloadAll', () => {
  it('reports the bytes of all the files together, against the sum of their sizes, from 0 to the end', async () => {
    const reports: [number, number][] = [];
    const got = await downloadAll(
      [
        { url: `${origin}/plain`, bytes: body.length },
        { url: `${origin}/small`, bytes: 1000 },
      ],
      { onProgress: (loaded, total) => reports.push([loaded, total]) },
    );
    expect(got.map((b) => b.byteLength)).toEqual([body.length, 1000]);
    expect(reports[0]).toEqual([0, body.length + 1000]);
    expect(reports.at(-1)).toEqual([body.length + 1000, body.length + 1000]);
    const loaded = reports.map(([l]) => l);
    expect(loaded).toEqual([...loaded].sort((a, b) => a - b));
  });

  it('rejects with the first failure and abandons the other downloads', async () => {
    slowClosed = false;
    const failing = downloadAll([
      { url: `${origin}/slow`, bytes: body.length },
      { url: `${origin}/missing`, bytes: 10 },
    ]);
    await expect(failing).rejects.toEqual(expect.objectContaining({ name: 'DownloadError', status: 404 }));
    await expect.poll(() => slowClosed).toBe(true);
  });

  it('stops when the caller aborts', async () => {
    const aborter = new AbortController();
    const pending = downloadAll([{ url: `${origin}/slow`, bytes: body.length }], { signal: aborter.signal, onProgress: (loaded) => loaded > 0 && aborter.abort(new Error('left the page')) });
    await expect(pending).rejects.toThrow('left the page');
  });
});
