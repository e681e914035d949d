/**
 * A tiny static server on 127.0.0.1 for pages that load the built bundles:
 * inline pages by path, plus files under dist/ and node_modules/xstate/.
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { ROOT } from './dist.js';

const SERVED_PREFIXES = ['dist/', 'node_modules/xstate/'];
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
};

export interface StaticServer {
  /** e.g. `http://127.0.0.1:41234` */
  url: string;
  close(): Promise<void>;
}

export async function startStaticServer(pages: Record<string, string>): Promise<StaticServer> {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const page = pages[path];
    if (page !== undefined) {
      response.writeHead(200, { 'Content-Type': TYPES['.html'] }).end(page);
      return;
    }
    const relative = normalize(path).replace(/^\/+/, '');
    if (!SERVED_PREFIXES.some((prefix) => relative.startsWith(prefix))) {
      response.writeHead(404).end();
      return;
    }
    readFile(join(ROOT, relative)).then(
      (body) => response.writeHead(200, { 'Content-Type': TYPES[extname(relative)] ?? 'application/octet-stream' }).end(body),
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
