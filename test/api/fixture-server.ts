/**
 * A tiny recording HTTP server on 127.0.0.1 for the REST tests: routes answer
 * canned replies, every request is recorded with its raw body.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path without the query. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface Reply {
  status?: number;
  statusText?: string;
  headers?: Record<string, string>;
  /** Objects are sent as JSON; strings as they are. */
  body?: unknown;
}

/** `'hang'`: never answer (the request stays open until the server closes). */
export type Handler = Reply | 'hang' | ((request: RecordedRequest) => Reply | 'hang');

export interface FixtureServer {
  url: string;
  requests: RecordedRequest[];
  route(method: string, path: string, handler: Handler): void;
  /** The one recorded request to `method path`; fails when there is not exactly one. */
  only(method: string, path: string): RecordedRequest;
  close(): Promise<void>;
}

export async function startFixtureServer(): Promise<FixtureServer> {
  const routes = new Map<string, Handler>();
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fixture');
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      requests.push(recorded);
      const handler = routes.get(`${recorded.method} ${recorded.path}`);
      const reply = typeof handler === 'function' ? handler(recorded) : handler;
      if (reply === 'hang') return;
      const { status = 200, statusText, headers = {}, body } = reply ?? {
        status: 404,
        body: { errors: [{ code: 'not_found', detail: `No fixture for ${recorded.method} ${recorded.path}`, attr: null }] },
      };
      const text = typeof body === 'string' || body === undefined ? (body ?? '') : JSON.stringify(body);
      const contentType = typeof body === 'string' || body === undefined ? 'text/plain' : 'application/json';
      res.writeHead(status, statusText, { 'content-type': contentType, ...headers });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    route: (method, path, handler) => routes.set(`${method} ${path}`, handler),
    only(method, path) {
      const matching = requests.filter((request) => request.method === method && request.path === path);
      if (matching.length !== 1) throw new Error(`expected one ${method} ${path}, got ${matching.length}`);
      return matching[0]!;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A port on 127.0.0.1 that refuses connections: bound, then released. */
export async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The multipart body of a recorded request, parsed by the platform's own FormData parser. */
export function parseMultipart(request: RecordedRequest): Promise<FormData> {
  return new Request('http://fixture/', {
    method: 'POST',
    headers: { 'content-type': String(request.headers['content-type']) },
    body: new Uint8Array(request.body),
  }).formData();
}

export function jsonBody(request: RecordedRequest): unknown {
  return JSON.parse(request.body.toString('utf8'));
}
