/**
 * Serves files from one directory. A path is decoded once, must not contain
 * NUL, backslashes or `..` segments, and the resolved file must stay inside
 * the root (checked after following symlinks), so no request can read a file
 * outside it.
 */
import { realpath, readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

export interface StaticFile {
  body: Buffer;
  contentType: string;
}

/** The file `urlPath` names under `root`, or null when there is none or the path is not allowed. */
export async function findStaticFile(root: string, urlPath: string): Promise<StaticFile | null> {
  const relative = safeRelativePath(urlPath);
  if (relative === null) return null;
  const rootReal = await realpath(root).catch(() => null);
  if (rootReal === null) return null;
  let candidate = resolve(rootReal, relative);
  if (!isInside(rootReal, candidate)) return null;
  let info = await stat(candidate).catch(() => null);
  if (info?.isDirectory()) {
    candidate = join(candidate, 'index.html');
    info = await stat(candidate).catch(() => null);
  }
  if (!info?.isFile()) return null;
  const real = await realpath(candidate).catch(() => null);
  if (real === null || !isInside(rootReal, real)) return null;
  return {
    body: await readFile(real),
    contentType: CONTENT_TYPES[extname(real).toLowerCase()] ?? 'application/octet-stream',
  };
}

/** The decoded, relative form of `urlPath`, or null for anything that could escape the root. */
export function safeRelativePath(urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\') || /%(?:2e|2f|5c|00)/i.test(decoded)) return null;
  const parts = decoded.split('/').filter((part) => part !== '' && part !== '.');
  if (parts.some((part) => part === '..' || part.startsWith('..'))) return null;
  return parts.join(sep);
}

function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}
