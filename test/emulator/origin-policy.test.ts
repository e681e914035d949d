import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createInspectorHub, type Emulator, type InspectorHub } from '../../emulator/index.js';
import { start } from './emulator-helpers.js';

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: { errors?: Array<{ code: string; detail: string }> } & Record<string, unknown>;
}

/** A real HTTP request whose Host and Origin the test chooses (as a foreign page or a rebound DNS name would send them). */
function send(emulator: Emulator, method: string, path: string, headers: Record<string, string>, body?: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: emulator.port, method, path, headers, agent: false, setHost: !('Host' in headers) }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, json: text ? JSON.parse(text) : {} }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Opens a WebSocket with the chosen headers; answers 'open' or the HTTP status it was refused with. */
function openSocket(url: string, headers: Record<string, string>): Promise<'open' | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers, ...(headers.Origin ? { origin: headers.Origin } : {}) });
    ws.once('open', () => {
      ws.close();
      resolve('open');
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      ws.terminate();
    });
    ws.once('error', (error) => reject(error));
  });
}

const KEY = { 'PersoLive-APIKey': 'perso-emulator-key' };

let emulator: Emulator;
beforeAll(async () => {
  emulator = await start();
});
afterAll(() => emulator.close());

describe('Host check (DNS rebinding)', () => {
  it('answers a Host naming something else with 421 JSON on every kind of route, before any handler runs', async () => {
    const sessionsBefore = emulator.sessions.list().length;
    for (const [method, path, headers] of [
      ['GET', '/api/v1/prompt/', KEY],
      ['GET', '/api/settings', {}],
      ['GET', '/_emulator/sessions', KEY],
      ['POST', '/api/session', { 'Content-Type': 'application/json' }],
      ['GET', '/', {}],
      ['OPTIONS', '/api/v1/session/', {}],
    ] as const) {
      for (const host of ['evil.example', `evil.example:${emulator.port}`, `127.0.0.1.evil.example:${emulator.port}`]) {
        const answer = await send(emulator, method, path, { ...headers, Host: host }, method === 'POST' ? '{}' : undefined);
        expect([path, host, answer.status]).toEqual([path, host, 421]);
        expect(answer.json.errors![0]!.code).toBe('host_not_allowed');
        expect(answer.json.errors![0]!.detail).toMatch(/--allowed-host/);
        expect(answer.headers['access-control-allow-origin']).toBeUndefined();
      }
    }
    expect(emulator.sessions.list()).toHaveLength(sessionsBefore);
  });

  it('serves the names it listens on: 127.0.0.1, localhost, [::1], with or without a port', async () => {
    for (const host of [`127.0.0.1:${emulator.port}`, `localhost:${emulator.port}`, `LOCALHOST:${emulator.port}`, `[::1]:${emulator.port}`, 'localhost']) {
      expect([host, (await send(emulator, 'GET', '/api/v1/prompt/', { ...KEY, Host: host })).status]).toEqual([host, 200]);
    }
  });

  it('accepts the extra names of allowedHosts, and only those', async () => {
    const lan = await start({ allowedHosts: ['dev.box', '192.168.1.5'] });
    try {
      expect((await send(lan, 'GET', '/api/v1/prompt/', { ...KEY, Host: `dev.box:${lan.port}` })).status).toBe(200);
      expect((await send(lan, 'GET', '/api/v1/prompt/', { ...KEY, Host: '192.168.1.5' })).status).toBe(200);
      expect((await send(lan, 'GET', '/api/v1/prompt/', { ...KEY, Host: 'other.box' })).status).toBe(421);
    } finally {
      await lan.close();
    }
  });

  it('builds signed and catalog URLs from its own base: a served name and its real port, never the header as sent', async () => {
    const path = '/api/v1/settings/text_normalization_config/tn-en-basic/download/';
    const viaLoopback = await send(emulator, 'GET', path, { ...KEY, Host: `127.0.0.1:${emulator.port}` });
    expect(viaLoopback.json.file_url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${emulator.port}/`));
    const wrongPort = await send(emulator, 'GET', path, { ...KEY, Host: 'localhost:1' });
    expect(wrongPort.json.file_url).toMatch(new RegExp(`^http://localhost:${emulator.port}/`));
    const images = await send(emulator, 'GET', '/api/v1/background_image/', { ...KEY, Host: 'localhost:1' });
    for (const image of images.json as unknown as Array<{ image: string }>) expect(image.image).toMatch(new RegExp(`^http://localhost:${emulator.port}/`));
    expect((await send(emulator, 'GET', path, { ...KEY, Host: 'attacker.example' })).status).toBe(421);
  });
});

describe('Origin check (CORS)', () => {
  it('refuses a foreign page with 403 and no CORS headers, on the keyless demo routes and the control routes alike', async () => {
    const sessionsBefore = emulator.sessions.list().length;
    for (const origin of ['http://evil.example', `http://evil.example:${emulator.port}`, `http://127.0.0.1:${emulator.port + 1}`, 'null']) {
      for (const [method, path, headers, body] of [
        ['GET', '/api/settings', {}, undefined],
        ['GET', '/_emulator/sessions', KEY, undefined],
        // A "simple" request: a browser sends it without a preflight, so it must be refused, not just left unreadable.
        ['POST', '/api/session', { 'Content-Type': 'text/plain' }, '{}'],
        ['OPTIONS', '/api/v1/session/', { 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'persolive-apikey' }, undefined],
      ] as const) {
        const answer = await send(emulator, method, path, { ...headers, Origin: origin }, body);
        expect([origin, path, answer.status]).toEqual([origin, path, 403]);
        expect(answer.json.errors![0]!.code).toBe('origin_not_allowed');
        expect(answer.headers['access-control-allow-origin']).toBeUndefined();
      }
    }
    expect(emulator.sessions.list()).toHaveLength(sessionsBefore);
  });

  it('answers its own origins with CORS headers naming them, and requests without an Origin without any', async () => {
    for (const origin of [`http://127.0.0.1:${emulator.port}`, `http://localhost:${emulator.port}`]) {
      const answer = await send(emulator, 'GET', '/api/settings', { Origin: origin });
      expect(answer.status).toBe(200);
      expect(answer.headers['access-control-allow-origin']).toBe(origin);
    }
    const node = await send(emulator, 'GET', '/api/settings', {});
    expect(node.status).toBe(200);
    expect(node.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('allows the origins given by corsOrigins (and Private Network Access preflights from them); "*" allows every page', async () => {
    const app = await start({ corsOrigins: ['http://localhost:5173', 'https://app.example/'] });
    const open = await start({ corsOrigins: ['*'] });
    try {
      const preflight = await send(app, 'OPTIONS', '/api/v1/session/', {
        Origin: 'https://app.example',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Private-Network': 'true',
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBe('https://app.example');
      expect(preflight.headers['access-control-allow-private-network']).toBe('true');
      expect((await send(app, 'GET', '/api/settings', { Origin: 'http://localhost:5173' })).headers['access-control-allow-origin']).toBe('http://localhost:5173');
      expect((await send(app, 'GET', '/api/settings', { Origin: 'http://localhost:5174' })).status).toBe(403);
      const anyPage = await send(open, 'GET', '/api/settings', { Origin: 'http://evil.example' });
      expect(anyPage.status).toBe(200);
      expect(anyPage.headers['access-control-allow-origin']).toBe('*');
    } finally {
      await Promise.all([app.close(), open.close()]);
    }
  });
});

describe('the inspector WebSocket', () => {
  const url = () => `ws://127.0.0.1:${emulator.port}/inspector/ws?role=viewer`;

  it('refuses a foreign page (403) and a rebound Host (421); its own page and Node sources connect', async () => {
    expect(await openSocket(url(), { Origin: 'http://evil.example' })).toBe(403);
    expect(await openSocket(`${url()}&role=source`, { Origin: 'http://evil.example' })).toBe(403);
    expect(await openSocket(url(), { Host: `evil.example:${emulator.port}`, Origin: `http://evil.example:${emulator.port}` })).toBe(421);
    expect(await openSocket(url(), { Origin: `http://127.0.0.1:${emulator.port}` })).toBe('open');
    expect(await openSocket(url(), { Origin: `http://localhost:${emulator.port}`, Host: `localhost:${emulator.port}` })).toBe('open');
    expect(await openSocket(url(), {})).toBe('open');
  });

  describe('as a standalone hub (createInspectorHub on any server)', () => {
    let server: Server;
    let hub: InspectorHub;
    let port: number;
    beforeAll(async () => {
      hub = createInspectorHub();
      server = createServer((_req, res) => res.end());
      server.on('upgrade', (req, socket, head) => hub.handleUpgrade(req, socket, head));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(async () => {
      await hub.close();
      await new Promise((resolve) => server.close(resolve));
    });

    it('takes only pages of its own loopback origin by default, so a rebound DNS name is refused too', async () => {
      const hubUrl = `ws://127.0.0.1:${port}/inspector/ws?role=viewer`;
      expect(await openSocket(hubUrl, { Origin: `http://127.0.0.1:${port}` })).toBe('open');
      expect(await openSocket(hubUrl, {})).toBe('open');
      expect(await openSocket(hubUrl, { Origin: 'http://evil.example' })).toBe(403);
      expect(await openSocket(hubUrl, { Origin: `http://127.0.0.1:${port + 1}` })).toBe(403);
      expect(await openSocket(hubUrl, { Host: `evil.example:${port}`, Origin: `http://evil.example:${port}` })).toBe(403);
    });
  });
});
