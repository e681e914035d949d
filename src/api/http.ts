/**
 * The one place the SDK talks HTTP to the Perso API. Every failure leaves as
 * one of the SDK's error classes — never a fetch TypeError or a JSON
 * SyntaxError — and nothing is retried behind the caller's back.
 */
import { AbortError, ApiError, NetworkError, UNKNOWN_ERROR_CODE, type ApiErrorDetail } from '../errors.js';
import { isRecord } from './validate.js';

/** The header that carries the organisation's API key. */
export const API_KEY_HEADER = 'PersoLive-APIKey';

/** `ApiError.code` for a 2xx answer whose body is not what the endpoint promises. */
export const INVALID_RESPONSE_CODE = 'INVALID_RESPONSE';

export interface ApiRequest {
  method: 'GET' | 'POST';
  url: string;
  /** Sent as `PersoLive-APIKey` when given (organisation-scoped calls only). */
  apiKey?: string;
  /** Sent as `application/json`. */
  json?: unknown;
  /** Sent as `multipart/form-data` (fetch writes the boundary). */
  form?: FormData;
  signal?: AbortSignal;
}

/** A check-and-pick of the 2xx body: the value the caller wants, or `MISMATCH`. */
export interface Expectation<T> {
  /** Named in the error when the body does not match, e.g. "a JSON array". */
  description: string;
  /** Receives the parsed body, or `undefined` when the body was empty. */
  pick(body: unknown): T | typeof MISMATCH;
}

export const MISMATCH: unique symbol = Symbol('mismatch');

/** `ApiError.errorCode` of errors the SDK raises itself, with no HTTP error answer behind them. */
export const NO_HTTP_STATUS = 0;

const SNIPPET_LENGTH = 200;

/** Sends `request` and answers the picked JSON body of its 2xx answer. */
export async function requestJson<T>(request: ApiRequest, expected: Expectation<T>): Promise<T> {
  const response = await send(request, 'application/json');
  const text = await readText(response, request);
  if (!response.ok) throw errorFromAnswer(response, text, request);
  const body = parseJson(text);
  const picked = body === MISMATCH ? MISMATCH : expected.pick(body);
  if (picked === MISMATCH) {
    throw new ApiError(
      response.status,
      INVALID_RESPONSE_CODE,
      `Expected ${expected.description} from ${request.method} ${request.url}, got ${describeBody(text)}`,
    );
  }
  return picked;
}

/**
 * Sends `request` and answers the body stream of its 2xx answer. The signal
 * keeps governing the stream after this resolves: aborting it then errors the
 * stream with the platform's own abort error.
 */
export async function requestStream(request: ApiRequest): Promise<ReadableStream<Uint8Array>> {
  const response = await send(request, 'text/event-stream');
  if (!response.ok) throw errorFromAnswer(response, await readText(response, request), request);
  if (!response.body) {
    throw new ApiError(response.status, INVALID_RESPONSE_CODE, `Expected a streamed body from ${request.method} ${request.url}, got none`);
  }
  return response.body;
}

async function send(request: ApiRequest, accept: string): Promise<Response> {
  if (request.signal?.aborted) throw abortError(request);
  const headers: Record<string, string> = { Accept: accept };
  if (request.apiKey !== undefined) headers[API_KEY_HEADER] = request.apiKey;
  let body: string | FormData | undefined;
  if (request.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(request.json);
  } else if (request.form !== undefined) {
    body = request.form;
  }
  try {
    return await globalThis.fetch(request.url, { method: request.method, headers, body, signal: request.signal });
  } catch (error) {
    throw transportError(error, request);
  }
}

async function readText(response: Response, request: ApiRequest): Promise<string> {
  try {
    return await response.text();
  } catch (error) {
    throw transportError(error, request);
  }
}

function transportError(error: unknown, request: ApiRequest): Error {
  if (request.signal?.aborted) return abortError(request);
  return new NetworkError(request.url, error);
}

/** Always the SDK's `AbortError`, whatever the signal's reason; the reason is kept as `cause`. */
function abortError(request: ApiRequest): AbortError {
  const reason: unknown = request.signal?.reason;
  const why = reason instanceof Error && reason.name !== 'AbortError' ? `: ${reason.message}` : '';
  return new AbortError(`${request.method} ${request.url} was aborted${why}`, { cause: reason });
}

function errorFromAnswer(response: Response, text: string, request: ApiRequest): ApiError {
  const errors = readErrors(parseJson(text));
  const [first] = errors;
  if (first) return new ApiError(response.status, first.code, first.detail, first.attr ?? null, errors);
  const status = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  return new ApiError(
    response.status,
    UNKNOWN_ERROR_CODE,
    `${status} from ${request.method} ${request.url} with ${describeBody(text)}`,
  );
}

/** The `errors` list of a well-behaved error body; `[]` for anything else. */
function readErrors(body: unknown): ApiErrorDetail[] {
  if (!isRecord(body) || !Array.isArray(body.errors)) return [];
  return body.errors.flatMap((entry: unknown): ApiErrorDetail[] => {
    if (typeof entry === 'string') return [{ code: UNKNOWN_ERROR_CODE, detail: entry, attr: null }];
    if (!isRecord(entry)) return [];
    const code = typeof entry.code === 'string' && entry.code !== '' ? entry.code : UNKNOWN_ERROR_CODE;
    const detail = typeof entry.detail === 'string' && entry.detail !== '' ? entry.detail : code;
    const attr = typeof entry.attr === 'string' ? entry.attr : null;
    return [{ code, detail, attr }];
  });
}

/** The parsed body; `undefined` when it is empty, `MISMATCH` when it is not JSON. */
function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return MISMATCH;
  }
}

function describeBody(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat === '') return 'an empty body';
  const snippet = flat.length > SNIPPET_LENGTH ? `${flat.slice(0, SNIPPET_LENGTH)}…` : flat;
  return `body ${JSON.stringify(snippet)}`;
}
