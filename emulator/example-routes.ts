/**
 * The built example apps (dist/examples/<name>/) at `/examples/<name>/`, on
 * the same origin as the demo routes (`/api/session`, `/api/settings`) they
 * call as an app calls its own server.
 */
import { join } from 'node:path';
import type { RouteDefinition, RouteHandler } from './http/router.js';
import { findStaticFile } from './http/static.js';

export const EXAMPLES_PATH = '/examples';

export function exampleRoutes(distDir: string): RouteDefinition[] {
  const root = join(distDir, 'examples');
  const handler: RouteHandler = async ({ res, params }) => {
    const name = params.name ?? '';
    const found = await findStaticFile(root, `${name}/${params.file ?? 'index.html'}`);
    if (!found) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`No example file here; is the example "${name}" built? Run \`npm run build\`.`);
      return;
    }
    res.writeHead(200, { 'Content-Type': found.contentType, 'Content-Length': String(found.body.byteLength), 'Cache-Control': 'no-cache' });
    res.end(res.req.method === 'HEAD' ? undefined : found.body);
  };
  return [
    // Without the slash, the page's relative links would point one level up.
    { method: 'GET', path: `${EXAMPLES_PATH}/:name`, handler: ({ res, params }) => void res.writeHead(301, { Location: `${EXAMPLES_PATH}/${encodeURIComponent(params.name ?? '')}/` }).end() },
    { method: 'GET', path: `${EXAMPLES_PATH}/:name/`, handler },
    { method: 'GET', path: `${EXAMPLES_PATH}/:name/:file`, handler },
  ];
}
