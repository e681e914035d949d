/**
 * What a browser page needs from the emulator beside the API: the SDK's IIFE
 * build at `/sdk/perso-interactive.iife.js` (where the demo loads it, as an
 * app would load it from a CDN) with its audio chunk beside it, the live
 * inspector page at `/inspector`, its WebSocket hub at `/inspector/ws`, and
 * the example apps under `/examples/`.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AUDIO_CHUNK_FILE } from '../src/audio/script-chunks.js';
import { exampleRoutes } from './example-routes.js';
import type { EmulatorServerHooks } from './http/server.js';
import { createInspectorHub, inspectorPageRoutes, type InspectorHub } from './inspector-hub.js';
import { registerVadAssets } from './vad-assets.js';

export const SDK_SCRIPT_PATH = '/sdk/perso-interactive.iife.js';
/**
 * The IIFE's on-demand audio chunk, next to the SDK script: the SDK loads it
 * relative to its own URL (src/audio/load-audio.script.ts).
 */
export const SDK_AUDIO_CHUNK_PATH = `/sdk/${AUDIO_CHUNK_FILE}`;

const SDK_SCRIPTS: ReadonlyArray<{ path: string; file: string }> = [
  { path: SDK_SCRIPT_PATH, file: 'client/index.iife.js' },
  { path: SDK_AUDIO_CHUNK_PATH, file: `client/${AUDIO_CHUNK_FILE}` },
];

export function registerBrowserAssets(server: EmulatorServerHooks, distDir: string, isOriginAllowed: (origin: string) => boolean): InspectorHub {
  for (const script of SDK_SCRIPTS) {
    server.registerRoute({
      method: 'GET',
      path: script.path,
      handler: async ({ res }) => {
        const body = await readFile(join(distDir, script.file)).catch(() => null);
        if (!body) {
          res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('The SDK is not built: run `npm run build`.');
          return;
        }
        res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Content-Length': String(body.byteLength), 'Cache-Control': 'no-cache' });
        res.end(res.req.method === 'HEAD' ? undefined : body);
      },
    });
  }
  registerVadAssets(server);
  const hub = createInspectorHub({ isOriginAllowed });
  server.registerUpgrade('/inspector/ws', (req, socket, head) => hub.handleUpgrade(req, socket, head));
  for (const route of inspectorPageRoutes(join(distDir, 'inspector-page'))) server.registerRoute(route);
  for (const route of exampleRoutes(distDir)) server.registerRoute(route);
  return hub;
}
