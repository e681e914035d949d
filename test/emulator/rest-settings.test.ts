import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../emulator/index.js';
import { call, start } from './emulator-helpers.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await start();
});
afterAll(() => emulator.close());

const LISTS = [
  '/api/v1/settings/llm_type/',
  '/api/v1/settings/tts_type/',
  '/api/v1/settings/stt_type/',
  '/api/v1/settings/modelstyle/?platform_type=webrtc',
  '/api/v1/background_image/',
  '/api/v1/prompt/',
  '/api/v1/document/',
  '/api/v1/settings/mcp_type/',
  '/api/v1/settings/text_normalization_config/',
  '/api/v1/session_template/',
  '/api/v1/session_template/tmpl-aria-webrtc/',
  '/api/v1/settings/text_normalization_config/tn-en-basic/download/',
];

describe('organisation-scoped endpoints', () => {
  it.each(LISTS)('%s needs the API key: 401 authentication_failed without it or with a wrong one', async (path) => {
    for (const key of [null, 'wrong-key', '']) {
      const answer = await call(emulator, 'GET', path, { key });
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({ errors: [{ code: 'authentication_failed', detail: expect.any(String), attr: null }] });
    }
  });

  it('lists at least two LLMs', async () => {
    const { status, body } = await call<Array<Record<string, unknown>>>(emulator, 'GET', '/api/v1/settings/llm_type/');
    expect(status).toBe(200);
    expect(body.length).toBeGreaterThanOrEqual(2);
    for (const llm of body) expect(llm).toEqual({ name: expect.any(String), service: expect.any(String) });
  });

  it('lists at least two TTS voices with their service, and no emulator internals', async () => {
    const { body } = await call<Array<Record<string, unknown>>>(emulator, 'GET', '/api/v1/settings/tts_type/');
    expect(body.length).toBeGreaterThanOrEqual(2);
    for (const tts of body) {
      expect(tts).toMatchObject({ name: expect.any(String), service: 'flite', voice: expect.any(String), streamable: false });
      expect(tts).not.toHaveProperty('fliteVoice');
    }
    expect(new Set(body.map((tts) => tts.voice)).size).toBe(body.length);
  });

  it('lists an STT type', async () => {
    const { body } = await call<Array<Record<string, unknown>>>(emulator, 'GET', '/api/v1/settings/stt_type/');
    expect(body[0]).toMatchObject({ name: 'pocketsphinx-en-us', service: 'pocketsphinx', options: expect.any(Object) });
  });

  it('lists webrtc model styles with distinct looks, and filters by platform_type', async () => {
    const { body } = await call<Array<Record<string, any>>>(emulator, 'GET', '/api/v1/settings/modelstyle/?platform_type=webrtc');
    expect(body.map((style) => style.name)).toEqual(['aria', 'leo']);
    for (const style of body) {
      expect(style).toMatchObject({ model: expect.any(String), style: expect.any(String), platform_type: 'webrtc', model_files: expect.any(Array) });
      for (const config of style.configs) expect(config).toEqual({ modelstyleconfig_id: expect.any(String), key: expect.any(String), value: expect.any(String) });
    }
    const outfit = (style: Record<string, any>) => style.configs.find((config: { key: string }) => config.key === 'outfit').value;
    expect(outfit(body[0]!)).not.toBe(outfit(body[1]!));
    const all = await call<Array<{ platform_type: string }>>(emulator, 'GET', '/api/v1/settings/modelstyle/');
    expect(all.body.some((style) => style.platform_type !== 'webrtc')).toBe(true);
  });

  it('lists prompts with intro messages, and one that requires a document', async () => {
    const { body } = await call<Array<Record<string, unknown>>>(emulator, 'GET', '/api/v1/prompt/');
    for (const prompt of body) expect(prompt).toMatchObject({ prompt_id: expect.any(String), name: expect.any(String), system_prompt: expect.any(String), intro_message: expect.any(String) });
    expect(body.some((prompt) => prompt.require_document === true)).toBe(true);
  });

  it('lists documents whose file the emulator serves', async () => {
    const { body } = await call<Array<Record<string, any>>>(emulator, 'GET', '/api/v1/document/');
    expect(body[0]).toMatchObject({ document_id: 'doc-handbook', title: expect.any(String), processed: true, processed_v2: true, created_at: expect.any(String), updated_at: expect.any(String) });
    const file = await fetch(body[0]!.file);
    expect(file.status).toBe(200);
    expect(await file.text()).toContain('emulator');
  });

  it('lists background images served as real PNGs', async () => {
    const { body } = await call<Array<Record<string, any>>>(emulator, 'GET', '/api/v1/background_image/');
    expect(body.length).toBeGreaterThanOrEqual(2);
    for (const image of body) {
      expect(image).toEqual({ backgroundimage_id: expect.any(String), title: expect.any(String), image: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\//), created_at: expect.any(String) });
      const response = await fetch(image.image);
      expect(response.headers.get('content-type')).toBe('image/png');
      const bytes = new Uint8Array(await response.arrayBuffer());
      expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    }
  });

  it('lists an MCP server', async () => {
    const { body } = await call<Array<Record<string, unknown>>>(emulator, 'GET', '/api/v1/settings/mcp_type/');
    expect(body[0]).toMatchObject({ mcpserver_id: 'mcp-clock', name: expect.any(String), url: expect.any(String), transport_protocol: expect.any(String), server_timeout_sec: 30 });
  });

  it('gives a short-lived signed CSV URL for a text-normalisation config', async () => {
    const list = await call<Array<Record<string, unknown>>>(emulator, 'GET', '/api/v1/settings/text_normalization_config/');
    expect(list.body[0]).toEqual({ textnormalizationconfig_id: 'tn-en-basic', name: expect.any(String), created_at: expect.any(String) });
    const { body } = await call<{ config_id: string; config_name: string; file_url: string }>(emulator, 'GET', '/api/v1/settings/text_normalization_config/tn-en-basic/download/');
    expect(body).toMatchObject({ config_id: 'tn-en-basic', config_name: 'English basics' });
    const csv = await fetch(body.file_url);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(await csv.text()).toMatch(/^pattern,replacement\n/);
    const tampered = await fetch(body.file_url.replace(/signature=[0-9a-f]{4}/, 'signature=0000'));
    expect(tampered.status).toBe(403);
    const expired = await fetch(body.file_url.replace(/expires=\d+/, 'expires=1000'));
    expect(expired.status).toBe(403);
    const missing = await call(emulator, 'GET', '/api/v1/settings/text_normalization_config/nope/download/');
    expect(missing.status).toBe(404);
  });

  it('lists session templates (webrtc and on-premise) and gets one by id', async () => {
    const { body } = await call<Array<Record<string, any>>>(emulator, 'GET', '/api/v1/session_template/');
    expect(body.map((template) => template.model_style.platform_type)).toContain('webrtc');
    expect(body.some((template) => template.model_style.platform_type !== 'webrtc')).toBe(true);
    const one = await call<Record<string, any>>(emulator, 'GET', '/api/v1/session_template/tmpl-aria-webrtc/');
    expect(one.body).toMatchObject({
      sessiontemplate_id: 'tmpl-aria-webrtc',
      prompt: { prompt_id: 'prompt-assistant' },
      capability: expect.arrayContaining([{ name: 'STF_WEBRTC', description: expect.any(String) }]),
      llm_type: { name: 'perso-llm-standard' },
      model_style: { name: 'aria', platform_type: 'webrtc' },
      background_image: { backgroundimage_id: 'bg-office' },
      mcp_servers: [{ mcpserver_id: 'mcp-clock' }],
      text_normalization_config: { textnormalizationconfig_id: 'tn-en-basic' },
    });
    expect(one.body).toHaveProperty('document', null);
    const missing = await call<{ errors: Array<{ code: string }> }>(emulator, 'GET', '/api/v1/session_template/nope/');
    expect(missing.status).toBe(404);
    expect(missing.body.errors[0]!.code).toBe('not_found');
  });

  it('serves the demo settings route with the getAllSettings shape and no key', async () => {
    const { status, body } = await call<Record<string, unknown[]>>(emulator, 'GET', '/api/settings', { key: null });
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(['backgroundImages', 'documents', 'llms', 'mcpServers', 'modelStyles', 'prompts', 'sttTypes', 'textNormalizations', 'ttsTypes']);
    for (const list of Object.values(body)) expect(list.length).toBeGreaterThan(0);
  });
});
