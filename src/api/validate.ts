import { InvalidArgumentError } from '../errors.js';

/** The production Perso Interactive API server. */
export const DEFAULT_API_SERVER = 'https://platform.perso.ai';

/**
 * Trims whitespace and trailing slashes, and checks that what is left is an
 * http(s) URL, so every path can simply be appended.
 */
export function normalizeApiServer(apiServer: unknown): string {
  if (typeof apiServer !== 'string') {
    throw new InvalidArgumentError('apiServer', `must be a URL string, got ${describe(apiServer)}`);
  }
  const trimmed = apiServer.trim().replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new InvalidArgumentError('apiServer', `is not a valid URL: ${JSON.stringify(apiServer)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidArgumentError('apiServer', `must be an http(s) URL, got ${JSON.stringify(apiServer)}`);
  }
  return trimmed;
}

/** A non-empty string; returned trimmed. */
export function requireText(argument: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidArgumentError(argument, `must be a non-empty string, got ${describe(value)}`);
  }
  return value.trim();
}

/**
 * The API key goes into a header: besides being non-empty it must be a valid
 * header value, or fetch would fail with a TypeError that looks like a network problem.
 */
export function requireApiKey(value: unknown): string {
  const apiKey = requireText('apiKey', value);
  if (!/^[\x21-\x7e]+$/.test(apiKey)) {
    throw new InvalidArgumentError('apiKey', 'must contain only visible ASCII characters');
  }
  return apiKey;
}

/** A plain object (the object call style's options). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** How a rejected argument is named in an error message. */
export function describe(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  if (typeof value === 'string') {
    if (value === '') return 'an empty string';
    return value.trim() === '' ? 'a blank string' : JSON.stringify(value);
  }
  return `a value of type ${Array.isArray(value) ? 'array' : typeof value}`;
}
