/**
 * The emulator's HTTP front: the Host and Origin checks, CORS and preflight,
 * request-level fault injection, the route table with API-key checks, static
 * files, WebSocket upgrade dispatch, and a close() that leaves no socket behind.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { timingSafeEqual } from 'node:crypto';
import type { OriginPolicy, Refusal } from './origin-policy.js';
import { errorBody, HttpError, notFound, PREFLIGHT_HEADERS, sendError, sendJson, sendRaw } from './respond.js';
import { Router, splitTarget, type RouteDefinition } from './router.js';
import { findStaticFile } from './static.js';

export const API_KEY_HEADER = 'persolive-apikey';

/** Handles a WebSocket (or other) upgrade request for one path. */
export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

/** A canned answer that replaces the real one (fault injection). */
export interface InjectedAnswer {
  status: number;
  body: string;
  contentType: string | null;
}

export interface HttpServerOptions {
  apiKey: string;
  /** Which Host names and browser origins may use the emulator. */
  policy: OriginPolicy;
  /** Directory served at `/`, or null. */
  staticDir: string | null;
  /** Asked before routing; a non-null answer is sent instead of the real one. */
  intercept(method: string, path: string): InjectedAnswer | null;
  /** Sent for `GET /` when no static index exists. */
  landingPage(baseUrl: string): string;
  log(line: string): void;
}

/** The parts of the server other modules (demo, inspector) may extend. */
export interface EmulatorServerHooks {
  /** Adds a route; registering the same method and path again replaces the earlier handler. */
  registerRoute(route: RouteDefinition): void;
  /** Routes `Upgrade` requests for exactly `path` (query ignored) to `handler`. */
  registerUpgrade(path: string, handler: UpgradeHandler): void;
}

export class EmulatorHttpServer implements EmulatorServerHooks {
  readonly router = new Router();
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly upgrades = new Map<string, UpgradeHandler>();

  constructor(private readonly options: HttpServerOptions) {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => this.fail(res, error));
    });
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    this.server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
      // Like Node's own handler: answer only on a socket that has written nothing
      // yet, so the unread rest of a refused body never gets a second answer.
      if (!socket.writable || (socket as Socket).bytesWritten > 0) return socket.destroy();
      const status = error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
      const body = JSON.stringify({ errors: [{ code: 'invalid', detail: 'Malformed HTTP request', attr: null }] });
      socket.end(`HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    });
    this.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(req, socket, head));
  }

  registerRoute(route: RouteDefinition): void {
    this.router.add(route);
  }

  registerUpgrade(path: string, handler: UpgradeHandler): void {
    this.upgrades.set(path, handler);
  }

  async listen(port: number, host: string): Promise<{ url: string; port: number }> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const address = this.server.address();
    const actualPort = typeof address === 'object' && address ? address.port : port;
    this.options.policy.setPort(actualPort);
    const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
    return { url: `http://${urlHost}:${actualPort}`, port: actualPort };
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const target = splitTarget(req.url);
    if (!target) throw new HttpError(400, 'invalid', 'The request target must be a path starting with a single /');
    const refusal = this.options.policy.check(req.headers);
    if (refusal) {
      req.resume();
      sendJson(res, refusal.status, errorBody([{ code: refusal.code, detail: refusal.detail, attr: null }]));
      return;
    }
    this.allowCrossOrigin(req, res);
    if (method === 'OPTIONS') {
      res.writeHead(204, { ...PREFLIGHT_HEADERS, ...privateNetworkAccess(req), 'Content-Length': '0' });
      res.end();
      return;
    }
    if (!target.path.startsWith('/_emulator/')) {
      const injected = this.options.intercept(method, target.path);
      if (injected) {
        req.resume();
        sendRaw(res, injected.status, injected.body, injected.contentType ? { 'Content-Type': injected.contentType } : {});
        return;
      }
    }
    const baseUrl = this.options.policy.baseUrl(this.options.policy.servedName(req.headers.host)!);
    const match = this.router.match(method, target.path);
    if (match.kind === 'found') {
      if (match.route.auth) this.checkApiKey(req);
      await match.route.handler({ req, res, params: match.params, query: target.query, path: target.path, baseUrl });
      return;
    }
    if (match.kind === 'wrong-method') {
      throw new HttpError(405, 'method_not_allowed', `Method ${method} is not allowed on ${target.path}`, null, { Allow: match.allowed.join(', ') });
    }
    if ((method === 'GET' || method === 'HEAD') && !target.path.startsWith('/api/v1/') && !target.path.startsWith('/_emulator/')) {
      const file = this.options.staticDir ? await findStaticFile(this.options.staticDir, target.path) : null;
      if (file) {
        sendRaw(res, 200, file.body, { 'Content-Type': file.contentType, 'Cache-Control': 'no-cache' });
        return;
      }
      if (target.path === '/') {
        sendRaw(res, 200, this.options.landingPage(baseUrl), { 'Content-Type': 'text/html; charset=utf-8' });
        return;
      }
    }
    throw notFound(describeMissingRoute(method, target.path, this.router));
  }

  private checkApiKey(req: IncomingMessage): void {
    const given = req.headers[API_KEY_HEADER];
    if (typeof given !== 'string' || given === '') {
      throw new HttpError(401, 'authentication_failed', 'Authentication credentials were not provided: send the PersoLive-APIKey header.');
    }
    const expected = Buffer.from(this.options.apiKey);
    const actual = Buffer.from(given);
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
      throw new HttpError(401, 'authentication_failed', 'Invalid API key.');
    }
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const refusal = this.options.policy.check(req.headers);
    if (refusal) return refuseUpgrade(socket, refusal);
    const target = splitTarget(req.url);
    const handler = target ? this.upgrades.get(target.path) : undefined;
    if (!handler) {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    try {
      handler(req, socket, head);
    } catch (error) {
      this.options.log(`upgrade handler for ${target!.path} failed: ${(error as Error).message}`);
      socket.destroy();
    }
  }

  private fail(res: ServerResponse, error: unknown): void {
    if (error instanceof HttpError) {
      sendError(res, error);
      return;
    }
    this.options.log(`internal error: ${(error as Error)?.stack ?? String(error)}`);
    if (!res.headersSent) {
      sendJson(res, 500, { errors: [{ code: 'server_error', detail: 'The emulator failed to handle this request; see its log.', attr: null }] });
    } else {
      res.destroy();
    }
  }

  /** CORS for an allowed browser origin (the policy has refused the others); nothing for requests without one. */
  private allowCrossOrigin(req: IncomingMessage, res: ServerResponse): void {
    res.setHeader('Vary', 'Origin');
    const origin = req.headers.origin;
    if (origin === undefined) return;
    res.setHeader('Access-Control-Allow-Origin', this.options.policy.allowsAnyOrigin ? '*' : origin);
  }
}

/** Chromium asks before a public page calls a private address; an origin allowed by the policy may. */
function privateNetworkAccess(req: IncomingMessage): Record<string, string> {
  return req.headers['access-control-request-private-network'] === 'true' ? { 'Access-Control-Allow-Private-Network': 'true' } : {};
}

function refuseUpgrade(socket: Duplex, refusal: Refusal): void {
  const body = JSON.stringify(errorBody([{ code: refusal.code, detail: refusal.detail, attr: null }]));
  const statusText = refusal.status === 421 ? 'Misdirected Request' : 'Forbidden';
  socket.end(`HTTP/1.1 ${refusal.status} ${statusText}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

function describeMissingRoute(method: string, path: string, router: Router): string {
  if (!path.endsWith('/') && router.match(method, `${path}/`).kind !== 'none') {
    return `No route for ${method} ${path}; Perso paths end with a slash: ${path}/`;
  }
  return `No route for ${method} ${path}`;
}
