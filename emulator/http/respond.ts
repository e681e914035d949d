/**
 * Writing answers: JSON and the Perso error body. Every answer the emulator
 * sends goes through here, so no handler can write a second answer after the
 * first. CORS headers are set by the server per request (origin-policy.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** One entry of a Perso error body. */
export interface ErrorEntry {
  code: string;
  detail: string;
  attr: string | null;
}

/** Thrown by handlers and helpers; the server turns it into an error answer. */
export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly attr: string | null;
  readonly headers: Record<string, string>;

  constructor(status: number, code: string, detail: string, attr: string | null = null, headers: Record<string, string> = {}) {
    super(detail);
    this.status = status;
    this.code = code;
    this.attr = attr;
    this.headers = headers;
  }
}

export const invalid = (attr: string | null, detail: string): HttpError => new HttpError(400, 'invalid', detail, attr);
export const notFound = (detail: string): HttpError => new HttpError(404, 'not_found', detail);

/** What a preflight from an allowed origin is told (the origin itself is set per request). */
export const PREFLIGHT_HEADERS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
  'Access-Control-Allow-Headers': 'PersoLive-APIKey, Content-Type, Accept, Authorization',
  'Access-Control-Max-Age': '600',
};

export function errorBody(entries: ErrorEntry[]): { errors: ErrorEntry[] } {
  return { errors: entries };
}

/** Sends `body` as JSON with `status`, unless an answer has already started. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendRaw(res, status, JSON.stringify(body), { 'Content-Type': 'application/json; charset=utf-8', ...headers });
}

export function sendError(res: ServerResponse, error: HttpError): void {
  sendJson(res, error.status, errorBody([{ code: error.code, detail: error.message, attr: error.attr }]), error.headers);
}

/** Sends bytes or text; a HEAD request gets the headers only. */
export function sendRaw(res: ServerResponse, status: number, body: string | Uint8Array, headers: Record<string, string>): void {
  if (res.headersSent || res.writableEnded || res.destroyed) return;
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(status, { ...headers, 'Content-Length': String(bytes.byteLength) });
  res.end(isHead(res.req) ? undefined : bytes);
}

function isHead(req: IncomingMessage | undefined): boolean {
  return req?.method === 'HEAD';
}
