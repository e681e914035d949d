/**
 * The emulator as the demo needs it: the SDK's IIFE build at
 * `/sdk/perso-interactive.iife.js` (where demo/public/index.html loads it)
 * and the inspector page and hub at `/inspector`. Registered through the
 * emulator's public server hooks; an emulator that already offers them keeps
 * its own (earlier routes win, and the hub is only added when none answers).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { startEmulator } from '../../../emulator/index.js';
import { createInspectorHub, inspectorPageRoutes, type InspectorHub } from '../../../emulator/inspector-hub.js';
import { DIST } from './dist.js';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

export const SDK_SCRIPT_PATH = '/sdk/perso-interactive.iife.js';

export interface DemoServer {
  /** Closes what this helper added (the emulator closes itself). */
  close(): Promise<void>;
}

export async function serveDemoExtras(emulator: Emulator): Promise<DemoServer> {
  emulator.server.registerRoute({
    method: 'GET',
    path: SDK_SCRIPT_PATH,
    handler: async ({ res }) => {
      const body = await readFile(join(DIST, 'client/index.iife.js'));
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Content-Length': String(body.byteLength) }).end(body);
    },
  });
  let hub: InspectorHub | null = null;
  if (!(await hubAnswers(emulator.url))) {
    const ownHub = createInspectorHub();
    hub = ownHub;
    emulator.server.registerUpgrade('/inspector/ws', (req, socket, head) => ownHub.handleUpgrade(req, socket, head));
    for (const route of inspectorPageRoutes(join(DIST, 'inspector-page'))) emulator.server.registerRoute(route);
  }
  return {
    close: async () => {
      await hub?.close();
    },
  };
}

/** Whether a viewer can connect to the emulator's inspector hub. */
function hubAnswers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/inspector/ws?role=viewer`);
    socket.once('open', () => {
      socket.close();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
