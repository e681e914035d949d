import { request } from 'node:http';
import { connect } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrng } from '../../emulator/avatar/prng.js';
import type { Emulator, PeerLinkFactory } from '../../emulator/index.js';
import { call, createSession, start } from './emulator-helpers.js';

const fakePeers: PeerLinkFactory = () => ({
  answer: async () => ({ type: 'answer', sdp: 'v=0' }),
  cutLink: () => undefined,
  degrade: () => undefined,
  close: async () => undefined,
  stats: { framesSent: 0, utterancesPlayed: 0, width: 0, height: 0 },
});

let root: string;
let emulator: Emulator;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'perso-static-'));
  const site = join(root, 'site');
  mkdirSync(join(site, 'sub'), { recursive: true });
  writeFileSync(join(site, 'index.html'), '<h1>demo</h1>');
  writeFileSync(join(site, 'app.js'), 'console.log(1)');
  writeFileSync(join(site, 'sub', 'index.html'), '<p>sub</p>');
  writeFileSync(join(root, 'secret.txt'), 'TOP-SECRET');
  symlinkSync(join(root, 'secret.txt'), join(site, 'link.txt'));
  emulator = await start({ staticDir: site, peerLinkFactory: fakePeers, limits: { jsonBodyBytes: 4096, ttsTextChars: 40, uploadBytes: 64 * 1024 } });
});
afterAll(async () => {
  await emulator.close();
  rmSync(root, { recursive: true, force: true });
});

/** Sends bytes on a fresh socket and answers everything the server writes before closing. */
function raw(bytes: string | Buffer, { halfClose = true, timeoutMs = 5000 } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(emulator.port, '127.0.0.1', () => {
      socket.write(bytes);
      if (halfClose) socket.end();
    });
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('close', () => resolve(text));
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' || error.code === 'EPIPE' ? resolve(text) : reject(error)));
    socket.setTimeout(timeoutMs, () => socket.destroy());
  });
}

/** One request with an exact (unnormalised) path, by node:http. */
function send(method: string, path: string, headers: Record<string, string> = {}, body?: Buffer | string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: emulator.port, method, path, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      res.on('error', reject);
    });
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' || error.code === 'EPIPE' ? resolve({ status: 0, headers: {}, body: '' }) : reject(error)));
    req.end(body);
  });
}

describe('HTTP hygiene', () => {
  it('answers unknown routes with 404 JSON, hinting at the missing slash', async () => {
    const unknown = await call<{ errors: Array<{ code: string; detail: string }> }>(emulator, 'GET', '/api/v1/nothing/');
    expect(unknown.status).toBe(404);
    expect(unknown.body.errors[0]!.code).toBe('not_found');
    const slashless = await call<{ errors: Array<{ detail: string }> }>(emulator, 'GET', '/api/v1/prompt');
    expect(slashless.status).toBe(404);
    expect(slashless.body.errors[0]!.detail).toContain('/api/v1/prompt/');
  });

  it('answers a wrong method with 405 JSON and an Allow header', async () => {
    const answer = await call<{ errors: Array<{ code: string }> }>(emulator, 'PUT', '/api/v1/session/');
    expect(answer.status).toBe(405);
    expect(answer.body.errors[0]!.code).toBe('method_not_allowed');
    expect(answer.headers.get('allow')).toContain('POST');
  });

  it('answers bodies over the limit with 413, and malformed JSON with 400, both as errors bodies', async () => {
    const big = await call<{ errors: Array<{ code: string }> }>(emulator, 'POST', '/api/v1/session/', { json: { padding: 'x'.repeat(5000) } });
    expect(big.status).toBe(413);
    expect(big.body.errors[0]!.code).toBe('request_too_large');
    const chunked = await send('POST', '/api/v1/session/', { 'PersoLive-APIKey': emulator.apiKey, 'Transfer-Encoding': 'chunked' }, 'y'.repeat(10_000));
    expect(chunked.status).toBe(413);
    const broken = await call<{ errors: Array<{ code: string; detail: string }> }>(emulator, 'POST', '/api/v1/session/', { body: '{"model_style": "aria",', headers: { 'Content-Type': 'application/json' } });
    expect(broken.status).toBe(400);
    expect(broken.body.errors[0]!.detail).toMatch(/Malformed JSON/);
  });

  it('sends CORS headers to its own origin on answers and errors, and 204 to its preflights', async () => {
    const own = `http://localhost:${emulator.port}`;
    const preflight = await send('OPTIONS', '/api/v1/session/', { Origin: own, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'persolive-apikey,content-type' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(own);
    expect(String(preflight.headers['access-control-allow-headers'])).toMatch(/PersoLive-APIKey/);
    expect(String(preflight.headers['access-control-allow-headers'])).toMatch(/Content-Type/);
    for (const path of ['/api/v1/prompt/', '/api/v1/nothing/']) {
      const answer = await call(emulator, 'GET', path, { headers: { Origin: own } });
      expect(answer.headers.get('access-control-allow-origin')).toBe(own);
      expect(answer.headers.get('vary')).toBe('Origin');
    }
  });

  it('answers garbage on the socket with 400 and oversized headers with 431, and keeps serving', async () => {
    expect(await raw('GARBAGE\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
    expect(await raw(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(70_000)}\r\n\r\n`)).toMatch(/^HTTP\/1\.1 431/);
    expect(await raw('GET http://elsewhere.example/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
    await raw('POST /api/v1/session/ HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n{"half":', { halfClose: false, timeoutMs: 300 });
    expect((await call(emulator, 'GET', '/api/v1/prompt/')).status).toBe(200);
  });
});

describe('static files', () => {
  it('serves the static directory at / with content types', async () => {
    const index = await send('GET', '/');
    expect(index).toMatchObject({ status: 200, body: '<h1>demo</h1>' });
    expect(index.headers['content-type']).toMatch(/^text\/html/);
    expect((await send('GET', '/app.js')).headers['content-type']).toMatch(/^text\/javascript/);
    expect((await send('GET', '/sub/')).body).toBe('<p>sub</p>');
    const head = await send('HEAD', '/app.js');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect((await send('GET', '/missing.js')).status).toBe(404);
  });

  it.each([
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E%2Fsecret.txt',
    '/..%2fsecret.txt',
    '/sub/../../secret.txt',
    '/sub/%2e%2e/%2e%2e/secret.txt',
    '/%252e%252e/secret.txt',
    '/..%5csecret.txt',
    '/..\\secret.txt',
    '/index.html%00.js',
    '/%00',
    '/%',
    '//secret.txt',
    '/link.txt',
    `/${'../'.repeat(20)}etc/passwd`,
  ])('never serves a file outside the directory: %s', async (path) => {
    const answer = await send('GET', path);
    expect([400, 404]).toContain(answer.status);
    expect(answer.body).not.toContain('TOP-SECRET');
    expect(answer.body).not.toContain('root:');
  });

  it('shows a landing page at / when there is no static directory', async () => {
    const bare = await start({ staticDir: false });
    try {
      const answer = await call(bare, 'GET', '/');
      expect(answer.status).toBe(200);
      expect(answer.text).toContain('Perso emulator');
    } finally {
      await bare.close();
    }
  });
});

describe('fuzzing', () => {
  it('survives seeded random methods, paths, headers and bodies, and then still serves correctly', async () => {
    const id = await createSession(emulator);
    const random = createPrng(20240611);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'PROPFIND'];
    const paths = [
      '/', '/api/v1/session/', `/api/v1/session/${id}/`, `/api/v1/session/${id}/llm/v2/`, `/api/v1/session/${id}/tts/`,
      `/api/v1/session/${id}/stt/`, `/api/v1/session/${id}/exchange/`, `/api/v1/session/${id}/event/create/`, `/api/v1/session/${id}/ice-servers/`,
      '/api/v1/session/%ZZ/', '/api/v1/session/%2F%2F/', '/api/v1/session_template/%00/', '/api/v1/settings/modelstyle/?platform_type=%FF',
      '/_emulator/faults/requests', '/_emulator/llm/rules', '/_emulator/sessions/x/expire', '/api/session', '/api/settings', '/%c0%ae%c0%ae/',
    ];
    const contentTypes = ['application/json', 'text/plain', 'multipart/form-data; boundary=abc', 'multipart/form-data', 'application/x-www-form-urlencoded', ''];
    const bodies: Array<() => string | Buffer> = [
      () => '',
      () => '{}',
      () => '[]',
      () => 'null',
      () => '{"messages": [{"role": "user", "content": "hi"}]}',
      () => `{"messages": ${JSON.stringify([{ role: pick(['user', 'tool', 'assistant', 7]), content: pick(['x', null, 3, { a: 1 }]) }])}, "tools": ${pick(['[]', '{}', '[1]', '[{"type":"function","function":{"name":"a"}}]'])}}`,
      () => `{"text": ${JSON.stringify(pick(['', 'hello', 'x'.repeat(50), 5, null]))}, "output_format": ${JSON.stringify(pick(['wav', 'mp3', 1]))}}`,
      () => `{"event": ${JSON.stringify(pick(['SESSION_LOG', 'SESSION_DURING', 'NOPE', 1]))}, "detail": ${JSON.stringify(pick(['d', { a: [1] }, null]))}}`,
      () => `{"client_sdp": ${JSON.stringify(pick([{ type: 'offer', sdp: 'v=0' }, { type: 'offer' }, 'sdp', null]))}}`,
      () => `{"capability": ${JSON.stringify(pick([['LLM'], 'LLM', [1], null]))}, "model_style": ${JSON.stringify(pick(['aria', 'nova', 3, '']))}, "prompt": "prompt-assistant", "llm_type": "perso-llm-standard"}`,
      () => '--abc\r\nContent-Disposition: form-data; name="audio"; filename="a.wav"\r\n\r\nRIFF....WAVE\r\n--abc--\r\n',
      () => '--abc\r\nbroken\r\n',
      () => Buffer.from(Array.from({ length: Math.floor(random() * 2000) }, () => Math.floor(random() * 256))),
      () => '{"a":'.repeat(200),
      () => 'x'.repeat(70_000),
    ];
    const statuses = new Map<number, number>();
    for (let batch = 0; batch < 40; batch++) {
      const results = await Promise.all(
        Array.from({ length: 8 }, async () => {
          const headers: Record<string, string> = {};
          const contentType = pick(contentTypes);
          if (contentType) headers['Content-Type'] = contentType;
          if (random() < 0.6) headers['PersoLive-APIKey'] = random() < 0.8 ? emulator.apiKey : pick(['', 'x', 'ü'.normalize('NFD').replace(/[^\x20-\x7e]/g, '?')]);
          if (random() < 0.2) headers.Host = pick(['evil.example', 'a b', '[::1]:1', '']);
          const method = pick(methods);
          const body = method === 'GET' || method === 'HEAD' ? undefined : pick(bodies)();
          return send(method, pick(paths), headers, body);
        }),
      );
      for (const result of results) {
        statuses.set(result.status, (statuses.get(result.status) ?? 0) + 1);
        expect(result.status).not.toBe(500);
        if (result.status >= 400 && result.body !== '' && String(result.headers['content-type']).startsWith('application/json')) {
          expect(JSON.parse(result.body)).toHaveProperty('errors');
        }
      }
    }
    expect(statuses.size).toBeGreaterThan(4);
    expect((await call(emulator, 'GET', '/api/v1/prompt/')).status).toBe(200);
    const fresh = await createSession(emulator);
    expect((await call(emulator, 'GET', `/api/v1/session/${fresh}/`)).status).toBe(200);
  });
});
