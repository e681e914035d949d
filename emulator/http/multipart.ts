/**
 * A small multipart/form-data parser for bodies already read in full (they
 * are size-limited before parsing). Anything malformed is a 400.
 */
import { invalid } from './respond.js';

export interface FormPart {
  name: string;
  filename: string | null;
  contentType: string | null;
  data: Buffer;
}

const MAX_PARTS = 32;
const MAX_HEADER_BYTES = 8 * 1024;
const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

export function boundaryOf(contentType: string | undefined): string {
  const match = /^multipart\/form-data\s*;(?:.*;)?\s*boundary=(?:"([^"]{1,70})"|([^;\s]{1,70}))/i.exec(contentType ?? '');
  if (!match) throw invalid(null, 'Expected a multipart/form-data body with a boundary');
  return (match[1] ?? match[2])!;
}

export function parseMultipart(body: Buffer, boundary: string): FormPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: FormPart[] = [];
  let position = body.indexOf(delimiter);
  if (position === -1) throw invalid(null, 'The multipart body has no boundary line');
  for (;;) {
    position += delimiter.length;
    if (body.subarray(position, position + 2).toString() === '--') return parts;
    if (!body.subarray(position, position + 2).equals(CRLF)) throw invalid(null, 'Malformed multipart boundary line');
    position += 2;
    const headerEnd = body.indexOf(HEADER_END, position);
    if (headerEnd === -1 || headerEnd - position > MAX_HEADER_BYTES) throw invalid(null, 'Malformed multipart part headers');
    const headers = parseHeaders(body.subarray(position, headerEnd).toString('utf8'));
    const dataStart = headerEnd + HEADER_END.length;
    const next = body.indexOf(Buffer.concat([CRLF, delimiter]), dataStart);
    if (next === -1) throw invalid(null, 'The multipart body ends before its closing boundary');
    const disposition = headers.get('content-disposition') ?? '';
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1] ?? /\bname=([^;\s]+)/i.exec(disposition)?.[1];
    if (!/^form-data\b/i.test(disposition) || name === undefined) throw invalid(null, 'A multipart part has no form-data name');
    parts.push({
      name,
      filename: /\bfilename="([^"]*)"/i.exec(disposition)?.[1] ?? null,
      contentType: headers.get('content-type') ?? null,
      data: body.subarray(dataStart, next),
    });
    if (parts.length > MAX_PARTS) throw invalid(null, `A multipart body may have at most ${MAX_PARTS} parts`);
    position = next + CRLF.length;
  }
}

function parseHeaders(text: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw invalid(null, 'Malformed multipart part header');
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}
