/**
 * Reading request bodies with a size limit. A body over the limit is refused
 * with 413 as soon as its declared length or the bytes read so far exceed the
 * limit, without buffering the rest.
 */
import type { IncomingMessage } from 'node:http';
import { HttpError, invalid } from './respond.js';

export function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) {
    discard(req, limitBytes);
    return Promise.reject(tooLarge(limitBytes));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total <= limitBytes) {
        chunks.push(chunk);
        return;
      }
      req.off('data', onData);
      req.off('end', onEnd);
      discard(req, limitBytes);
      reject(tooLarge(limitBytes));
    };
    const onEnd = () => resolve(Buffer.concat(chunks, total));
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', reject);
    req.once('close', () => reject(new Error('The client closed the request before its body ended')));
  });
}

/**
 * Reads and drops the rest of a refused body, so the client (still sending)
 * reads the 413 instead of a reset connection; a body far over the limit
 * gets its connection closed instead.
 */
function discard(req: IncomingMessage, limitBytes: number): void {
  const cap = limitBytes * 4 + 1024 * 1024;
  let dropped = 0;
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > cap) req.socket.destroy();
  });
  req.resume();
}

/** Reads a JSON body; an empty body reads as `{}`. */
export async function readJson(req: IncomingMessage, limitBytes: number): Promise<unknown> {
  const bytes = await readBody(req, limitBytes);
  const text = bytes.toString('utf8').trim();
  if (text === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw invalid(null, `Malformed JSON body: ${(error as Error).message}`);
  }
}

/** Reads a JSON body that must be an object. */
export async function readJsonObject(req: IncomingMessage, limitBytes: number): Promise<Record<string, unknown>> {
  const body = await readJson(req, limitBytes);
  if (!isRecord(body)) throw invalid(null, 'The JSON body must be an object');
  return body;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function tooLarge(limitBytes: number): HttpError {
  return new HttpError(413, 'request_too_large', `The request body is larger than the limit of ${limitBytes} bytes`);
}
