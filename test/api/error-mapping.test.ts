import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PersoUtilServer } from '../../src/api/perso-util-server.js';
import { INVALID_RESPONSE_CODE } from '../../src/api/http.js';
import { AbortError, ApiError, NetworkError, UNKNOWN_ERROR_CODE } from '../../src/errors.js';
import { deadPort, startFixtureServer, type FixtureServer } from './fixture-server.js';
import { API_KEY } from './samples.js';

const LLMS = '/api/v1/settings/llm_type/';

let server: FixtureServer;
beforeEach(async () => {
  server = await startFixtureServer();
});
afterEach(async () => {
  await server.close();
});

async function failure(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
}

const getLLMs = () => PersoUtilServer.getLLMs(server.url, API_KEY);

describe('an error answer with an errors body', () => {
  it.each([
    [400, 'invalid', 'This field is required.', 'model_style'],
    [401, 'authentication_failed', 'Invalid API key.', null],
    [404, 'not_found', 'Not found.', null],
    [500, 'server_error', 'A server error occurred.', null],
  ])('%i → ApiError(%s)', async (status, code, detail, attr) => {
    server.route('GET', LLMS, { status, body: { errors: [{ code, detail, attr }, { code: 'second', detail: 'More', attr: null }] } });
    const error = await failure(getLLMs());
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ name: 'ApiError', errorCode: status, code, detail, attr });
    expect((error as ApiError).errors).toHaveLength(2);
  });
});

describe('an error answer without a usable errors body → UNKNOWN_ERROR with the status', () => {
  it('an HTML 502 page from a proxy', async () => {
    const html = '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1>' + 'x'.repeat(500) + '</body></html>';
    server.route('GET', LLMS, { status: 502, statusText: 'Bad Gateway', headers: { 'content-type': 'text/html' }, body: html });
    const error = (await failure(getLLMs())) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ errorCode: 502, code: UNKNOWN_ERROR_CODE, attr: null });
    expect(error.detail).toContain('HTTP 502 Bad Gateway');
    expect(error.detail).toContain('<!DOCTYPE html> <html><head><title>502 Bad Gateway');
    expect(error.detail.length).toBeLessThan(400);
  });

  it('an empty 503', async () => {
    server.route('GET', LLMS, { status: 503, statusText: 'Service Unavailable' });
    const error = (await failure(getLLMs())) as ApiError;
    expect(error).toMatchObject({ errorCode: 503, code: UNKNOWN_ERROR_CODE });
    expect(error.detail).toContain('HTTP 503 Service Unavailable');
    expect(error.detail).toContain('an empty body');
  });

  it('JSON without errors', async () => {
    server.route('GET', LLMS, { status: 403, body: { detail: 'You do not have permission.' } });
    const error = (await failure(getLLMs())) as ApiError;
    expect(error).toMatchObject({ errorCode: 403, code: UNKNOWN_ERROR_CODE });
    expect(error.detail).toContain('You do not have permission.');
  });

  it('an empty errors list', async () => {
    server.route('GET', LLMS, { status: 400, body: { errors: [] } });
    expect(await failure(getLLMs())).toMatchObject({ errorCode: 400, code: UNKNOWN_ERROR_CODE });
  });
});

describe('a 2xx answer that is not what the endpoint promises → ApiError(INVALID_RESPONSE)', () => {
  it('bad JSON', async () => {
    server.route('GET', LLMS, { status: 200, body: '[{"name": "gpt"' });
    const error = (await failure(getLLMs())) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ errorCode: 200, code: INVALID_RESPONSE_CODE });
    expect(error.detail).toContain('a JSON array');
    expect(error.detail).toContain('[{\\"name\\": \\"gpt\\"');
  });

  it('an empty body where a list is expected', async () => {
    server.route('GET', LLMS, { status: 200 });
    expect(await failure(getLLMs())).toMatchObject({ errorCode: 200, code: INVALID_RESPONSE_CODE });
  });

  it('JSON of the wrong shape', async () => {
    server.route('GET', '/api/v1/session/s/ice-servers/', { body: { iceServers: [] } });
    const error = (await failure(PersoUtilServer.getIceServers(server.url, 's'))) as ApiError;
    expect(error).toMatchObject({ code: INVALID_RESPONSE_CODE });
    expect(error.detail).toContain('"ice_servers"');
  });
});

describe('no HTTP answer', () => {
  it('a refused connection → NetworkError naming the URL', async () => {
    const url = `http://127.0.0.1:${await deadPort()}`;
    const error = (await failure(PersoUtilServer.getLLMs(url, API_KEY))) as NetworkError;
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.url).toBe(`${url}${LLMS}`);
    expect(error.message).toContain(`${url}${LLMS}`);
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('an unknown host → NetworkError', async () => {
    const error = await failure(PersoUtilServer.getLLMs('http://perso-test.invalid', API_KEY));
    expect(error).toBeInstanceOf(NetworkError);
  });

  it('abort mid-request (the server never answers) → AbortError', async () => {
    server.route('GET', LLMS, 'hang');
    const controller = new AbortController();
    const pending = failure(PersoUtilServer.getLLMs(server.url, API_KEY, controller.signal));
    await until(() => server.requests.length === 1);
    controller.abort();
    const error = (await pending) as AbortError;
    expect(error).toBeInstanceOf(AbortError);
    expect(error.name).toBe('AbortError');
    expect(error.message).toContain(LLMS);
  });

  it('abort with a reason → AbortError carrying the reason as cause', async () => {
    server.route('GET', LLMS, 'hang');
    const controller = new AbortController();
    const reason = new Error('user left the page');
    const pending = failure(PersoUtilServer.getLLMs(server.url, API_KEY, controller.signal));
    await until(() => server.requests.length === 1);
    controller.abort(reason);
    const error = (await pending) as AbortError;
    expect(error).toBeInstanceOf(AbortError);
    expect(error.cause).toBe(reason);
    expect(error.message).toContain('user left the page');
  });

  it('an already aborted signal → AbortError without a request', async () => {
    const error = await failure(PersoUtilServer.getLLMs(server.url, API_KEY, AbortSignal.abort()));
    expect(error).toBeInstanceOf(AbortError);
    expect(server.requests).toHaveLength(0);
  });

  it('abort while the body is streaming in → AbortError', async () => {
    const controller = new AbortController();
    const { createServer } = await import('node:http');
    const slow = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[');
      setTimeout(() => controller.abort(), 50);
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    const port = (slow.address() as { port: number }).port;
    try {
      const error = await failure(PersoUtilServer.getLLMs(`http://127.0.0.1:${port}`, API_KEY, controller.signal));
      expect(error).toBeInstanceOf(AbortError);
    } finally {
      slow.closeAllConnections();
      await new Promise<void>((resolve) => slow.close(() => resolve()));
    }
  });
});

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!condition()) throw new Error('condition not met');
}
