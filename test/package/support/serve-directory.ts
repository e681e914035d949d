/** Serves a directory (a bundler's output, switchable) over HTTP on 127.0.0.1, for a page in Chromium. */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
};

export interface ServedDirectory {
  /** One origin for every directory served, so the emulator can allow it once. */
  url: string;
  serve(directory: string): void;
  close(): Promise<void>;
}

export async function serveDirectory(): Promise<ServedDirectory> {
  let directory: string | null = null;
  const server = createServer((request, response) => {
    if (directory === null) {
      response.writeHead(404).end();
      return;
    }
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const relative = normalize(path === '/' ? '/index.html' : path).replace(/^(\.\.[/\\])+/, '').replace(/^\/+/, '');
    readFile(join(directory, relative)).then(
      (body) => response.writeHead(200, { 'Content-Type': TYPES[extname(relative)] ?? 'application/octet-stream' }).end(body),
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    serve(next) {
      directory = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
