import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createActor, setup } from 'xstate';
import { createInspectorHub, inspectorPageRoutes, type InspectorHub, type InspectorHubOptions } from '../../emulator/inspector-hub.js';
import { attachInspector, type HubMessage, type InspectorMessage } from '../../inspector/index.js';
import { dispatch } from './route-dispatch.js';

interface Harness {
  hub: InspectorHub;
  server: Server;
  origin: string;
  wsUrl: (query: string) => string;
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function startHub(options: InspectorHubOptions = {}): Promise<Harness> {
  const hub = createInspectorHub(options);
  const server = createServer((_req, res) => res.writeHead(404).end());
  server.on('upgrade', (req, socket, head) => {
    if (new URL(req.url ?? '/', 'http://x').pathname === '/inspector/ws') hub.handleUpgrade(req, socket, head);
    else socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  cleanups.push(async () => {
    await hub.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { hub, server, origin: `http://127.0.0.1:${port}`, wsUrl: (query) => `ws://127.0.0.1:${port}/inspector/ws?${query}` };
}

async function connect(url: string): Promise<WebSocket> {
  const socket = new WebSocket(url);
  cleanups.push(() => socket.terminate());
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return socket;
}

/** A viewer that records every hub message it receives. */
async function viewer(harness: Harness): Promise<{ socket: WebSocket; messages: HubMessage[] }> {
  const socket = new WebSocket(harness.wsUrl('role=viewer'));
  cleanups.push(() => socket.terminate());
  const messages: HubMessage[] = [];
  socket.on('message', (data) => messages.push(JSON.parse(String(data)) as HubMessage));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { socket, messages };
}

async function until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const relayed = (messages: HubMessage[]) => messages.flatMap((message) => (message.kind === 'message' ? [message] : []));

function message(type: InspectorMessage['type'], fields: Record<string, unknown> = {}): string {
  return JSON.stringify({ type, rootId: 'x:0', at: 1, actorId: 'x:0', ...fields });
}

describe('inspector hub', () => {
  it('relays each source message to every viewer, tagged with the source', async () => {
    const harness = await startHub();
    const first = await viewer(harness);
    const second = await viewer(harness);
    const source = await connect(harness.wsUrl('role=source&label=demo%20session'));
    await until(() => first.messages.some((m) => m.kind === 'source-joined'), 'source-joined');

    source.send(message('actor', { name: 'session', definition: { id: 'session', key: 'session', type: 'parallel', states: [] } }));
    source.send(message('event', { event: { type: 'GO' } }));
    source.send('not json');
    await until(() => relayed(second.messages).length === 2 && relayed(first.messages).length === 2, 'relay');

    expect(first.messages[0]).toEqual({ kind: 'hello', version: 1, sources: [] });
    const joined = first.messages.find((m) => m.kind === 'source-joined');
    expect(joined).toMatchObject({ source: { sourceId: 's1', label: 'demo session' } });
    expect(relayed(first.messages).map((m) => [m.sourceId, m.message.type, m.replayed])).toEqual([
      ['s1', 'actor', undefined],
      ['s1', 'event', undefined],
    ]);
    expect(relayed(second.messages)).toEqual(relayed(first.messages));

    source.close();
    await until(() => first.messages.some((m) => m.kind === 'source-left'), 'source-left');
    expect(first.messages.at(-1)).toMatchObject({ kind: 'source-left', sourceId: 's1' });
    expect(harness.hub.sourceCount).toBe(0);
  });

  it('replays charts, latest snapshots and recent history to a viewer that connects late', async () => {
    const harness = await startHub({ historySize: 3 });
    const source = await connect(harness.wsUrl('role=source&label=late'));
    source.send(message('actor', { name: 'root' }));
    source.send(message('actor', { actorId: 'x:1', name: 'child', parentId: 'x:0' }));
    source.send(message('snapshot', { event: { type: 'A' }, snapshot: { status: 'active', value: 'one' } }));
    for (const type of ['B', 'C', 'D']) source.send(message('event', { actorId: 'x:1', event: { type } }));
    await until(() => harness.hub.sourceCount === 1, 'source registered');

    const late = await viewer(harness);
    await until(() => relayed(late.messages).length >= 6, 'replay');
    expect(late.messages[0]).toMatchObject({ kind: 'hello', sources: [{ sourceId: 's1', label: 'late' }] });
    const replayed = relayed(late.messages);
    expect(replayed.every((m) => m.replayed === true)).toBe(true);
    expect(replayed.map((m) => `${m.message.type}:${'name' in m.message ? m.message.name : 'event' in m.message ? m.message.event.type : ''}`)).toEqual([
      'actor:root',
      'actor:child',
      'snapshot:A',
      'event:B',
      'event:C',
      'event:D',
    ]);

    source.send(message('event', { event: { type: 'LIVE' } }));
    await until(() => relayed(late.messages).length === 7, 'live message');
    expect(relayed(late.messages).at(-1)).toMatchObject({ message: { event: { type: 'LIVE' } } });
    expect(relayed(late.messages).at(-1)!.replayed).toBeUndefined();
  });

  it('closes a source that sends a frame over the size limit', async () => {
    const harness = await startHub({ maxMessageBytes: 2048 });
    const watcher = await viewer(harness);
    const source = await connect(harness.wsUrl('role=source'));
    const closed = new Promise<number>((resolve) => source.once('close', (code) => resolve(code)));
    source.send(message('event', { event: { type: 'SMALL' } }));
    source.send(message('event', { event: { type: 'HUGE', blob: 'x'.repeat(4096) } }));

    expect(await closed).toBe(1009);
    await until(() => watcher.messages.some((m) => m.kind === 'source-left'), 'source-left');
    expect(relayed(watcher.messages).map((m) => m.message.type === 'event' && m.message.event.type)).toEqual(['SMALL']);
    expect(watcher.messages.find((m) => m.kind === 'source-joined')).toMatchObject({ source: { label: 's1' } });
  });

  it('refuses upgrades without a valid role', async () => {
    const harness = await startHub();
    const socket = new WebSocket(harness.wsUrl('role=spy'));
    const status = await new Promise<number | undefined>((resolve) => {
      socket.once('unexpected-response', (_req, res) => resolve(res.statusCode));
      socket.once('error', () => resolve(undefined));
    });
    socket.terminate();
    expect(status).toBe(400);
  });

  it('close() ends every inspector socket and refuses new ones', async () => {
    const harness = await startHub();
    const watcher = await viewer(harness);
    const source = await connect(harness.wsUrl('role=source'));
    const sockets = [watcher.socket, source].map((socket) => new Promise<void>((resolve) => socket.once('close', () => resolve())));
    await until(() => harness.hub.viewerCount === 1 && harness.hub.sourceCount === 1, 'both connected');

    await harness.hub.close();
    await Promise.all(sockets);
    expect(harness.hub.viewerCount).toBe(0);
    expect(harness.hub.sourceCount).toBe(0);
    const connections = await new Promise<number>((resolve, reject) => harness.server.getConnections((error, count) => (error ? reject(error) : resolve(count))));
    expect(connections).toBe(0);

    const refused = new WebSocket(harness.wsUrl('role=viewer'));
    const status = await new Promise<number | undefined>((resolve) => {
      refused.once('unexpected-response', (_req, res) => resolve(res.statusCode));
      refused.once('error', () => resolve(undefined));
    });
    refused.terminate();
    expect(status).toBe(503);
  });

  it('carries a real attached actor to a viewer (ws as the adapter transport)', async () => {
    const harness = await startHub();
    const watcher = await viewer(harness);
    const machine = setup({ types: { events: {} as { type: 'TOGGLE' } } }).createMachine({
      id: 'toggle',
      type: 'parallel',
      states: {
        power: { initial: 'off', states: { off: { on: { TOGGLE: 'on' } }, on: { on: { TOGGLE: 'off' } } } },
        light: { initial: 'dim', states: { dim: {} } },
      },
    });
    const actor = createActor(machine).start();
    cleanups.push(() => {
      actor.stop();
    });
    const attachment = attachInspector(actor, { url: harness.origin, WebSocket, label: 'toggle demo' });
    cleanups.push(() => attachment.detach());
    await until(() => attachment.connected, 'adapter connected');
    actor.send({ type: 'TOGGLE' });

    await until(() => relayed(watcher.messages).some((m) => m.message.type === 'snapshot' && m.message.event.type === 'TOGGLE'), 'toggle snapshot');
    expect(watcher.messages.find((m) => m.kind === 'source-joined')).toMatchObject({ source: { label: 'toggle demo' } });
    const messages = relayed(watcher.messages).map((m) => m.message);
    expect(messages[0]).toMatchObject({ type: 'actor', definition: { id: 'toggle', type: 'parallel' } });
    const last = messages.filter((m) => m.type === 'snapshot').at(-1);
    expect(last).toMatchObject({ snapshot: { value: { power: 'on', light: 'dim' } } });

    attachment.detach();
    await until(() => watcher.messages.some((m) => m.kind === 'source-left'), 'source-left after detach');
  });
});

describe('inspector page routes', () => {
  it('serve the built page at /inspector and nothing outside its folder', async () => {
    const pageDir = mkdtempSync(join(tmpdir(), 'inspector-routes-'));
    cleanups.push(() => rmSync(pageDir, { recursive: true, force: true }));
    writeFileSync(join(pageDir, 'index.html'), '<!doctype html><title>inspector</title>');
    writeFileSync(join(pageDir, 'app.iife.js'), 'void 0;');
    writeFileSync(join(pageDir, 'secret.json'), '{}');
    const routes = inspectorPageRoutes(pageDir);
    const server = createServer((req, res) => dispatch(routes, req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    for (const path of ['/inspector', '/inspector/']) {
      const page = await fetch(`${origin}${path}`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await page.text()).toContain('<title>inspector</title>');
    }
    const script = await fetch(`${origin}/inspector/app.iife.js`);
    expect([script.status, script.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8']);
    await script.arrayBuffer();
    for (const path of ['/inspector/secret.json', '/inspector/..%2Fetc%2Fpasswd', '/inspector/missing.js']) {
      const refused = await fetch(`${origin}${path}`);
      expect(refused.status, path).toBe(404);
      await refused.arrayBuffer();
    }
  });
});
