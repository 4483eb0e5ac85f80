/**
 * Serves the built site (dist/) for the benchmark scripts on a free port of its own, with the
 * headers the build wrote for static hosts (dist/_headers: COOP/COEP, CSP). Astro allows one
 * `astro preview` per project, so a script that started its own died beside a running `npm start`;
 * this server needs no port but the one the system gives it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import sirv from 'sirv';
import { parseHeadersFile } from '../src/config/security';

export interface DistServer {
  /** e.g. http://127.0.0.1:40123 */
  origin: string;
  close(): Promise<void>;
}

export async function serveDist(dir = 'dist'): Promise<DistServer> {
  if (!existsSync(`${dir}/index.html`)) throw new Error(`${dir}/ holds no built site: run npm run build first`);
  const headers = parseHeadersFile(readFileSync(`${dir}/_headers`, 'utf8'));
  const files = sirv(dir, {
    dev: false,
    etag: true,
    setHeaders: (res) => {
      for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    },
  });
  const server = createServer((req, res) =>
    files(req, res, () => {
      res.statusCode = 404;
      res.end('not found');
    }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
