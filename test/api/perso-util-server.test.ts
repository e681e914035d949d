import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PersoUtilServer } from '../../src/api/perso-util-server.js';
import { ApiError, InvalidArgumentError } from '../../src/errors.js';
import { jsonBody, parseMultipart, startFixtureServer, type FixtureServer } from './fixture-server.js';
import * as sample from './samples.js';

let server: FixtureServer;
beforeEach(async () => {
  server = await startFixtureServer();
});
afterEach(async () => {
  await server.close();
});

const KEY_HEADER = 'persolive-apikey';

describe('organisation-scoped lists', () => {
  const lists = [
    ['getLLMs', '/api/v1/settings/llm_type/', [sample.llm]],
    ['getTTSs', '/api/v1/settings/tts_type/', [sample.tts]],
    ['getSTTs', '/api/v1/settings/stt_type/', [sample.stt]],
    ['getModelStyles', '/api/v1/settings/modelstyle/', [sample.modelStyle]],
    ['getBackgroundImages', '/api/v1/background_image/', [sample.backgroundImage]],
    ['getPrompts', '/api/v1/prompt/', [sample.prompt]],
    ['getDocuments', '/api/v1/document/', [sample.document]],
    ['getMcpServers', '/api/v1/settings/mcp_type/', [sample.mcpServer]],
    ['getTextNormalizations', '/api/v1/settings/text_normalization_config/', [sample.textNormalization]],
    ['getSessionTemplates', '/api/v1/session_template/', [sample.template]],
  ] as const;

  it.each(lists)('%s GETs %s with the API key', async (method, path, answer) => {
    server.route('GET', path, { body: answer });
    const result = await PersoUtilServer[method](server.url, sample.API_KEY);
    expect(result).toEqual(answer);
    const request = server.only('GET', path);
    expect(request.headers[KEY_HEADER]).toBe(sample.API_KEY);
    expect(request.headers['content-type']).toBeUndefined();
    expect(request.body.length).toBe(0);
    const expectedQuery = method === 'getModelStyles' ? 'platform_type=webrtc' : '';
    expect(request.query.toString()).toBe(expectedQuery);
  });

  it('getTextNormalization GETs the download URL of one config', async () => {
    const download = { config_id: 'tn-1', config_name: 'Numbers', file_url: 'https://files.example.test/tn-1.csv?sig=x' };
    server.route('GET', '/api/v1/settings/text_normalization_config/tn-1/download/', { body: download });
    await expect(PersoUtilServer.getTextNormalization(server.url, sample.API_KEY, 'tn-1')).resolves.toEqual(download);
    expect(server.requests[0]!.headers[KEY_HEADER]).toBe(sample.API_KEY);
  });

  it('getSessionTemplate GETs one template', async () => {
    server.route('GET', '/api/v1/session_template/tmpl-1/', { body: sample.template });
    await expect(PersoUtilServer.getSessionTemplate(server.url, sample.API_KEY, 'tmpl-1')).resolves.toEqual(sample.template);
    expect(server.requests[0]!.headers[KEY_HEADER]).toBe(sample.API_KEY);
  });

  it('ids are escaped into one path segment', async () => {
    server.route('GET', '/api/v1/session_template/a%2F..%2Fb/', { body: sample.template });
    await PersoUtilServer.getSessionTemplate(server.url, sample.API_KEY, 'a/../b');
    expect(server.requests[0]!.path).toBe('/api/v1/session_template/a%2F..%2Fb/');
  });

  it('createSession POSTs JSON with the derived capability and answers the created session', async () => {
    server.route('POST', '/api/v1/session/', { status: 201, body: { ...sample.sessionInfo, session_id: 'new-1' } });
    const created = await PersoUtilServer.createSession(server.url, sample.API_KEY, {
      using_stf_webrtc: true,
      model_style: 'alice-casual',
      prompt: 'prompt-1',
      llm_type: 'gpt-test',
      stt_type: 'sphinx',
    });
    expect(created.session_id).toBe('new-1');
    const request = server.only('POST', '/api/v1/session/');
    expect(request.headers[KEY_HEADER]).toBe(sample.API_KEY);
    expect(request.headers['content-type']).toBe('application/json');
    expect(jsonBody(request)).toEqual({
      capability: ['STF_WEBRTC', 'LLM', 'STT'],
      using_stf_webrtc: true,
      model_style: 'alice-casual',
      prompt: 'prompt-1',
      llm_type: 'gpt-test',
      stt_type: 'sphinx',
    });
  });

  it('rejects a missing API key before any request', async () => {
    await expect(PersoUtilServer.getLLMs(server.url, '')).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(PersoUtilServer.getLLMs(server.url, 'bad\nkey')).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(server.requests).toHaveLength(0);
  });
});

describe('session-scoped calls never send the API key', () => {
  it('getSessionInfo GETs the session', async () => {
    server.route('GET', '/api/v1/session/sess-1/', { body: sample.sessionInfo });
    await expect(PersoUtilServer.getSessionInfo(server.url, 'sess-1')).resolves.toEqual(sample.sessionInfo);
    expect(server.only('GET', '/api/v1/session/sess-1/').headers[KEY_HEADER]).toBeUndefined();
  });

  it('getIceServers unwraps ice_servers', async () => {
    const iceServers = [{ urls: ['stun:127.0.0.1:3478'] }, { urls: 'turn:127.0.0.1', username: 'u', credential: 'c' }];
    server.route('GET', '/api/v1/session/sess-1/ice-servers/', { body: { ice_servers: iceServers } });
    await expect(PersoUtilServer.getIceServers(server.url, 'sess-1')).resolves.toEqual(iceServers);
    expect(server.requests[0]!.headers[KEY_HEADER]).toBeUndefined();
  });

  it('exchangeSdp posts client_sdp and unwraps server_sdp', async () => {
    server.route('POST', '/api/v1/session/sess-1/exchange/', { body: { server_sdp: { type: 'answer', sdp: 'v=0 answer' } } });
    const answer = await PersoUtilServer.exchangeSdp(server.url, 'sess-1', { type: 'offer', sdp: 'v=0 offer' });
    expect(answer).toEqual({ type: 'answer', sdp: 'v=0 answer' });
    const request = server.only('POST', '/api/v1/session/sess-1/exchange/');
    expect(request.headers[KEY_HEADER]).toBeUndefined();
    expect(request.headers['content-type']).toBe('application/json');
    expect(jsonBody(request)).toEqual({ client_sdp: { type: 'offer', sdp: 'v=0 offer' } });
  });

  it('createSessionEvent posts {event, detail}, detail defaulting to ""', async () => {
    server.route('POST', '/api/v1/session/sess-1/event/create/', { body: { ok: true } });
    await expect(PersoUtilServer.createSessionEvent(server.url, 'sess-1', 'SESSION_LOG', '{"a":1}')).resolves.toEqual({ ok: true });
    await PersoUtilServer.createSessionEvent(server.url, 'sess-1', 'SESSION_START');
    const [withDetail, withoutDetail] = server.requests;
    expect(jsonBody(withDetail!)).toEqual({ event: 'SESSION_LOG', detail: '{"a":1}' });
    expect(jsonBody(withoutDetail!)).toEqual({ event: 'SESSION_START', detail: '' });
    expect(withDetail!.headers[KEY_HEADER]).toBeUndefined();
  });

  it('createSessionEvent accepts an empty 2xx body', async () => {
    server.route('POST', '/api/v1/session/sess-1/event/create/', { status: 204 });
    await expect(PersoUtilServer.createSessionEvent(server.url, 'sess-1', 'SESSION_DURING')).resolves.toBeUndefined();
  });

  it('makeTTS posts only the given fields and answers {audio}', async () => {
    server.route('POST', '/api/v1/session/sess-1/tts/', { body: { audio: 'UklGRg==', extra: 1 } });
    await expect(PersoUtilServer.makeTTS(server.url, 'sess-1', { text: 'Hi' })).resolves.toEqual({ audio: 'UklGRg==' });
    await PersoUtilServer.makeTTS(server.url, 'sess-1', { text: 'Hi', locale: 'en-US', output_format: 'mp3' });
    expect(jsonBody(server.requests[0]!)).toEqual({ text: 'Hi' });
    expect(jsonBody(server.requests[1]!)).toEqual({ text: 'Hi', locale: 'en-US', output_format: 'mp3' });
    expect(server.requests[0]!.headers[KEY_HEADER]).toBeUndefined();
  });

  it('makeSTT uploads multipart audio.wav and language, and exposes text only', async () => {
    server.route('POST', '/api/v1/session/sess-1/stt/', { body: { text: 'hello world', locale: 'en', normalized_text: 'Hello world.' } });
    const wav = new Blob([new Uint8Array([0x52, 0x49, 0x46, 0x46, 1, 2, 3])], { type: 'audio/wav' });
    await expect(PersoUtilServer.makeSTT(server.url, 'sess-1', wav, 'en')).resolves.toEqual({ text: 'hello world' });
    await PersoUtilServer.makeSTT(server.url, 'sess-1', wav);

    const [withLanguage, withoutLanguage] = server.requests;
    expect(withLanguage!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(withLanguage!.headers[KEY_HEADER]).toBeUndefined();
    const form = await parseMultipart(withLanguage!);
    const audio = form.get('audio');
    expect(audio).toBeInstanceOf(File);
    expect((audio as File).name).toBe('audio.wav');
    expect(new Uint8Array(await (audio as File).arrayBuffer())).toEqual(new Uint8Array([0x52, 0x49, 0x46, 0x46, 1, 2, 3]));
    expect(form.get('language')).toBe('en');
    expect((await parseMultipart(withoutLanguage!)).has('language')).toBe(false);
  });

  it('openLLMStream posts {messages, tools} and answers the body stream', async () => {
    const sse = 'data: {"status":"success","type":"message","content":"Hi"}\n\ndata: {"status":"success","type":"message","content":"!"}';
    server.route('POST', '/api/v1/session/sess-1/llm/v2/', { headers: { 'content-type': 'text/event-stream' }, body: sse });
    const body = { messages: [{ role: 'user', content: 'Hello' }], tools: [] };
    const stream = await PersoUtilServer.openLLMStream(server.url, 'sess-1', body);
    expect(await new Response(stream).text()).toBe(sse);
    const request = server.only('POST', '/api/v1/session/sess-1/llm/v2/');
    expect(jsonBody(request)).toEqual(body);
    expect(request.headers[KEY_HEADER]).toBeUndefined();
    expect(request.headers.accept).toBe('text/event-stream');
  });

  it('openLLMStream rejects a non-2xx answer as ApiError', async () => {
    server.route('POST', '/api/v1/session/sess-1/llm/v2/', {
      status: 400,
      body: { errors: [{ code: 'invalid', detail: 'messages must not be empty', attr: 'messages' }] },
    });
    const error = await PersoUtilServer.openLLMStream(server.url, 'sess-1', { messages: [], tools: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ errorCode: 400, code: 'invalid', detail: 'messages must not be empty', attr: 'messages' });
  });

  it('rejects an empty session id before any request', async () => {
    await expect(PersoUtilServer.getSessionInfo(server.url, ' ')).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(server.requests).toHaveLength(0);
  });
});

describe('apiServer', () => {
  it('is trimmed of whitespace and trailing slashes', async () => {
    server.route('GET', '/api/v1/settings/llm_type/', { body: [] });
    server.route('GET', '/api/v1/session/sess-1/', { body: sample.sessionInfo });
    await PersoUtilServer.getLLMs(`  ${server.url}///  `, sample.API_KEY);
    await PersoUtilServer.getSessionInfo(`${server.url}/`, 'sess-1');
    expect(server.requests.map((request) => request.path)).toEqual(['/api/v1/settings/llm_type/', '/api/v1/session/sess-1/']);
  });

  it('must be an http(s) URL', async () => {
    await expect(PersoUtilServer.getLLMs('ftp://example.test', sample.API_KEY)).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(PersoUtilServer.getLLMs('not a url', sample.API_KEY)).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});
