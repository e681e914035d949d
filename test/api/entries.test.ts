import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as server from '../../src/server/index.js';
import { startFixtureServer, type FixtureServer } from './fixture-server.js';
import { API_KEY } from './samples.js';
import { SEED_CLIENT_REST_EXPORTS, SEED_SERVER_EXPORTS } from '../support/published-exports.js';

const EXTRAS = ['AbortError', 'InvalidArgumentError', 'NetworkError'];

describe('entry points', () => {
  it('the server entry exports exactly the seed table plus the documented extras', () => {
    expect(Object.keys(server).sort()).toEqual([...SEED_SERVER_EXPORTS, ...EXTRAS].sort());
  });

  it('the client REST exports exactly the seed table REST rows plus the documented extras', async () => {
    const client = await import('../../src/client/rest-exports.js');
    expect(Object.keys(client).sort()).toEqual([...SEED_CLIENT_REST_EXPORTS, ...EXTRAS].sort());
  });

  it('PersoUtilServer has one static per endpoint', () => {
    const statics = Object.getOwnPropertyNames(server.PersoUtilServer).filter(
      (name) => typeof (server.PersoUtilServer as unknown as Record<string, unknown>)[name] === 'function',
    );
    expect(statics.sort()).toEqual([
      'createSession', 'createSessionEvent', 'exchangeSdp', 'getBackgroundImages', 'getDocuments', 'getIceServers', 'getLLMs',
      'getMcpServers', 'getModelStyles', 'getPrompts', 'getSTTs', 'getSessionInfo', 'getSessionTemplate', 'getSessionTemplates',
      'getTTSs', 'getTextNormalization', 'getTextNormalizations', 'makeSTT', 'makeTTS', 'openLLMStream',
    ].sort());
  });
});

describe('client createSessionId in a browser', () => {
  let fixture: FixtureServer;
  beforeEach(async () => {
    fixture = await startFixtureServer();
    fixture.route('POST', '/api/v1/session/', { status: 201, body: { session_id: 'browser-1' } });
    vi.resetModules();
  });
  afterEach(async () => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
    await fixture.close();
  });

  const params = { using_stf_webrtc: true, model_style: 'm', prompt: 'p' };

  it('warns once per page about the exposed API key, then creates the session', async () => {
    vi.stubGlobal('window', {});
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { createSessionId } = await import('../../src/client/rest-exports.js');
    await expect(createSessionId({ apiKey: API_KEY, params, apiServer: fixture.url })).resolves.toBe('browser-1');
    await expect(createSessionId(fixture.url, API_KEY, params)).resolves.toBe('browser-1');
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/API key/);
    expect(fixture.requests).toHaveLength(2);
  });

  it('does not warn outside a browser', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { createSessionId } = await import('../../src/client/rest-exports.js');
    await expect(createSessionId({ apiKey: API_KEY, params, apiServer: fixture.url })).resolves.toBe('browser-1');
    expect(warn).not.toHaveBeenCalled();
  });
});
