import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import type { Emulator } from '../../emulator/index.js';
import { call, start } from './emulator-helpers.js';

let emulator: Emulator;
const wss = new WebSocketServer({ noServer: true });
beforeAll(async () => {
  emulator = await start();
  emulator.server.registerUpgrade('/inspector/ws', (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, (ws) => ws.on('message', (data) => ws.send(`echo ${String(data)}`)));
  });
});
afterAll(async () => {
  for (const client of wss.clients) client.terminate();
  wss.close();
  await emulator.close();
});

describe('extension hooks', () => {
  it('dispatches WebSocket upgrades by path', async () => {
    const ws = new WebSocket(`${emulator.url.replace('http', 'ws')}/inspector/ws?token=1`);
    const reply = await new Promise<string>((resolve, reject) => {
      ws.once('open', () => ws.send('hi'));
      ws.once('message', (data) => resolve(String(data)));
      ws.once('error', reject);
    });
    expect(reply).toBe('echo hi');
    ws.close();
  });

  it('refuses upgrades on unregistered paths', async () => {
    const ws = new WebSocket(`${emulator.url.replace('http', 'ws')}/elsewhere`);
    const error = await new Promise<Error>((resolve) => ws.once('error', resolve));
    expect(error.message).toMatch(/404/);
  });

  it('registers extra routes, and replaces a route registered again with the same method and path', async () => {
    emulator.server.registerRoute({ method: 'GET', path: '/api/hello/:name', handler: ({ res, params }) => void res.end(`hello ${params.name}`) });
    expect((await call(emulator, 'GET', '/api/hello/world')).text).toBe('hello world');
    emulator.server.registerRoute({ method: 'GET', path: '/api/settings', handler: ({ res }) => void res.end('replaced') });
    expect((await call(emulator, 'GET', '/api/settings')).text).toBe('replaced');
    emulator.server.registerRoute({ method: 'GET', path: '/api/private/', auth: true, handler: ({ res }) => void res.end('secret') });
    expect((await call(emulator, 'GET', '/api/private/', { key: null })).status).toBe(401);
    expect((await call(emulator, 'GET', '/api/private/')).text).toBe('secret');
  });
});
