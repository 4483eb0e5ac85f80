/**
 * Serves the built site (dist/) as a static host does: the headers of dist/_headers applied per path
 * (COOP/COEP, the CSP, the caching rules), the precompressed `.br`/`.gz` files the build wrote
 * chosen by the request's Accept-Encoding, 404.html for what is not there. `npm run preview` and
 * the end-to-end tests run it on a port of their choice; the benchmark scripts import it and take
 * a free port, so they can run beside a preview.
 *   npx tsx scripts/serve-dist.ts [--port 4321] [--host 127.0.0.1]
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import sirv from 'sirv';
import { headersFor, parseHeadersFile } from '../src/config/security';

export interface DistServer {
  /** e.g. http://127.0.0.1:40123 */
  origin: string;
  close(): Promise<void>;
}

export async function serveDist(dir = 'dist', { port = 0, host = '127.0.0.1' } = {}): Promise<DistServer> {
  if (!existsSync(`${dir}/index.html`)) throw new Error(`${dir}/ holds no built site: run npm run build first`);
  const rules = parseHeadersFile(readFileSync(`${dir}/_headers`, 'utf8'));
  const notFound = existsSync(`${dir}/404.html`) ? readFileSync(`${dir}/404.html`) : Buffer.from('not found');
  const files = sirv(dir, {
    dev: false,
    etag: true,
    brotli: true,
    gzip: true,
    setHeaders: (res, pathname) => {
      for (const [name, value] of Object.entries(headersFor(rules, pathname))) res.setHeader(name, value);
    },
  });
  const server = createServer((req, res) =>
    files(req, res, () => {
      for (const [name, value] of Object.entries(headersFor(rules, '/404.html'))) res.setHeader(name, value);
      res.statusCode = 404;
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.end(notFound);
    }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address() as AddressInfo;
  return {
    origin: `http://${host}:${address.port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { port: { type: 'string', default: '4321' }, host: { type: 'string', default: '127.0.0.1' } } });
  const served = await serveDist('dist', { port: Number(values.port), host: values.host });
  console.log(`dist/ served at ${served.origin}/`);
}
