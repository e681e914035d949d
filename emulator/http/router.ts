/**
 * A method + path table. Patterns are literal segments and `:name`
 * parameters (`/api/v1/session/:id/tts/`); a trailing slash is significant,
 * as on the Perso platform. A path that matches a pattern under another
 * method is a 405, not a 404.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { invalid } from './respond.js';

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  /** Decoded path parameters. */
  params: Record<string, string>;
  query: URLSearchParams;
  /** The raw (still percent-encoded) path. */
  path: string;
  /** `http://host:port` as the client addressed the emulator. */
  baseUrl: string;
}

export type RouteHandler = (ctx: RequestContext) => Promise<void> | void;

export interface RouteDefinition {
  method: string;
  path: string;
  /** Whether the `PersoLive-APIKey` header must carry the emulator's key. */
  auth?: boolean;
  handler: RouteHandler;
}

interface CompiledRoute extends RouteDefinition {
  segments: string[];
}

export type RouteMatch =
  | { kind: 'found'; route: RouteDefinition; params: Record<string, string> }
  | { kind: 'wrong-method'; allowed: string[] }
  | { kind: 'none' };

export class Router {
  private readonly routes: CompiledRoute[] = [];

  /** Adds a route; one with the same method and path replaces the earlier one (so the demo can take over `/api/session`). */
  add(route: RouteDefinition): void {
    const compiled = { ...route, method: route.method.toUpperCase(), segments: route.path.split('/') };
    const existing = this.routes.findIndex((item) => item.method === compiled.method && item.path === compiled.path);
    if (existing === -1) this.routes.push(compiled);
    else this.routes[existing] = compiled;
  }

  match(method: string, path: string): RouteMatch {
    const segments = path.split('/');
    const allowed = new Set<string>();
    for (const route of this.routes) {
      const params = matchSegments(route.segments, segments);
      if (!params) continue;
      if (route.method === method || (method === 'HEAD' && route.method === 'GET')) return { kind: 'found', route, params };
      allowed.add(route.method);
    }
    return allowed.size > 0 ? { kind: 'wrong-method', allowed: [...allowed, 'OPTIONS'] } : { kind: 'none' };
  }
}

function matchSegments(pattern: string[], actual: string[]): Record<string, string> | null {
  if (pattern.length !== actual.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i]!;
    const got = actual[i]!;
    if (expected.startsWith(':')) {
      if (got === '') return null;
      params[expected.slice(1)] = decodeSegment(got);
    } else if (expected !== got) {
      return null;
    }
  }
  return params;
}

function decodeSegment(segment: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    throw invalid(null, 'The path has a malformed percent-encoding');
  }
  if (decoded.includes('\0') || decoded.includes('/')) throw invalid(null, 'The path has a forbidden character');
  return decoded;
}

/** Splits a request target into its path and query; only origin-form targets (`/…`) are served. */
export function splitTarget(target: string | undefined): { path: string; query: URLSearchParams } | null {
  if (!target || !target.startsWith('/') || target.startsWith('//')) return null;
  const queryStart = target.indexOf('?');
  const path = queryStart === -1 ? target : target.slice(0, queryStart);
  const hashless = path.split('#')[0]!;
  if (hashless.includes('\0')) return null;
  return { path: hashless, query: new URLSearchParams(queryStart === -1 ? '' : target.slice(queryStart + 1)) };
}
