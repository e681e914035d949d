import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RouteDefinition } from '../../emulator/http/router.js';

/**
 * A minimal stand-in for the emulator's router, enough to run the inspector
 * page routes on a plain node:http server: literal segments and `:name`.
 */
export function dispatch(routes: RouteDefinition[], req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const segments = url.pathname.split('/');
  for (const route of routes) {
    const pattern = route.path.split('/');
    if (pattern.length !== segments.length || route.method !== (req.method === 'HEAD' ? 'GET' : req.method)) continue;
    const params: Record<string, string> = {};
    const matches = pattern.every((part, index) => {
      if (part.startsWith(':')) {
        params[part.slice(1)] = decodeURIComponent(segments[index]!);
        return segments[index] !== '';
      }
      return part === segments[index];
    });
    if (!matches) continue;
    void route.handler({ req, res, params, query: url.searchParams, path: url.pathname, baseUrl: 'http://127.0.0.1' });
    return;
  }
  res.writeHead(404).end();
}
