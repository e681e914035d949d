import { readFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { extname, join } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { INSPECTOR_PROTOCOL_VERSION, type HubMessage, type SourceInfo } from '../inspector/protocol.js';
import type { RouteDefinition } from './http/router.js';

export interface InspectorHubOptions {
  /** Largest frame a source may send; a bigger one closes that source (code 1009). @default 1048576 */
  maxMessageBytes?: number;
  /** Recent messages kept per source and replayed to viewers that connect later. @default 300 */
  historySize?: number;
  /** Actor messages (with charts) kept per source for replay. @default 64 */
  maxActorsPerSource?: number;
  /** Sources streaming at once; more are refused with 503. @default 32 */
  maxSources?: number;
  /** A viewer with more than this many bytes unsent is skipped until it drains. @default 8388608 */
  maxViewerBufferBytes?: number;
  /**
   * Whether a browser page from `origin` may connect (as viewer or source);
   * sockets without an `Origin` (Node) always may. @default same origin as the
   * request's `Host`, on a loopback name (127.0.0.1, localhost, [::1]) only
   */
  isOriginAllowed?: (origin: string, req: IncomingMessage) => boolean;
}

export interface InspectorHub {
  /** Takes over an HTTP upgrade for `/inspector/ws?role=source&label=…` or `?role=viewer`. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Closes every inspector socket; resolves once they are all gone. */
  close(): Promise<void>;
  readonly sourceCount: number;
  readonly viewerCount: number;
}

interface Retained {
  text: string;
  /** `snapshot:<actorId>` or `session`: the fact this message is the latest word on. */
  key?: string;
}

interface Source {
  info: SourceInfo;
  /** Latest `actor` message per actor id, oldest first. */
  actors: Map<string, string>;
  /** Latest snapshot per actor and latest session state, for replay when they fall out of `history`. */
  latest: Map<string, string>;
  history: Retained[];
}

const MAX_LABEL_LENGTH = 100;

/**
 * The relay between inspected sessions (sources) and inspector pages (viewers):
 * every source message goes to every viewer tagged with the source's id, and a
 * viewer that connects late first gets each source's charts, latest snapshots
 * and recent history.
 */
export function createInspectorHub(options: InspectorHubOptions = {}): InspectorHub {
  const historySize = options.historySize ?? 300;
  const maxActors = options.maxActorsPerSource ?? 64;
  const maxSources = options.maxSources ?? 32;
  const maxViewerBuffer = options.maxViewerBufferBytes ?? 8 * 1024 * 1024;
  const isOriginAllowed = options.isOriginAllowed ?? sameLoopbackOrigin;
  const server = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes ?? 1024 * 1024 });
  const sources = new Map<WebSocket, Source>();
  const viewers = new Set<WebSocket>();
  let nextSourceNumber = 1;
  let closing: Promise<void> | undefined;

  const sendToViewer = (viewer: WebSocket, text: string): void => {
    if (viewer.readyState === WebSocket.OPEN && viewer.bufferedAmount <= maxViewerBuffer) viewer.send(text);
  };

  const broadcast = (message: HubMessage): void => {
    const text = JSON.stringify(message);
    for (const viewer of viewers) sendToViewer(viewer, text);
  };

  /** Wraps a source's JSON text without parsing it a second time. */
  const envelope = (source: Source, text: string, replayed: boolean): string =>
    `{"kind":"message","sourceId":${JSON.stringify(source.info.sourceId)},${replayed ? '"replayed":true,' : ''}"message":${text}}`;

  const retain = (source: Source, message: Record<string, unknown>, text: string): void => {
    const actorId = typeof message.actorId === 'string' ? message.actorId : undefined;
    if (message.type === 'actor' && actorId !== undefined) {
      source.actors.delete(actorId);
      source.actors.set(actorId, text);
      if (source.actors.size > maxActors) source.actors.delete(source.actors.keys().next().value!);
      return;
    }
    const key = message.type === 'snapshot' && actorId !== undefined ? `snapshot:${actorId}` : message.type === 'session' ? 'session' : undefined;
    if (key !== undefined) {
      source.latest.delete(key);
      source.latest.set(key, text);
      if (source.latest.size > maxActors + 1) source.latest.delete(source.latest.keys().next().value!);
    }
    source.history.push(key === undefined ? { text } : { text, key });
    if (source.history.length > historySize) source.history.shift();
  };

  const replay = (viewer: WebSocket, source: Source): void => {
    for (const text of source.actors.values()) sendToViewer(viewer, envelope(source, text, true));
    const inHistory = new Set(source.history.map((entry) => entry.key));
    for (const [key, text] of source.latest) if (!inHistory.has(key)) sendToViewer(viewer, envelope(source, text, true));
    for (const entry of source.history) sendToViewer(viewer, envelope(source, entry.text, true));
  };

  const addSource = (socket: WebSocket, label: string | null): void => {
    const sourceId = `s${nextSourceNumber++}`;
    const source: Source = {
      info: { sourceId, label: cleanLabel(label) ?? sourceId, connectedAt: Date.now() },
      actors: new Map(),
      latest: new Map(),
      history: [],
    };
    sources.set(socket, source);
    broadcast({ kind: 'source-joined', source: source.info });
    socket.on('message', (data: RawData, isBinary: boolean) => {
      if (isBinary) return;
      const text = rawToString(data);
      const message = parseObject(text);
      if (!message || typeof message.type !== 'string') return;
      retain(source, message, text);
      const wrapped = envelope(source, text, false);
      for (const viewer of viewers) sendToViewer(viewer, wrapped);
    });
    socket.on('close', () => {
      sources.delete(socket);
      broadcast({ kind: 'source-left', sourceId, at: Date.now() });
    });
    // Oversized frames and protocol errors end in 'close'; nothing else to do.
    socket.on('error', () => {});
  };

  const addViewer = (socket: WebSocket): void => {
    viewers.add(socket);
    const hello: HubMessage = { kind: 'hello', version: INSPECTOR_PROTOCOL_VERSION, sources: [...sources.values()].map((source) => source.info) };
    sendToViewer(socket, JSON.stringify(hello));
    for (const source of sources.values()) replay(socket, source);
    // Viewers only listen; whatever they send is ignored.
    socket.on('close', () => viewers.delete(socket));
    socket.on('error', () => {});
  };

  return {
    handleUpgrade(req, socket, head) {
      if (closing) return refuse(socket, 503, 'inspector hub is closed');
      const origin = req.headers.origin;
      if (origin !== undefined && !isOriginAllowed(origin, req)) return refuse(socket, 403, `origin ${origin} may not use the inspector hub`);
      const query = new URL(req.url ?? '/', 'http://hub.invalid').searchParams;
      const role = query.get('role');
      if (role !== 'source' && role !== 'viewer') return refuse(socket, 400, 'role must be "source" or "viewer"');
      if (role === 'source' && sources.size >= maxSources) return refuse(socket, 503, 'too many inspector sources');
      server.handleUpgrade(req, socket, head, (ws) => {
        if (closing) return ws.terminate();
        if (role === 'source') addSource(ws, query.get('label'));
        else addViewer(ws);
      });
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        const sockets = [...server.clients];
        const gone = sockets.map((ws) => new Promise<void>((done) => (ws.readyState === WebSocket.CLOSED ? done() : ws.once('close', () => done()))));
        for (const ws of sockets) ws.terminate();
        server.close(() => {
          void Promise.all(gone).then(() => resolve());
        });
      });
      return closing;
    },
    get sourceCount() {
      return sources.size;
    },
    get viewerCount() {
      return viewers.size;
    },
  };
}

const LOOPBACK_HOST = /^(127\.0\.0\.1|localhost|\[::1\])(:\d{1,5})?$/i;

/** A page served by the same loopback host and port as the hub (so a rebound DNS name is not enough). */
function sameLoopbackOrigin(origin: string, req: IncomingMessage): boolean {
  const host = req.headers.host ?? '';
  return LOOPBACK_HOST.test(host) && origin.toLowerCase() === `http://${host.toLowerCase()}`;
}

const STATUS_TEXT = { 400: 'Bad Request', 403: 'Forbidden', 503: 'Service Unavailable' } as const;

function refuse(socket: Duplex, status: keyof typeof STATUS_TEXT, reason: string): void {
  const statusText = STATUS_TEXT[status];
  const response = `HTTP/1.1 ${status} ${statusText}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`;
  socket.end(response, () => socket.destroy());
}

function cleanLabel(label: string | null): string | undefined {
  const trimmed = label?.trim().slice(0, MAX_LABEL_LENGTH);
  return trimmed ? trimmed : undefined;
}

function rawToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const PAGE_CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/**
 * GET routes serving the built inspector page (`dist/inspector-page`) at
 * `/inspector`: the page's assets are flat files, so only plain file names
 * with a known extension are served and no path can leave `pageDir`.
 */
export function inspectorPageRoutes(pageDir: string): RouteDefinition[] {
  const serve = (file: string): RouteDefinition['handler'] => async ({ res }) => {
    const contentType = PAGE_CONTENT_TYPES[extname(file)];
    const body = contentType && /^[\w-]+(\.[\w-]+)*$/.test(file) ? await readFile(join(pageDir, file)).catch(() => null) : null;
    if (!body || !contentType) {
      const message = file === 'index.html' ? 'The inspector page is not built: run `npm run build`.' : `No inspector file ${file}`;
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(message);
      return;
    }
    res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': String(body.byteLength), 'Cache-Control': 'no-cache' });
    res.end(res.req.method === 'HEAD' ? undefined : body);
  };
  return [
    { method: 'GET', path: '/inspector', handler: serve('index.html') },
    { method: 'GET', path: '/inspector/', handler: serve('index.html') },
    { method: 'GET', path: '/inspector/:file', handler: (ctx) => serve(ctx.params.file ?? '')(ctx) },
  ];
}
