/**
 * Reading request bodies with a size limit. A body over the limit is refused
 * with 413 as soon as its declared length or the bytes read so far exceed the
 * limit, without buffering the rest.
 */
import type { IncomingMessage } from 'node:http';
import { HttpError, invalid } from './respond.js';

export async function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) throw tooLarge(limitBytes);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > limitBytes) throw tooLarge(limitBytes);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
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
  return new HttpError(413, 'request_too_large', `The request body is larger than the limit of ${limitBytes} bytes`, null, { Connection: 'close' });
}
