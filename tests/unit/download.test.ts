import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { download, DownloadError } from '../../src/lib/download';

const body = Buffer.alloc(100_000, 7);
let server: Server;
let origin: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/plain') res.writeHead(200, { 'Content-Length': body.length }).end(body);
    else if (req.url === '/gzip') {
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
