import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createSessionId,
  DEFAULT_API_SERVER,
  getAllSettings,
  getBackgroundImages,
  getDocuments,
  getIntroMessage,
  getLLMs,
  getMcpServers,
  getModelStyles,
  getPrompts,
  getSessionInfo,
  getSessionTemplate,
  getSessionTemplates,
  getSTTs,
  getTextNormalization,
  getTextNormalizations,
  getTTSs,
  makeTTS,
} from '../../src/server/index.js';
import {
  ApiError,
  DoesNotExistError,
  InvalidArgumentError,
  NetworkError,
  NotInOrganizationError,
  SessionCreationError,
} from '../../src/errors.js';
import { jsonBody, startFixtureServer, type FixtureServer } from './fixture-server.js';
import * as sample from './samples.js';

let server: FixtureServer;
beforeEach(async () => {
  server = await startFixtureServer();
});
afterEach(async () => {
  await server.close();
});

const KEY_HEADER = 'persolive-apikey';
const SESSIONS = '/api/v1/session/';

function routeAllLists(): void {
  server.route('GET', '/api/v1/settings/llm_type/', { body: [sample.llm] });
  server.route('GET', '/api/v1/settings/tts_type/', { body: [sample.tts] });
  server.route('GET', '/api/v1/settings/stt_type/', { body: [sample.stt] });
  server.route('GET', '/api/v1/settings/modelstyle/', { body: [sample.modelStyle] });
  server.route('GET', '/api/v1/background_image/', { body: [sample.backgroundImage] });
  server.route('GET', '/api/v1/prompt/', { body: [sample.prompt, sample.promptWithoutIntro] });
  server.route('GET', '/api/v1/document/', { body: [sample.document] });
  server.route('GET', '/api/v1/settings/mcp_type/', { body: [sample.mcpServer] });
  server.route('GET', '/api/v1/settings/text_normalization_config/', { body: [sample.textNormalization] });
  server.route('GET', '/api/v1/session_template/', { body: [sample.template] });
}

describe('both call styles', () => {
  const lists = [
    [getLLMs, '/api/v1/settings/llm_type/', [sample.llm]],
    [getTTSs, '/api/v1/settings/tts_type/', [sample.tts]],
    [getSTTs, '/api/v1/settings/stt_type/', [sample.stt]],
    [getModelStyles, '/api/v1/settings/modelstyle/', [sample.modelStyle]],
    [getBackgroundImages, '/api/v1/background_image/', [sample.backgroundImage]],
    [getPrompts, '/api/v1/prompt/', [sample.prompt, sample.promptWithoutIntro]],
    [getDocuments, '/api/v1/document/', [sample.document]],
    [getMcpServers, '/api/v1/settings/mcp_type/', [sample.mcpServer]],
    [getTextNormalizations, '/api/v1/settings/text_normalization_config/', [sample.textNormalization]],
    [getSessionTemplates, '/api/v1/session_template/', [sample.template]],
  ] as const;

  it.each(lists.map(([fn, path, answer]) => [fn.name, fn, path, answer] as const))('%s answers the same in object and positional form', async (_, fn, path, answer) => {
    routeAllLists();
    await expect(fn({ apiKey: sample.API_KEY, apiServer: `${server.url}/` })).resolves.toEqual(answer);
    await expect(fn(server.url, sample.API_KEY)).resolves.toEqual(answer);
    expect(server.requests.map((request) => [request.path, request.headers[KEY_HEADER]])).toEqual([
      [path, sample.API_KEY],
      [path, sample.API_KEY],
    ]);
  });

  it('getTextNormalization', async () => {
    const download = { config_id: 'tn-1', config_name: 'Numbers', file_url: 'https://files.example.test/tn-1.csv' };
    server.route('GET', '/api/v1/settings/text_normalization_config/tn-1/download/', { body: download });
    await expect(getTextNormalization({ apiKey: sample.API_KEY, configId: 'tn-1', apiServer: server.url })).resolves.toEqual(download);
    await expect(getTextNormalization(server.url, sample.API_KEY, 'tn-1')).resolves.toEqual(download);
  });

  it('getSessionTemplate', async () => {
    server.route('GET', '/api/v1/session_template/tmpl-1/', { body: sample.template });
    await expect(getSessionTemplate({ apiKey: sample.API_KEY, sessionTemplateId: 'tmpl-1', apiServer: server.url })).resolves.toEqual(sample.template);
    await expect(getSessionTemplate(server.url, sample.API_KEY, 'tmpl-1')).resolves.toEqual(sample.template);
  });

  it('getSessionInfo sends no key in either form', async () => {
    server.route('GET', '/api/v1/session/sess-1/', { body: sample.sessionInfo });
    await expect(getSessionInfo({ sessionId: 'sess-1', apiServer: server.url })).resolves.toEqual(sample.sessionInfo);
    await expect(getSessionInfo(server.url, 'sess-1')).resolves.toEqual(sample.sessionInfo);
    expect(server.requests.every((request) => request.headers[KEY_HEADER] === undefined)).toBe(true);
  });

  it('makeTTS: object form, positional with a request, positional with text', async () => {
    server.route('POST', '/api/v1/session/sess-1/tts/', { body: { audio: 'AAAA' } });
    await expect(makeTTS({ sessionId: 'sess-1', text: 'Hi', locale: 'ko-KR', output_format: 'wav', apiServer: server.url })).resolves.toEqual({ audio: 'AAAA' });
    await makeTTS(server.url, 'sess-1', { text: 'Hi', output_format: 'mp3' });
    await makeTTS(server.url, 'sess-1', 'Hi');
    expect(server.requests.map(jsonBody)).toEqual([
      { text: 'Hi', locale: 'ko-KR', output_format: 'wav' },
      { text: 'Hi', output_format: 'mp3' },
      { text: 'Hi' },
    ]);
    expect(server.requests.every((request) => request.headers[KEY_HEADER] === undefined)).toBe(true);
  });

  it('object form defaults apiServer to the production server', () => {
    expect(DEFAULT_API_SERVER).toBe('https://platform.perso.ai');
  });
});

describe('argument validation (before any request)', () => {
  it.each([
    ['missing apiKey', () => getLLMs({ apiServer: 'http://127.0.0.1:1' } as never), 'apiKey'],
    ['blank apiKey', () => getLLMs('http://127.0.0.1:1', '  '), 'apiKey'],
    ['no arguments', () => (getLLMs as unknown as () => Promise<unknown>)(), 'getLLMs'],
    ['empty apiServer', () => getLLMs({ apiKey: 'k', apiServer: '' }), 'apiServer'],
    ['bad signal', () => getLLMs({ apiKey: 'k', signal: 'nope' as never }), 'signal'],
    ['empty sessionId', () => getSessionInfo({ sessionId: '' }), 'sessionId'],
    ['missing configId', () => getTextNormalization({ apiKey: 'k' } as never), 'configId'],
    ['missing sessionTemplateId', () => getSessionTemplate('http://127.0.0.1:1', 'k', ''), 'sessionTemplateId'],
    ['missing promptId', () => getIntroMessage({ apiKey: 'k' } as never), 'promptId'],
    ['makeTTS without text', () => makeTTS({ sessionId: 's' } as never), 'text'],
    ['createSessionId without params or template', () => createSessionId({ apiKey: 'k' } as never), 'createSessionId'],
    ['createSessionId with both', () => createSessionId({ apiKey: 'k', params: {} as never, sessionTemplateId: 't' } as never), 'createSessionId'],
    ['createSessionId without model_style', () => createSessionId({ apiKey: 'k', params: { using_stf_webrtc: true, prompt: 'p' } as never }), 'params.model_style'],
    ['createSessionId without using_stf_webrtc', () => createSessionId({ apiKey: 'k', params: { model_style: 'm', prompt: 'p' } as never }), 'params.using_stf_webrtc'],
  ])('%s → InvalidArgumentError', async (_, call, argument) => {
    const error = await call().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe(argument);
  });
});

describe('getAllSettings', () => {
  it('fans out to the nine lists, in both call styles', async () => {
    routeAllLists();
    const expected = {
      llms: [sample.llm],
      ttsTypes: [sample.tts],
      sttTypes: [sample.stt],
      modelStyles: [sample.modelStyle],
      backgroundImages: [sample.backgroundImage],
      prompts: [sample.prompt, sample.promptWithoutIntro],
      documents: [sample.document],
      mcpServers: [sample.mcpServer],
      textNormalizations: [sample.textNormalization],
    };
    await expect(getAllSettings({ apiKey: sample.API_KEY, apiServer: server.url })).resolves.toEqual(expected);
    expect(server.requests).toHaveLength(9);
    expect(server.requests.every((request) => request.headers[KEY_HEADER] === sample.API_KEY)).toBe(true);
    await expect(getAllSettings(server.url, sample.API_KEY)).resolves.toEqual(expected);
  });

  it('asks for all lists before any answers (concurrently)', async () => {
    routeAllLists();
    let answered = 0;
    server.route('GET', '/api/v1/settings/llm_type/', () => {
      answered++;
      return { body: [sample.llm] };
    });
    // Hold the prompt list until every other request has arrived.
    server.route('GET', '/api/v1/prompt/', () => 'hang');
    const controller = new AbortController();
    const pending = getAllSettings({ apiKey: sample.API_KEY, apiServer: server.url, signal: controller.signal }).catch((e: unknown) => e);
    for (let i = 0; i < 500 && server.requests.length < 9; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(server.requests).toHaveLength(9);
    expect(answered).toBe(1);
    controller.abort();
    expect((await pending as Error).name).toBe('AbortError');
  });

  it('a failing text-normalisation list yields []', async () => {
    routeAllLists();
    server.route('GET', '/api/v1/settings/text_normalization_config/', { status: 502, body: '<html>Bad Gateway</html>' });
    const settings = await getAllSettings({ apiKey: sample.API_KEY, apiServer: server.url });
    expect(settings.textNormalizations).toEqual([]);
    expect(settings.llms).toEqual([sample.llm]);
  });

  it('any other failing list rejects', async () => {
    routeAllLists();
    server.route('GET', '/api/v1/settings/stt_type/', { status: 401, body: { errors: [{ code: 'authentication_failed', detail: 'Bad key', attr: null }] } });
    const error = await getAllSettings({ apiKey: sample.API_KEY, apiServer: server.url }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ errorCode: 401, code: 'authentication_failed' });
  });
});

describe('getIntroMessage', () => {
  it('answers the prompt intro message, in both call styles', async () => {
    routeAllLists();
    await expect(getIntroMessage({ apiKey: sample.API_KEY, promptId: 'prompt-1', apiServer: server.url })).resolves.toBe('Hello, how can I help?');
    await expect(getIntroMessage(server.url, sample.API_KEY, 'prompt-1')).resolves.toBe('Hello, how can I help?');
  });

  it('answers "" for a prompt without one', async () => {
    routeAllLists();
    await expect(getIntroMessage(server.url, sample.API_KEY, 'prompt-2')).resolves.toBe('');
  });

  it('rejects a prompt that is not in the list with DoesNotExistError', async () => {
    routeAllLists();
    const error = await getIntroMessage(server.url, sample.API_KEY, 'nope').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DoesNotExistError);
    expect(error).toMatchObject({ errorCode: 0, code: 'does_not_exist', attr: 'prompt' });
    expect((error as Error).message).toContain('"nope"');
  });
});

describe('createSessionId from params', () => {
  const base = { model_style: 'alice-casual', prompt: 'prompt-1' };

  it.each([
    [{ using_stf_webrtc: true }, ['STF_WEBRTC']],
    [{ using_stf_webrtc: false, llm_type: 'gpt-test' }, ['LLM']],
    [{ using_stf_webrtc: true, llm_type: 'gpt-test', tts_type: 'voice-a', stt_type: 'sphinx' }, ['STF_WEBRTC', 'LLM', 'TTS', 'STT']],
    [{ using_stf_webrtc: false, tts_type: 'voice-a' }, ['TTS']],
  ])('%o → capability %o', async (extra, capability) => {
    server.route('POST', SESSIONS, { status: 201, body: { session_id: 'new-1' } });
    await expect(createSessionId({ apiKey: sample.API_KEY, apiServer: server.url, params: { ...base, ...extra } })).resolves.toBe('new-1');
    const body = jsonBody(server.only('POST', SESSIONS)) as { capability: string[] };
    expect(body.capability).toEqual(capability);
  });

  it('positional form, with every optional field passed through and unset ones left out', async () => {
    server.route('POST', SESSIONS, { status: 200, body: { ...sample.sessionInfo, session_id: 'new-2' } });
    const params = {
      ...base,
      using_stf_webrtc: true,
      tts_type: 'voice-a',
      document: 'doc-1',
      background_image: 'bg-1',
      mcp_servers: ['mcp-1'],
      padding_left: 0.1,
      padding_top: 0,
      padding_height: 1.1,
      text_normalization_config: 'tn-1',
      text_normalization_locale: 'en',
      stt_text_normalization_config: 'tn-2',
      stt_text_normalization_locale: 'ko',
      llm_type: undefined,
    };
    await expect(createSessionId(server.url, sample.API_KEY, params)).resolves.toBe('new-2');
    const request = server.only('POST', SESSIONS);
    expect(request.headers[KEY_HEADER]).toBe(sample.API_KEY);
    const { llm_type: _unset, ...sent } = params;
    expect(jsonBody(request)).toEqual({ capability: ['STF_WEBRTC', 'TTS'], ...sent });
  });

  it.each([
    ['does_not_exist', DoesNotExistError],
    ['not_in_organization', NotInOrganizationError],
    ['invalid', SessionCreationError],
  ] as const)('API error %s → %o keeping status, code, detail, attr', async (code, Type) => {
    server.route('POST', SESSIONS, { status: 400, body: { errors: [{ code, detail: `Problem: ${code}`, attr: 'llm_type' }] } });
    const error = await createSessionId({ apiKey: sample.API_KEY, apiServer: server.url, params: { ...base, using_stf_webrtc: true } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Type);
    expect(error).toBeInstanceOf(SessionCreationError);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ name: Type.name, errorCode: 400, code, detail: `Problem: ${code}`, attr: 'llm_type' });
  });

  it('an HTML error page → SessionCreationError(UNKNOWN_ERROR)', async () => {
    server.route('POST', SESSIONS, { status: 502, body: '<html>Bad Gateway</html>' });
    const error = await createSessionId(server.url, sample.API_KEY, { ...base, using_stf_webrtc: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionCreationError);
    expect(error).toMatchObject({ errorCode: 502, code: 'UNKNOWN_ERROR' });
  });

  it('a network failure stays a NetworkError', async () => {
    await server.close();
    const error = await createSessionId(server.url, sample.API_KEY, { ...base, using_stf_webrtc: true }).catch((e: unknown) => e);
    server = await startFixtureServer();
    expect(error).toBeInstanceOf(NetworkError);
  });
});

describe('createSessionId from a session template', () => {
  it('GETs the template and maps it to params (types only for its capabilities)', async () => {
    server.route('GET', '/api/v1/session_template/tmpl-1/', { body: sample.template });
    server.route('POST', SESSIONS, { status: 201, body: { session_id: 'from-template' } });
    await expect(createSessionId({ apiKey: sample.API_KEY, sessionTemplateId: 'tmpl-1', apiServer: server.url })).resolves.toBe('from-template');
    expect(server.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['GET /api/v1/session_template/tmpl-1/', `POST ${SESSIONS}`]);
    expect(server.requests.every((request) => request.headers[KEY_HEADER] === sample.API_KEY)).toBe(true);
    expect(jsonBody(server.requests[1]!)).toEqual({
      capability: ['STF_WEBRTC', 'LLM', 'TTS'],
      using_stf_webrtc: true,
      model_style: 'alice-casual',
      prompt: 'prompt-1',
      llm_type: 'gpt-test',
      tts_type: 'voice-a',
      document: 'doc-1',
      background_image: 'bg-1',
      mcp_servers: ['mcp-1', 'mcp-2'],
      padding_left: 0.1,
      padding_top: 0,
      padding_height: 1.2,
      text_normalization_config: 'tn-1',
      text_normalization_locale: 'en',
      stt_text_normalization_config: 'tn-2',
      stt_text_normalization_locale: 'ko',
    });
  });

  it('positional form takes the template id as a string', async () => {
    const minimal = { ...sample.template, capability: [{ name: 'LLM' }], document: null, background_image: null, mcp_servers: [], padding_left: null, padding_top: null, padding_height: null, text_normalization_config: null, stt_text_normalization_config: null, text_normalization_locale: null, stt_text_normalization_locale: null };
    server.route('GET', '/api/v1/session_template/tmpl-2/', { body: minimal });
    server.route('POST', SESSIONS, { status: 201, body: { session_id: 's2' } });
    await expect(createSessionId(server.url, sample.API_KEY, 'tmpl-2')).resolves.toBe('s2');
    expect(jsonBody(server.only('POST', SESSIONS))).toEqual({
      capability: ['LLM'],
      using_stf_webrtc: false,
      model_style: 'alice-casual',
      prompt: 'prompt-1',
      llm_type: 'gpt-test',
    });
  });

  it.each([['unity'], [undefined]])('refuses a template whose platform_type is %s, without creating a session', async (platform) => {
    server.route('GET', '/api/v1/session_template/tmpl-1/', { body: { ...sample.template, model_style: { ...sample.modelStyle, platform_type: platform } } });
    const error = await createSessionId({ apiKey: sample.API_KEY, sessionTemplateId: 'tmpl-1', apiServer: server.url }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionCreationError);
    expect(error).toMatchObject({ errorCode: 0, code: 'unsupported_platform_type', attr: 'model_style' });
    expect((error as Error).message).toContain('webrtc');
    expect(server.requests.map((request) => request.method)).toEqual(['GET']);
  });

  it('a template that does not exist → SessionCreationError', async () => {
    const error = await createSessionId({ apiKey: sample.API_KEY, sessionTemplateId: 'missing', apiServer: server.url }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionCreationError);
    expect(error).toMatchObject({ errorCode: 404, code: 'not_found' });
  });
});
